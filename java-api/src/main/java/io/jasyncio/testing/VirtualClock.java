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
 * <p>A timer that never fires ({@code callLater(Double.POSITIVE_INFINITY, cb)}, a delay past the
 * clock's range, {@code sleep(+Infinity)}) is not a deadline: the clock never jumps to it. A loop
 * whose only timers never fire waits, without spinning, for work from another thread or for
 * I/O, exactly as it would on the real clock; {@code runUntilComplete(sleep(+Infinity))} with
 * nothing else to do therefore waits until another thread cancels the sleep.
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
   * @param delta how far; negative is treated as zero; a huge delta moves the clock at most to
   *     {@code Long.MAX_VALUE} nanoseconds, where it stays (it never overflows)
   * @throws NullPointerException if {@code delta} is {@code null}
   */
  public void advance(Duration delta) {
    long d = io.jasyncio.spi.Checks.delayNanos(delta, "delta");
    now.accumulateAndGet(d, (t, x) -> t > Long.MAX_VALUE - x ? Long.MAX_VALUE : t + x);
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
