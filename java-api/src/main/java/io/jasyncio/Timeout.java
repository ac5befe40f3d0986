package io.jasyncio;

/**
 * A deadline for a block of asynchronous work (asyncio {@code asyncio.Timeout}, made by
 * {@code asyncio.timeout(delay)} / {@code asyncio.timeout_at(when)}).
 *
 * <p>Make one with {@link Asyncio#timeout(java.time.Duration)},
 * {@link Asyncio#timeout(double)} or {@link Asyncio#timeoutAt(Double)}, then {@link #enter} it
 * once with the body to guard; or use the one-step {@link Asyncio#timeout(java.time.Duration,
 * AsyncCallable)}. When the deadline passes while the body runs, the body is cancelled (a Java
 * body: the stage it returned is cancelled, and through it the jasyncio future or task it is; a
 * Kotlin body: its coroutine is cancelled and its {@code finally} blocks run), and once the body
 * has finished, the scope fails with {@link TimeoutError} whose cause is the
 * {@link CancelledError} that stopped the body.
 *
 * <h2>Why not try-with-resources</h2>
 * A Java step is not a coroutine: a {@code try (...) { }} block closes when the step returns,
 * long before the stage it returned completes. A {@code Timeout} that closed there would guard
 * nothing, and one that did not would be a lie about its scope. So the Java scope is a function
 * of the body: {@link #enter(AsyncCallable)} calls the body now (on the loop thread, in the
 * calling task) and returns a future that completes when the body's stage does. The Kotlin face
 * ({@code timeout(d) { }}) is a real block scope.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@code TimeoutError} is not a {@link java.util.concurrent.CancellationException}: a
 *       timeout is a failure the caller handles (Kotlin's {@code withTimeout} throws
 *       {@code TimeoutCancellationException}, which is one, and ends a coroutine quietly).</li>
 *   <li>Only the scope that expired raises {@code TimeoutError}. Nested scopes: an inner scope
 *       that expires raises in the inner scope only; when an outer scope expires, the inner scope
 *       sees a plain cancellation and lets it through, and the outer one raises
 *       {@code TimeoutError} (also when both expired in the same loop iteration), as CPython's
 *       {@code cancelling()}/{@code uncancel()} counting does.</li>
 *   <li>A cancellation from outside (cancelling the future {@code enter} returned, or the Kotlin
 *       task running the block) stays a cancellation, even if it arrives in the iteration where
 *       the deadline passed.</li>
 *   <li>A body that fails with another exception after the deadline passed fails the scope with
 *       that exception; the {@code TimeoutError} is added to it as suppressed (CPython chains it
 *       as {@code __context__}).</li>
 *   <li>A deadline at or before {@code loop.time()} expires at the next loop iteration (the body
 *       still starts). {@code null} means never: {@code Asyncio.timeout((Duration) null)} (or
 *       {@code Asyncio.timeout(null)}) and {@code timeoutAt(null)} make a scope with no deadline,
 *       asyncio's {@code timeout(None)}, which {@link #reschedule} can arm later.</li>
 * </ul>
 *
 * <p>All methods except {@link #when()} and {@link #expired()} must be called on the thread of
 * the loop the timeout belongs to; they throw {@link IllegalStateException} elsewhere.
 * Unlike CPython, a Java scope does not need a current task (it cancels its body's stage, not a
 * task), so it can be entered from a plain callback too.
 */
public interface Timeout {
  /**
   * @return the deadline in the loop's time ({@link EventLoop#time()}), or {@code null} if the
   *     timeout never expires
   */
  Double when();

  /**
   * Moves the deadline (asyncio {@code Timeout.reschedule}). A deadline at or before
   * {@code loop.time()} expires at the next iteration.
   *
   * @param when the new deadline in the loop's time, or {@code null} for never
   * @throws IllegalArgumentException if {@code when} is NaN
   * @throws IllegalStateException if the timeout has not been entered ("Timeout has not been
   *     entered"), has expired or is finished ("Cannot change state of expired Timeout"), or the
   *     caller is not on the loop thread
   */
  void reschedule(Double when);

  /**
   * @return whether the deadline passed while the body was running (true from the moment the
   *     body was cancelled for it)
   */
  boolean expired();

  /**
   * Enters the scope: arms the deadline, calls {@code body} now on the loop thread, and returns
   * a future of the loop that completes as the body's stage does, or fails with
   * {@link TimeoutError} if the deadline cancelled it. The future completes in a loop iteration
   * after the body's stage completes (as a task step does).
   *
   * <p>Cancelling the returned future cancels the body's stage and completes the future
   * cancelled once that stage is done (it stays a cancellation, never a {@code TimeoutError}).
   * A body that throws fails the future with that exception; one that returns {@code null} fails
   * it with {@link NullPointerException}.
   *
   * @param <T> the result type
   * @param body the work to guard
   * @return the scope's future
   * @throws NullPointerException if {@code body} is {@code null}
   * @throws IllegalStateException if this timeout was entered before ("Timeout has already been
   *     entered") or the caller is not on the loop thread
   */
  <T> Future<T> enter(AsyncCallable<T> body);
}
