package io.jasyncio;

import java.util.concurrent.CompletableFuture;

/**
 * A counter of permits (asyncio {@code Semaphore}): {@link #acquireAsync()} takes one, waiting
 * while none is free; {@link #release()} returns one. {@link #bounded(int)} makes a
 * {@link BoundedSemaphore}, which refuses to be released above its initial value.
 *
 * <p><b>Thread safety.</b> One semaphore may be shared by tasks of any loop, coroutines on any
 * kotlinx dispatcher and plain Java threads; a waiter resumes on its own loop or dispatcher.
 *
 * <p><b>Fairness.</b> FIFO: a new acquirer waits while older live waiters exist, even if a permit
 * is free. {@link #release()} hands its permit directly to the oldest live waiter (the value
 * does not change), so a releaser never barges ahead of older waiters.
 *
 * <p><b>Cancellation.</b> A cancelled acquire consumes nothing: before its grant it leaves the
 * queue; a waiter cancelled after its grant but before it resumed — a Kotlin coroutine, or a Java
 * loop future whose delivery step has not run — passes the permit on. So a timeout that fires just
 * after a grant never leaks a permit: the caller gets {@code TimeoutError} and the permit goes to
 * the next waiter (CPython's outcome). A plain-thread future cannot be cancelled once granted.
 *
 * <p>Kotlin: {@code sem.acquire()} (suspending) and {@code sem.withPermit { }} in
 * {@code io.jasyncio.kotlin}.
 */
public interface Semaphore {
  /**
   * @param value the initial number of permits, at least 0
   * @return a new semaphore
   * @throws IllegalArgumentException if {@code value} is negative
   */
  static Semaphore create(int value) {
    return Asyncio.engine().newSemaphore(value, false);
  }

  /**
   * @param value the initial and maximal number of permits, at least 0
   * @return a new bounded semaphore
   * @throws IllegalArgumentException if {@code value} is negative
   */
  static BoundedSemaphore bounded(int value) {
    return (BoundedSemaphore) Asyncio.engine().newSemaphore(value, true);
  }

  /**
   * Takes a permit, waiting in FIFO order while none is free or older waiters exist.
   *
   * <p>On a loop thread the future is a {@link Future} of that loop completed on its thread; on
   * another thread a plain future completed by the releasing thread, or by the common
   * {@code ForkJoinPool} when that thread runs a loop. Cancelling it before the grant withdraws
   * the request, and so does cancelling a loop future granted but not yet completed (the permit
   * goes on); once it completed, the caller owns the permit.
   *
   * @return a future completed with {@code null} once the caller holds a permit
   */
  CompletableFuture<Void> acquireAsync();

  /**
   * Takes a permit if one is free and nobody waits, without waiting (not in asyncio; kotlinx
   * {@code Semaphore.tryAcquire}).
   *
   * @return {@code true} if the caller now holds a permit
   */
  boolean tryAcquire();

  /**
   * Returns a permit: hands it to the oldest live waiter, or adds it to the free ones. Never
   * waits.
   *
   * @throws IllegalArgumentException for a {@link BoundedSemaphore} released above its bound
   *     (asyncio {@code ValueError}); the semaphore stays usable
   */
  void release();

  /**
   * @return {@code true} if an acquire would wait now: no permit is free, or live waiters exist
   *     (asyncio's definition since Python 3.12)
   */
  boolean locked();

  /**
   * @return the number of free permits (asyncio's private {@code _value})
   */
  int availablePermits();

  /**
   * Runs {@code body} while holding a permit and releases it on every outcome: the Java
   * {@code async with sem:}. Same contract as {@link Lock#withLockAsync(AsyncCallable)}.
   *
   * @param <T> the result type
   * @param body the work to do with the permit
   * @return a future of the body's result
   * @throws NullPointerException if {@code body} is null
   */
  <T> CompletableFuture<T> withPermitAsync(AsyncCallable<T> body);

  /**
   * @return a snapshot of the semaphore's state
   */
  SemaphoreStatistics statistics();

  /**
   * A snapshot of a {@link Semaphore}.
   *
   * @param value free permits
   * @param waiting how many parties wait for a permit
   * @param bound the bound of a {@link BoundedSemaphore}, or -1
   */
  record SemaphoreStatistics(int value, int waiting, int bound) {}
}
