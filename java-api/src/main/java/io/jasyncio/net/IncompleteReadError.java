package io.jasyncio.net;

import java.io.EOFException;

/**
 * The stream ended before a {@link StreamReader#readexactlyAsync} or
 * {@link StreamReader#readuntilAsync} could be satisfied (asyncio {@code IncompleteReadError},
 * an {@code EOFError}: here an {@link EOFException}). The bytes read so far are in
 * {@link #partial()}; they have been taken from the reader's buffer.
 */
public class IncompleteReadError extends EOFException {
  private static final long serialVersionUID = 1L;

  private final byte[] partial;
  private final int expected;

  /**
   * @param partial the bytes read before the end of the stream
   * @param expected how many bytes were expected, or {@code -1} when unknown ({@code readuntil})
   */
  public IncompleteReadError(byte[] partial, int expected) {
    super(partial.length + " bytes read on a total of "
        + (expected < 0 ? "undefined" : Integer.toString(expected)) + " expected bytes");
    this.partial = partial.clone();
    this.expected = expected;
  }

  /** @return a copy of the bytes read before the end of the stream */
  public byte[] partial() {
    return partial.clone();
  }

  /** @return how many bytes were expected, or {@code -1} when unknown (asyncio {@code None}) */
  public int expected() {
    return expected;
  }
}
