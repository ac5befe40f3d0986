package io.jasyncio;

/**
 * {@link Queue#putNowait(Object)} found the queue full (asyncio {@code QueueFull}).
 *
 * <p>An {@link IllegalStateException}, as {@code java.util.Queue.add()} throws on a full queue,
 * so code that handles the JDK's exception handles this one too.
 */
public class QueueFull extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** A full-queue failure without a message. */
  public QueueFull() {
    super();
  }

  /**
   * @param message what was attempted
   */
  public QueueFull(String message) {
    super(message);
  }
}
