package io.jasyncio.net;

/**
 * The callbacks a {@link Transport} makes to the code that owns a connection (asyncio
 * {@code BaseProtocol}). Every method has an empty default, so a protocol overrides only what it
 * needs.
 *
 * <p><b>Thread:</b> every callback runs on the thread of the loop the transport belongs to, one at
 * a time, in asyncio's order: {@link #connectionMade} first, then data callbacks, then
 * {@link #connectionLost} exactly once. An exception thrown by a callback goes to the loop's
 * exception handler and the transport is closed (asyncio's "fatal error on transport").
 *
 * @see Protocol
 * @see BufferedProtocol
 */
public interface BaseProtocol {
  /**
   * The connection is up. Called once, before any data callback.
   *
   * @param transport the transport of this connection; keep it to write and to close
   */
  default void connectionMade(Transport transport) {}

  /**
   * The connection is gone. Called once, last; the transport's channel is closed right after.
   *
   * @param exc {@code null} on a regular end (EOF, {@code close()}, {@code abort()}), else the
   *     error that ended it (an {@link java.io.IOException} with the OS message for a reset or a
   *     broken pipe)
   */
  default void connectionLost(Throwable exc) {}

  /**
   * The transport's write buffer went over its high-water mark (64 KiB by default): stop writing
   * until {@link #resumeWriting}. Writes are still accepted (and buffered) in between.
   */
  default void pauseWriting() {}

  /** The transport's write buffer drained to its low-water mark: writing may go on. */
  default void resumeWriting() {}
}
