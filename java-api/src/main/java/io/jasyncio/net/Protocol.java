package io.jasyncio.net;

import java.nio.ByteBuffer;

/**
 * A streaming protocol (asyncio {@code Protocol}): the transport hands it what it reads.
 *
 * <p><b>Differences from CPython:</b> {@link #dataReceived} gets a {@link ByteBuffer} (DESIGN §3b)
 * that is a view of the loop's own read buffer, valid only until the call returns: copy what you
 * keep (asyncio hands out a fresh {@code bytes} object per read; the JVM saves that allocation).
 *
 * @see BaseProtocol for the thread and ordering rules
 */
public interface Protocol extends BaseProtocol {
  /**
   * Bytes arrived.
   *
   * @param data the bytes between position and limit; valid only during this call, never
   *     empty
   */
  default void dataReceived(ByteBuffer data) {}

  /**
   * The peer shut down its sending side (EOF). Return {@code true} to keep the connection
   * half-open (this side may still write and must close it later), {@code false} to let the
   * transport close itself (asyncio's default: returning {@code None}).
   *
   * @return whether to keep the connection open
   */
  default boolean eofReceived() {
    return false;
  }
}
