package io.jasyncio;

/**
 * A Java task body in <em>direct style</em>: straight-line code that returns its result and may
 * throw, and that waits with {@link Asyncio#await(java.util.concurrent.CompletionStage)} — the
 * Java counterpart of an {@code async def} whose body reads top to bottom.
 *
 * <pre>{@code
 * Task<Integer> t = Asyncio.createTask(Asyncio.direct(() -> {
 *   try {
 *     String line = Asyncio.await(queue.getAsync());
 *     return line.length();
 *   } catch (CancelledError e) {
 *     return -1;            // asyncio's "except CancelledError: return -1"
 *   } finally {
 *     Asyncio.await(Asyncio.sleep(0.1)); // a finally block may await too
 *   }
 * }));
 * }</pre>
 *
 * <p>A body becomes a task only through {@link Asyncio#direct(DirectCallable)}, which turns it into
 * an {@link AsyncCallable} that every entry point accepts ({@code createTask}, {@code run},
 * {@code gather}, {@code waitFor}, {@code shield}, {@code timeout}, {@link TaskGroup#createTask}).
 * No method is overloaded on both interfaces: a lambda returning a stage would fit either, so
 * {@code direct(...)} is the one place where a lambda is read as a direct body.
 *
 * <p>The body runs on a thread of its own (a virtual thread on JDK 21+, a platform thread on JDK
 * 17), but only while its loop hands it control: the loop thread waits meanwhile, so at most one
 * callback or task body of a loop runs at any moment, and everything loop-confined works inside
 * the body ({@link Asyncio#getRunningLoop()}, {@link Asyncio#currentTask()}, the primitives' fast
 * paths). See {@link Asyncio#await(java.util.concurrent.CompletionStage)} for where it waits and
 * how cancellation reaches it.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface DirectCallable<T> {
  /**
   * Runs the body to its end, awaiting with {@link Asyncio#await} where it must wait.
   *
   * @return the task's result ({@code null} is a valid result)
   * @throws Exception any failure, which becomes the failure of the task (a
   *     {@link CancelledError} ends it cancelled)
   */
  T call() throws Exception;
}
