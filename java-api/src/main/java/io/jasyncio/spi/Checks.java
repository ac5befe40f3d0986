package io.jasyncio.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * Argument checks shared by the facade and the engine (DESIGN §5). Not for application code.
 */
public final class Checks {
  /**
   * The horizon of the loop's clock: 2<sup>62</sup> ns, about 146 years. Delays are capped here so
   * that deadline arithmetic never overflows, and a timer whose deadline is at or past it never
   * fires (asyncio's {@code call_later(math.inf, cb)}): {@code +Infinity} and any larger delay
   * mean "never".
   */
  public static final long MAX_NANOS = Long.MAX_VALUE / 2;

  private Checks() {}

  /**
   * Converts a delay in seconds to nanoseconds, asyncio style.
   *
   * @param seconds the delay
   * @param name the parameter's name, for the message
   * @return the delay in nanoseconds; 0 for a negative delay (-Infinity included); capped at
   *     {@link #MAX_NANOS} (+Infinity included), which means "never"
   * @throws IllegalArgumentException if {@code seconds} is NaN
   */
  public static long delayNanos(double seconds, String name) {
    if (Double.isNaN(seconds)) {
      throw new IllegalArgumentException(name + " must be a number of seconds, got NaN");
    }
    if (seconds <= 0) {
      return 0;
    }
    double nanos = seconds * 1e9;
    return nanos >= MAX_NANOS ? MAX_NANOS : (long) nanos;
  }

  /**
   * Converts a delay to nanoseconds.
   *
   * @param delay the delay
   * @param name the parameter's name, for the message
   * @return the delay in nanoseconds; 0 for a negative delay; capped at {@link #MAX_NANOS},
   *     which means "never"
   * @throws NullPointerException if {@code delay} is {@code null}
   */
  public static long delayNanos(Duration delay, String name) {
    Objects.requireNonNull(delay, name);
    if (delay.isNegative()) {
      return 0;
    }
    if (delay.getSeconds() >= MAX_NANOS / 1_000_000_000L) {
      return MAX_NANOS;
    }
    return delay.toNanos();
  }

  /**
   * Converts a point in time in seconds to nanoseconds.
   *
   * @param seconds the time
   * @param name the parameter's name, for the message
   * @return nanoseconds, clamped to +/-{@link #MAX_NANOS} (+Infinity gives {@link #MAX_NANOS},
   *     "never"; -Infinity gives -{@link #MAX_NANOS}, long past)
   * @throws IllegalArgumentException if {@code seconds} is NaN
   */
  public static long timeNanos(double seconds, String name) {
    if (Double.isNaN(seconds)) {
      throw new IllegalArgumentException(name + " must be a time in seconds, got NaN");
    }
    double nanos = seconds * 1e9;
    if (nanos >= MAX_NANOS) {
      return MAX_NANOS;
    }
    return nanos <= -MAX_NANOS ? -MAX_NANOS : (long) nanos;
  }
}
