package io.jasyncio;

import java.time.Duration;

/**
 * A snapshot of an event loop, from {@link EventLoop#statistics()} (in the spirit of trio's
 * {@code statistics()}; asyncio has none).
 *
 * @param ready callbacks ready to run in the next iteration
 * @param timers scheduled timers (cancelled ones not yet swept included)
 * @param tasks pending tasks
 * @param ioRegistrations channels registered with the loop's selector
 * @param iterations iterations run since the loop was created
 * @param longestStep the longest callback or task step seen while the loop was monitored (debug
 *     mode or the blocked-loop watchdog on); {@link Duration#ZERO} when never monitored
 * @param lag how late the latest iteration ran its due timers (monitored loops only; else zero)
 * @param debug whether debug mode is on
 * @param running whether a thread runs the loop now
 */
public record LoopStatistics(
    int ready, int timers, int tasks, int ioRegistrations, long iterations,
    Duration longestStep, Duration lag, boolean debug, boolean running) {}
