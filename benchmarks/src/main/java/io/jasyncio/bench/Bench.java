package io.jasyncio.bench;

/**
 * One timed copy of a workload on one implementation: sets up its own loop, runs, tears down,
 * and returns what it measured.
 */
@FunctionalInterface
public interface Bench {
  /**
   * @return the measurement
   * @throws Exception any failure (the child process then exits non-zero)
   */
  Result run() throws Exception;
}
