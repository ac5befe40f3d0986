package io.jasyncio.net;

import java.io.IOException;

/**
 * {@link StreamReader#readuntilAsync} looked further than the reader's limit for its separator
 * (asyncio {@code LimitOverrunError}). Nothing was taken from the buffer; {@link #consumed()}
 * says how many bytes should be consumed to get past the problem (asyncio's {@code consumed}).
 */
public class LimitOverrunError extends IOException {
  private static final long serialVersionUID = 1L;

  private final int consumed;

  /**
   * @param message what happened
   * @param consumed how many bytes to consume
   */
  public LimitOverrunError(String message, int consumed) {
    super(message);
    this.consumed = consumed;
  }

  /** @return how many bytes should be consumed */
  public int consumed() {
    return consumed;
  }
}
