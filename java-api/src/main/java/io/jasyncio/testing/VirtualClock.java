package io.jasyncio.testing;

import io.jasyncio.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock for tests that moves only when told to, or when its loop is idle (trio's
 * {@code MockClock} with autojump).
 *
 * <p>Give it to {@link io.jasyncio.Asyncio#newEventLoop(Clock)} (or to a {@code Runner}). Whenever
 * that loop has no ready callback, no posted work, no I/O ready and no executor job in flight, it
 * advances this clock straight to the next timer's deadline instead of waiting. A test of a
 * one-hour timeout therefore runs in microseconds, deterministically, and timers fire in exactly
 * the order their deadlines say.
 *
 * <p>Use one virtual clock per loop. Thread-safe; starts at 0.
 */
public final class VirtualClock implements Clock {
  private final AtomicLong now = new AtomicLong();

  /** A clock at time 0. */
  public VirtualClock() {}

  @Override
  public long nanos() {
    return now.get();
  }

  /**
   * Moves the clock forward.
   *
   * @param delta how far; negative is treated as zero
   * @throws NullPointerException if {@code delta} is {@code null}
   */
  public void advance(Duration delta) {
    long d = io.jasyncio.spi.Checks.delayNanos(delta, "delta");
    now.addAndGet(d);
  }

  /**
   * Moves the clock to {@code nanos} if that is later than now; never backwards. Used by the loop
   * to jump to the next deadline.
   *
   * @param nanos the new time in nanoseconds
   */
  public void advanceTo(long nanos) {
    now.accumulateAndGet(nanos, Math::max);
  }

  @Override
  public String toString() {
    return "VirtualClock[" + now.get() / 1e9 + "s]";
  }
}
