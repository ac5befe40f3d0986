package io.jasyncio;

/**
 * The time source of an {@link EventLoop}: {@link EventLoop#time()}, {@code callLater},
 * {@code sleep} and every timeout read it.
 *
 * <p>The default is {@link #monotonic()} ({@link System#nanoTime()}). Tests pass a
 * {@link io.jasyncio.testing.VirtualClock} to {@link Asyncio#newEventLoop(Clock)}: the loop then
 * jumps to the next timer's deadline whenever it has nothing else to do, so a test of a one-hour
 * timeout runs in microseconds.
 *
 * <p>Implementations must be monotonic (never go backwards) and thread-safe. A timer whose
 * deadline is at or past 2<sup>62</sup> ns on this clock never fires (that is how
 * {@code callLater(Double.POSITIVE_INFINITY, cb)} and delays too large to represent are kept), so
 * a clock should read well below that; {@link System#nanoTime()} and the virtual clock do.
 */
@FunctionalInterface
public interface Clock {
  /**
   * Reads the clock.
   *
   * @return the current time in nanoseconds, from an arbitrary origin
   */
  long nanos();

  /**
   * The real monotonic clock, {@link System#nanoTime()}.
   *
   * @return the shared monotonic clock
   */
  static Clock monotonic() {
    return MonotonicClock.INSTANCE;
  }
}

/** The default clock. */
final class MonotonicClock implements Clock {
  static final MonotonicClock INSTANCE = new MonotonicClock();

  private MonotonicClock() {}

  @Override
  public long nanos() {
    return System.nanoTime();
  }

  @Override
  public String toString() {
    return "Clock.monotonic()";
  }
}
