package io.jasyncio;

import java.util.concurrent.CompletableFuture;

/**
 * A mutual-exclusion lock for tasks (asyncio {@code Lock}), not reentrant and not owned: any
 * party may release it (as in asyncio).
 *
 * <p><b>Thread safety.</b> Unlike asyncio's, one lock may be shared by tasks of any loop, by
 * coroutines on any kotlinx dispatcher and by plain Java threads at once. A waiter resumes on its
 * own loop or dispatcher.
 *
 * <p><b>Fairness.</b> Waiters acquire in FIFO order. {@link #release()} hands the lock directly
 * to the oldest live waiter, so a task that releases and at once re-acquires queues behind the
 * older waiters instead of barging. Consequently {@link #locked()} stays {@code true} across a
 * hand-off; in CPython the lock is briefly unlocked until the woken waiter runs and re-takes it.
 *
 * <p><b>Cancellation.</b> A cancelled acquire never holds the lock and consumes nothing: a
 * waiter cancelled before it was granted the lock leaves the queue; a Kotlin waiter cancelled
 * after {@code release} granted it the lock but before it resumed passes the lock on to the next
 * waiter (or unlocks it). A Java future of a loop is the same: the grant is delivered in a later
 * step of its loop, and until then a {@code cancel} (from its task, a timeout, {@code waitFor})
 * succeeds and the lock goes on; once delivered, the caller holds the lock, and the stages
 * attached to the future run in that delivery step. A plain-thread future, once granted, can no
 * longer be cancelled ({@code cancel} returns {@code false}): its caller holds the lock.
 *
 * <p>Kotlin: {@code lock.acquire()} (suspending) and {@code lock.withLock { }} in
 * {@code io.jasyncio.kotlin}.
 */
public interface Lock {
  /**
   * @return a new unlocked lock
   */
  static Lock create() {
    return Asyncio.engine().newLock();
  }

  /**
   * Acquires the lock, waiting in FIFO order while it is held or older waiters exist.
   *
   * <p>Called on a loop thread, it returns a future of that loop ({@link Future}), completed on
   * that loop's thread. Called on any other thread, it returns a plain {@code CompletableFuture}
   * completed by the thread that releases the lock to it, or by the common
   * {@code ForkJoinPool} when that thread runs a loop (so no loop thread runs its dependents).
   * Already completed when the lock was free.
   *
   * <p>Cancelling the future before it completed withdraws the request, even after a
   * {@code release} granted it the lock (the lock goes to the next waiter); once it completed the
   * caller holds the lock and must {@link #release()} it. (A plain-thread future cannot be
   * cancelled once granted.)
   *
   * @return a future completed with {@code null} once the caller holds the lock
   */
  CompletableFuture<Void> acquireAsync();

  /**
   * Acquires the lock if it is free and nobody waits for it, without waiting (not in asyncio;
   * kotlinx {@code Mutex.tryLock}).
   *
   * @return {@code true} if the caller now holds the lock
   */
  boolean tryAcquire();

  /**
   * Releases the lock: hands it to the oldest waiter, or unlocks it. Never waits.
   *
   * @throws IllegalStateException if the lock is not locked (the lock stays usable)
   */
  void release();

  /**
   * @return {@code true} if the lock is held (also while it is being handed to a waiter)
   */
  boolean locked();

  /**
   * Runs {@code body} while holding the lock and releases it on every outcome: the Java
   * {@code async with lock:}. Named {@code withLockAsync} because a Java member {@code withLock}
   * would shadow the Kotlin face's {@code withLock { }}.
   *
   * <p>On a loop thread the body runs as a {@link Task} of that loop (returned): cancelling it
   * cancels the acquire or the body's stage, and it completes only once the lock was released.
   * On another thread the body is called on the calling thread if the lock is free, else on a
   * kotlinx {@code Dispatchers.Default} thread once it is granted; cancelling the returned
   * future cancels the body's stage and the lock is released when that stage is done.
   *
   * @param <T> the result type
   * @param body the work to do under the lock
   * @return a future of the body's result
   * @throws NullPointerException if {@code body} is null
   */
  <T> CompletableFuture<T> withLockAsync(AsyncCallable<T> body);

  /**
   * @return a snapshot of the lock's state
   */
  LockStatistics statistics();

  /**
   * A snapshot of a {@link Lock}.
   *
   * @param locked whether the lock is held
   * @param waiting how many parties wait to acquire it
   */
  record LockStatistics(boolean locked, int waiting) {}
}
