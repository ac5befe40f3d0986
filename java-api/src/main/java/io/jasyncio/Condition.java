package io.jasyncio;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A condition variable over a {@link Lock} (asyncio {@code Condition}): a holder of the lock
 * waits with {@link #waitAsync()} until another holder notifies it.
 *
 * <p><b>Thread safety.</b> Shareable by tasks of any loop, coroutines on any kotlinx dispatcher
 * and plain Java threads; a waiter resumes on its own loop or dispatcher.
 *
 * <p><b>Naming.</b> {@code java.lang.Object} owns {@code wait()}, {@code notify()} and
 * {@code notifyAll()} (final, for monitors), so the Java names are {@link #waitAsync()},
 * {@link #notify(int)}, {@link #notifyOne()} and {@link #notifyAllWaiters()}. Beware: a Java
 * call {@code cond.notify()} is {@code Object.notify()} and throws
 * {@link IllegalMonitorStateException}. The Kotlin face has asyncio's names:
 * {@code cond.wait()}, {@code cond.waitFor { }}, {@code cond.notify()},
 * {@code cond.notifyAll()}; {@code wait()} and {@code waitFor { }} return what the Java
 * futures complete with.
 *
 * <p><b>Cancellation.</b> A wait re-acquires the lock before it ends, even when it is
 * cancelled, and then reports the cancellation (it is never swallowed). A waiter cancelled
 * before it was notified consumes nothing; a notification that races the cancellation of its
 * waiter passes to the next waiter, so it is never lost (a spurious wake-up is possible, as the
 * condition-variable protocol allows).
 *
 * <p>The lock, {@link #acquireAsync()}, {@link #release()}, {@link #locked()} and
 * {@link #withLockAsync(AsyncCallable)} are those of the underlying lock.
 */
public interface Condition extends Lock {
  /**
   * @return a new condition over a new lock
   */
  static Condition create() {
    return Asyncio.engine().newCondition(null);
  }

  /**
   * @param lock the lock to use
   * @return a new condition over {@code lock}
   * @throws NullPointerException if {@code lock} is null
   * @throws IllegalArgumentException if {@code lock} is not a jasyncio lock
   */
  static Condition create(Lock lock) {
    java.util.Objects.requireNonNull(lock, "lock");
    return Asyncio.engine().newCondition(lock);
  }

  /**
   * @return the underlying lock
   */
  Lock lock();

  /**
   * Releases the lock, waits until notified, then re-acquires the lock (asyncio
   * {@code Condition.wait}) and completes with {@code true}, as asyncio's {@code wait()} returns
   * {@code True} (always {@code true}; a wait never ends with {@code false}). The caller must hold
   * the lock.
   *
   * <p><b>Thread and cancellation.</b> It runs as a task of the caller's loop (returned) when
   * called on a loop thread, completed on that thread; cancelling it is a request: the lock is
   * re-acquired first, then the future completes cancelled. On another thread it runs as a
   * kotlinx coroutine on {@code Dispatchers.Default} and the future is completed by a thread of
   * that dispatcher; cancelling the returned future completes it at once while the lock is
   * re-acquired in the background, so a plain-thread caller should not cancel it while it owns
   * the lock's release.
   *
   * @return a future completed with {@code true} once notified and holding the lock again
   * @throws IllegalStateException (as the future's failure) if the lock is not held
   */
  CompletableFuture<Boolean> waitAsync();

  /**
   * Waits until {@code predicate} gives a true value and completes with that value (asyncio
   * {@code Condition.wait_for}, which returns the predicate's last result): calls it, and
   * {@link #waitAsync() waits} for a notification each time the result is not true. The caller
   * must hold the lock. The predicate runs with the lock held: on the loop thread when called on
   * a loop; otherwise first on the calling thread, then on the thread that resumes the wait. The
   * future completes with the lock held.
   *
   * <p><b>What counts as true.</b> Any result other than {@code null} and {@link Boolean#FALSE}.
   * A {@code () -> flag} lambda therefore completes with {@code true}, and a
   * {@code () -> queue.peek()} lambda with the element it found. Unlike Python, {@code 0}, an
   * empty string or an empty collection count as true: Java has no truthiness, so only the two
   * "no" values are false.
   *
   * <p><b>Thread and cancellation</b> are those of {@link #waitAsync()}. A predicate that throws
   * fails the future with that exception (the lock is still held, as when it is true).
   *
   * <p>Replaces the earlier {@code waitForAsync(BooleanSupplier)}: a boolean lambda or method
   * reference compiles unchanged (its result is boxed); a {@code BooleanSupplier} variable
   * {@code bs} is passed as {@code bs::getAsBoolean}.
   *
   * @param <T> the predicate's result type
   * @param predicate the condition to wait for; its result is the future's value
   * @return a future completed with the predicate's first true result, lock held
   * @throws NullPointerException if {@code predicate} is null
   */
  <T> CompletableFuture<T> waitForAsync(Supplier<? extends T> predicate);

  /**
   * Wakes up to {@code n} waiters, oldest first (asyncio {@code Condition.notify(n)}). The caller
   * must hold the lock. A woken waiter runs once it re-acquired the lock.
   *
   * @param n how many waiters to wake, at least 0
   * @throws IllegalStateException if the lock is not held
   * @throws IllegalArgumentException if {@code n} is negative
   */
  void notify(int n);

  /**
   * Wakes the oldest waiter: {@code notify(1)}.
   *
   * @throws IllegalStateException if the lock is not held
   */
  void notifyOne();

  /**
   * Wakes every waiter (asyncio {@code Condition.notify_all}).
   *
   * @throws IllegalStateException if the lock is not held
   */
  void notifyAllWaiters();

  /**
   * @return a snapshot of the condition's state
   */
  ConditionStatistics conditionStatistics();

  /**
   * A snapshot of a {@link Condition}.
   *
   * @param waiting how many parties wait for a notification
   * @param lock the underlying lock's statistics
   */
  record ConditionStatistics(int waiting, LockStatistics lock) {}
}
