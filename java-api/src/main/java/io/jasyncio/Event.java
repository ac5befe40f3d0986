package io.jasyncio;

import java.util.concurrent.CompletableFuture;

/**
 * A flag that tasks can wait for (asyncio {@code Event}): {@link #set()} wakes every waiter,
 * {@link #clear()} resets it.
 *
 * <p><b>Thread safety.</b> One event may be shared by tasks of any loop, coroutines on any
 * kotlinx dispatcher and plain Java threads; a waiter resumes on its own loop or dispatcher.
 * {@link #isSet()} is a volatile read.
 *
 * <p>Every party waiting when {@code set()} is called is woken, even if {@code clear()} follows
 * at once. A cancelled waiter is simply removed.
 *
 * <p>Kotlin: {@code event.wait()} (suspending) in {@code io.jasyncio.kotlin}.
 */
public interface Event {
  /**
   * @return a new event, not set
   */
  static Event create() {
    return Asyncio.engine().newEvent();
  }

  /** Sets the flag and wakes every waiter. Never waits. */
  void set();

  /** Resets the flag: later waiters wait until the next {@link #set()}. */
  void clear();

  /**
   * @return whether the flag is set
   */
  boolean isSet();

  /**
   * Waits until the flag is set (asyncio {@code Event.wait}; Java cannot name a method
   * {@code wait}). Already completed if the flag is set.
   *
   * <p>On a loop thread the future is a {@link Future} of that loop completed on its thread; on
   * another thread a plain future completed by the setting thread, or by the common
   * {@code ForkJoinPool} when that thread runs a loop. Cancelling it withdraws the wait.
   *
   * @return a future completed with {@code null} once the flag was set
   */
  CompletableFuture<Void> waitAsync();

  /**
   * @return a snapshot of the event's state
   */
  EventStatistics statistics();

  /**
   * A snapshot of an {@link Event}.
   *
   * @param set whether the flag is set
   * @param waiting how many parties wait for it
   */
  record EventStatistics(boolean set, int waiting) {}
}
