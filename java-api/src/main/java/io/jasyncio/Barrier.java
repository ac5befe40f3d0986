package io.jasyncio;

import java.util.concurrent.CompletableFuture;

/**
 * A barrier for a fixed number of parties (asyncio {@code Barrier}): each party calls
 * {@link #waitAsync()}, and all of them are released together when the last one arrives. The
 * barrier can then be used again.
 *
 * <p><b>Thread safety.</b> Shareable by tasks of any loop, coroutines on any kotlinx dispatcher
 * and plain Java threads; a waiter resumes on its own loop or dispatcher.
 *
 * <p><b>Indices.</b> Each released party gets its arrival index among the parties of that
 * round, {@code 0} to {@code parties - 1}; the last to arrive gets {@code parties - 1}.
 *
 * <p><b>Differences from CPython.</b> The release is atomic: when the last party arrives every
 * waiter is released at once and the barrier is filling again at once, so CPython's transient
 * {@code draining} and {@code resetting} states are never observed and a party arriving for the
 * next round never waits for the previous round to drain. A waiter cancelled before the release
 * leaves the barrier (it does not break it, as in asyncio), and indices stay {@code 0..parties-1}
 * without duplicates.
 *
 * <p>Kotlin: {@code barrier.wait()} (suspending, returns the index) in {@code io.jasyncio.kotlin}.
 */
public interface Barrier {
  /**
   * @param parties how many parties must arrive, at least 1
   * @return a new barrier
   * @throws IllegalArgumentException if {@code parties} is less than 1
   */
  static Barrier create(int parties) {
    return Asyncio.engine().newBarrier(parties);
  }

  /**
   * Arrives and waits until {@link #parties()} parties have arrived (asyncio
   * {@code Barrier.wait}).
   *
   * <p>On a loop thread the future is a {@link Future} of that loop completed on its thread; on
   * another thread a plain future completed by the thread of the last arrival, or by the common
   * {@code ForkJoinPool} when that thread runs a loop. Cancelling it before the release
   * withdraws this party.
   *
   * @return a future of this party's arrival index, failed with {@link BrokenBarrierError} if the
   *     barrier is broken or is aborted or reset while waiting
   */
  CompletableFuture<Integer> waitAsync();

  /**
   * Breaks the barrier: current and future waits fail with {@link BrokenBarrierError} until
   * {@link #reset()}. Never waits (a coroutine in asyncio, as its lock is async).
   */
  void abort();

  /**
   * Returns the barrier to its empty, unbroken state; the parties waiting fail with
   * {@link BrokenBarrierError}. Never waits.
   */
  void reset();

  /**
   * @return the number of parties needed to pass
   */
  int parties();

  /**
   * @return the number of parties waiting now
   */
  int nWaiting();

  /**
   * @return whether the barrier is broken
   */
  boolean broken();

  /**
   * @return a snapshot of the barrier's state
   */
  BarrierStatistics statistics();

  /**
   * A snapshot of a {@link Barrier}.
   *
   * @param parties parties needed to pass
   * @param waiting parties waiting now
   * @param broken whether the barrier is broken
   */
  record BarrierStatistics(int parties, int waiting, boolean broken) {}
}
