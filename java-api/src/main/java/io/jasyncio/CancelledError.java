package io.jasyncio;

import java.util.concurrent.CancellationException;

/**
 * The operation was cancelled (asyncio {@code CancelledError}).
 *
 * <p>It extends {@link CancellationException}, so {@link java.util.concurrent.CompletableFuture}
 * treats a future failed with it as cancelled, and Kotlin coroutines treat it as a normal
 * cancellation (in Kotlin, {@code kotlinx.coroutines.CancellationException} is the same JDK type).
 * The message is the one given to {@link Future#cancel(String)}, or {@code null}.
 */
public class CancelledError extends CancellationException {
  private static final long serialVersionUID = 1L;

  /** A cancellation without a message. */
  public CancelledError() {
    super();
  }

  /**
   * A cancellation with a message.
   *
   * @param message the cancel message, or {@code null}
   */
  public CancelledError(String message) {
    super(message);
  }
}
