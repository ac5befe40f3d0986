package io.jasyncio;

/**
 * A callback scheduled on an {@link EventLoop} by {@link EventLoop#callSoon(Runnable)} or
 * {@link EventLoop#callSoonThreadsafe(Runnable)} (asyncio {@code Handle}).
 *
 * <p>Thread-safe: {@link #cancel()} may be called from any thread; a callback cancelled before the
 * loop reaches it never runs.
 */
public interface Handle {
  /** Cancels the callback. Does nothing if it already ran or was cancelled. */
  void cancel();

  /**
   * Tells whether {@link #cancel()} was called.
   *
   * @return {@code true} once the handle is cancelled
   */
  boolean cancelled();
}
