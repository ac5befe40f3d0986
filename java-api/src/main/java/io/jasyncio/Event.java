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
 * <p>Kotlin: {@code event.wait()} (suspending, returns {@code true}) in {@code io.jasyncio.kotlin}.
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
   * {@code wait}) and completes with {@code true}, as asyncio's {@code wait()} returns
   * {@code True}. The value is always {@code true}; it exists so that code ported from asyncio
   * (and {@code thenApply(ok -> ...)} chains) keeps its shape. Already completed with
   * {@code true} if the flag is set.
   *
   * <p><b>Thread.</b> On a loop thread the future is a {@link Future} of that loop, completed on
   * its thread in a later iteration (never inside {@link #set()}). On another thread it is a
   * plain {@code CompletableFuture} completed by the thread that calls {@code set()}, or by the
   * common {@code ForkJoinPool} when that thread runs a loop.
   *
   * <p><b>Cancellation.</b> Cancelling the future withdraws the wait and leaves no waiter behind.
   * A loop future can be cancelled until the loop step that delivers its wake-up (the iteration
   * after {@code set()}); it then ends cancelled and the other waiters still get {@code true}
   * (nothing is consumed, so nothing is handed on). A plain-thread future is completed by
   * {@code set()} itself: after it, {@code cancel} returns {@code false}.
   *
   * @return a future completed with {@code true} once the flag was set
   */
  CompletableFuture<Boolean> waitAsync();

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
