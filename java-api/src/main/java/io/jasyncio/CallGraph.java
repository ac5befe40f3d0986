package io.jasyncio;

import java.util.List;
import java.util.Objects;

/**
 * What a future or task is waiting for and who waits for it (CPython 3.14's
 * {@code asyncio.FutureCallGraph} from {@code capture_call_graph}). Made by
 * {@link Asyncio#captureCallGraph(Future)}; {@link Asyncio#formatCallGraph(Future)} prints one.
 *
 * <p>It is a snapshot taken on the loop thread. What jasyncio knows:
 * <ul>
 *   <li>{@code awaiting}: for a Java task, the stage its {@link AsyncCallable} returned (as a
 *       jasyncio future when it is one); for a Kotlin task, the jasyncio future or task it last
 *       awaited with {@code await()} and is still waiting for. {@code null} when the task is
 *       running, ready, or suspended on something else (a {@code delay}, a kotlinx primitive).</li>
 *   <li>{@code callStack}: for a Kotlin task suspended in {@code await()}, the frames of its
 *       coroutine (from kotlinx's {@code CoroutineStackFrame}s; innermost first). A Java task
 *       has no coroutine stack: the list is empty.</li>
 *   <li>{@code awaitedBy}: the call graphs of the tasks waiting for this future (Kotlin
 *       {@code await()} or a Java task whose stage it is), recursively.</li>
 * </ul>
 *
 * @param future the future or task described
 * @param awaiting what it waits for, or {@code null} (see above)
 * @param callStack its coroutine frames, innermost first; empty when unknown
 * @param awaitedBy the graphs of the tasks waiting for it
 */
public record CallGraph(
    Future<?> future, Future<?> awaiting, List<StackTraceElement> callStack,
    List<CallGraph> awaitedBy) {
  /**
   * @param future the future or task described
   * @param awaiting what it waits for, or {@code null}
   * @param callStack its coroutine frames
   * @param awaitedBy the graphs of the tasks waiting for it
   */
  public CallGraph {
    Objects.requireNonNull(future, "future");
    callStack = List.copyOf(Objects.requireNonNull(callStack, "callStack"));
    awaitedBy = List.copyOf(Objects.requireNonNull(awaitedBy, "awaitedBy"));
  }
}
