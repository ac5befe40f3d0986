package io.jasyncio;

/**
 * When {@link Asyncio#wait(java.util.Collection, ReturnWhen) Asyncio.wait} returns (asyncio's
 * {@code FIRST_COMPLETED}, {@code FIRST_EXCEPTION} and {@code ALL_COMPLETED} constants).
 */
public enum ReturnWhen {
  /** As soon as any awaitable is done (finished, failed or cancelled). */
  FIRST_COMPLETED,
  /**
   * As soon as any awaitable fails with an exception other than a cancellation, or when all are
   * done. A cancelled awaitable does not count as an exception here, as in asyncio.
   */
  FIRST_EXCEPTION,
  /** When every awaitable is done. */
  ALL_COMPLETED
}
