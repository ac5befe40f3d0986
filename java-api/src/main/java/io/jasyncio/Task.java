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
   *   <li>A Java task cancels the stage its {@link AsyncCallable} returned, and the cancel reaches
   *       the wait the chain is suspended in, wherever it is: every stage made from a jasyncio
   *       future ({@code thenApply}, {@code thenCompose}, {@code whenComplete}, {@code handle},
   *       {@code exceptionally}, ...) is itself a loop future that cancels what it waits for now
   *       (its source, or the stage a {@code thenCompose} function returned), as asyncio cancels a
   *       task's {@code _fut_waiter}. The pending wait (a queue get, a lock acquire, a sleep, a
   *       child task) is withdrawn, and the {@code CancelledError} flows back down the chain:
   *       {@code whenComplete}, {@code handle} and {@code exceptionally} stages run with it (as
   *       {@code finally} and {@code except} blocks do), {@link Asyncio#currentTask()} is this
   *       task inside them, and the task's outcome is the chain's — a stage that recovers makes
   *       the task return normally, as a coroutine catching {@code CancelledError} does. If
   *       nothing pending can be cancelled (the stage already completed, or a foreign stage
   *       ignores cancel), the task ends cancelled at its next step (asyncio's
   *       {@code _must_cancel}).</li>
   *   <li>Nothing is lost: a Java task cancelled after a queue, lock or semaphore granted its
   *       wait, but before the grant was delivered (the delivery is a later loop step), ends
   *       cancelled and the grant goes on to the next waiter, or stays in the queue. Once
   *       delivered, the task has the value (its chain ran in the delivery step).</li>
   *   <li>A stage of a foreign {@code CompletableFuture} in the chain is cancelled as the JDK
   *       cancels it: only itself.</li>
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
