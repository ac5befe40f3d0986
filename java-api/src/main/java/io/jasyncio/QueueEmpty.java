package io.jasyncio;

import java.util.NoSuchElementException;

/**
 * {@link Queue#getNowait()} found the queue empty (asyncio {@code QueueEmpty}).
 *
 * <p>A {@link NoSuchElementException}, as {@code java.util.Queue.remove()} throws on an empty
 * queue, so code that handles the JDK's exception handles this one too.
 */
public class QueueEmpty extends NoSuchElementException {
  private static final long serialVersionUID = 1L;

  /** An empty-queue failure without a message. */
  public QueueEmpty() {
    super();
  }

  /**
   * @param message what was attempted
   */
  public QueueEmpty(String message) {
    super(message);
  }
}
