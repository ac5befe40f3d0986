package io.jasyncio.net;

import java.nio.ByteBuffer;

/**
 * A protocol that gives the transport its own buffer to read into (asyncio
 * {@code BufferedProtocol}): the zero-copy path, reading straight from the socket into the
 * protocol's {@link ByteBuffer}.
 *
 * @see BaseProtocol for the thread and ordering rules
 */
public interface BufferedProtocol extends BaseProtocol {
  /**
   * The buffer the next read goes into, between its position and its limit.
   *
   * @param sizeHint how many bytes the transport would like room for, or {@code -1}
   * @return a buffer with at least one byte of room
   */
  ByteBuffer getBuffer(int sizeHint);

  /**
   * A read stored {@code nbytes} bytes at the position the buffer from {@link #getBuffer} had; the
   * transport advanced that buffer's position by {@code nbytes}.
   *
   * @param nbytes how many bytes were read, at least 1
   */
  void bufferUpdated(int nbytes);

  /**
   * As {@link Protocol#eofReceived}.
   *
   * @return whether to keep the connection open
   */
  default boolean eofReceived() {
    return false;
  }
}
