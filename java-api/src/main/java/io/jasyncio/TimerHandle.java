package io.jasyncio;

/**
 * A callback scheduled for a point in time by {@link EventLoop#callLater(double, Runnable)} or
 * {@link EventLoop#callAt(double, Runnable)} (asyncio {@code TimerHandle}).
 *
 * <p>Timers run in deadline order; timers with the same deadline run in the order they were
 * scheduled. A cancelled timer never runs (its slot is reclaimed lazily).
 */
public interface TimerHandle extends Handle {
  /**
   * The deadline, on the loop's clock.
   *
   * @return the scheduled time in seconds, comparable with {@link EventLoop#time()}
   */
  double when();
}
