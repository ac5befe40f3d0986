package io.jasyncio.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one timed run measured.
 *
 * @param param the workload's parameters, as {@code n=1000000,batch=10000}
 * @param ops how many operations the timed part did
 * @param seconds wall time of the timed part
 * @param extra extra {@code key=value} fields for the result line
 */
public record Result(String param, long ops, double seconds, Map<String, String> extra) {
  /**
   * @param param the workload's parameters
   * @param ops operations done
   * @param seconds wall time
   * @return a result without extras
   */
  public static Result of(String param, long ops, double seconds) {
    return new Result(param, ops, seconds, new LinkedHashMap<>());
  }

  /**
   * @param key an extra field's name
   * @param value its value
   * @return this result, with the field added
   */
  public Result with(String key, Object value) {
    extra.put(key, String.valueOf(value));
    return this;
  }

  /** @return operations per second */
  public double opsPerSecond() {
    return ops / seconds;
  }

  /**
   * @param t0 a {@link System#nanoTime()} reading
   * @return seconds elapsed since {@code t0}
   */
  public static double secondsSince(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  /**
   * Fails unless {@code total} is {@code 0 + 1 + ... + (n - 1)}.
   *
   * @param total the sum a workload computed
   * @param n how many values it summed
   */
  public static void checkSum(long total, int n) {
    long want = (long) n * (n - 1) / 2;
    if (total != want) {
      throw new IllegalStateException("wrong total " + total + ", expected " + want);
    }
  }

  /**
   * Fails unless {@code count == n}.
   *
   * @param count what a workload counted
   * @param n what it should have counted
   */
  public static void checkCount(long count, long n) {
    if (count != n) {
      throw new IllegalStateException("counted " + count + ", expected " + n);
    }
  }
}
