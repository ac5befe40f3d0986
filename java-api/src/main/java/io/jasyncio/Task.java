package io.jasyncio;

/**
 * A coroutine scheduled on an {@link EventLoop} (asyncio {@code Task}). A task wraps either a
 * Java {@link AsyncCallable} or a Kotlin {@code suspend} block; either language can await either
 * kind, and both see this same type.
 *
 * <p>A task starts on a later loop iteration (its first step is scheduled with
 * {@code callSoon}), runs on the loop thread, and completes with the coroutine's result. Tasks
 * are not children of the code that created them (as in asyncio; {@code TaskGroup} gives
 * structure). The loop keeps a strong reference to every pending task, so a task does not vanish
 * while it waits; {@code Asyncio.run} cancels the ones left when the main task ends.
 *
 * <p>{@link #setResult} and {@link #setException} throw {@link UnsupportedOperationException}, as
 * do {@code complete} and {@code completeExceptionally}: only the coroutine decides the outcome.
 *
 * @param <T> the result type
 */
public interface Task<T> extends Future<T> {
  /**
   * @return the task's name; {@code Task-N} unless one was given
   */
  String getName();

  /**
   * @param name the new name
   * @throws NullPointerException if {@code name} is {@code null}
   */
  void setName(String name);

  /**
   * Requests cancellation: a {@link CancelledError} carrying {@code msg} is delivered where the
   * task is waiting, on the loop thread. Thread-safe.
   *
   * <ul>
   *   <li>A Kotlin task is cancelled as a kotlinx coroutine: {@code finally} blocks run, and the
   *       task ends cancelled. Unlike CPython, a body that catches the error cannot suspend again
   *       (a cancelled Job stays cancelled); use {@code withContext(NonCancellable)} to clean
   *       up.</li>
   *   <li>A Java task cancels the stage its {@link AsyncCallable} returned (and through it the
   *       jasyncio future or task it is, if any) and ends cancelled. A plain
   *       {@code thenCompose} chain sees the cancel only at its last stage: earlier stages keep
   *       running, as with any {@code CompletableFuture}.</li>
   *   <li>A task cancelled before its first step never runs its body.</li>
   * </ul>
   *
   * @param msg the message, or {@code null}
   * @return {@code false} if the task was already done
   */
  @Override
  boolean cancel(String msg);

  /**
   * @return the number of pending cancellation requests: {@code cancel} calls not yet matched by
   *     {@link #uncancel()}
   */
  int cancelling();

  /**
   * Decrements the count of cancellation requests. Used by structured constructs that cancel a
   * task for their own purposes and must tell their own cancel from an outside one.
   *
   * <p>Only the count changes: a Kotlin task already cancelled stays cancelled (see
   * {@link #cancel(String)}).
   *
   * @return the remaining count, never below zero
   */
  int uncancel();
}
