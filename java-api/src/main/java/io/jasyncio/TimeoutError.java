package io.jasyncio;

/**
 * An operation did not complete before its deadline (asyncio {@code TimeoutError}).
 *
 * <p>Deliberately <em>not</em> a {@link java.util.concurrent.CancellationException}: a timeout is
 * a failure the caller handles, not a cancellation that silently ends a coroutine. It is unchecked
 * so that it can travel as the cause of a {@link java.util.concurrent.CompletableFuture}.
 */
public class TimeoutError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A timeout without a message. */
  public TimeoutError() {
    super();
  }

  /**
   * @param message what timed out
   */
  public TimeoutError(String message) {
    super(message);
  }
}
