package io.jasyncio;

/**
 * The queue was shut down (asyncio {@code QueueShutDown}, Python 3.13): raised by a put after
 * {@link Queue#shutdown(boolean)}, and by a get once the shut-down queue is empty.
 *
 * <p>An {@link IllegalStateException} (the state of the queue forbids the operation), like
 * kotlinx's {@code ClosedSendChannelException}. Not a cancellation: a consumer that loops on
 * {@code get} ends its loop when it sees it.
 */
public class QueueShutDown extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** A shut-down failure without a message. */
  public QueueShutDown() {
    super();
  }

  /**
   * @param message what was attempted
   */
  public QueueShutDown(String message) {
    super(message);
  }
}
