package io.jasyncio.net;

import io.jasyncio.EventLoop;
import java.nio.ByteBuffer;

/**
 * A bidirectional byte stream over a socket, driven by its loop's selector (asyncio's
 * {@code Transport}, that is {@code ReadTransport} and {@code WriteTransport} in one).
 *
 * <p><b>Loop-bound.</b> A transport belongs to the loop that created it: every method must be
 * called on that loop's thread and throws {@link IllegalStateException} at once otherwise (never a
 * silent race). To act from another thread, go through {@link EventLoop#callSoonThreadsafe}.
 *
 * <p><b>Writing</b> never blocks: {@link #write} first tries the socket and buffers only what it
 * did not take (as asyncio does). When the buffer goes above the high-water mark (64 KiB by
 * default) the protocol's {@link BaseProtocol#pauseWriting} is called, and
 * {@link BaseProtocol#resumeWriting} once it drained to the low-water mark (a quarter of the
 * high one by default).
 *
 * <p><b>Reading</b> is on from {@link BaseProtocol#connectionMade} until {@link #pauseReading},
 * a close, or EOF.
 */
public interface Transport {
  /** @return the loop this transport belongs to */
  EventLoop getLoop();

  /**
   * Writes {@code data} (the whole array); the array may be reused as soon as this returns.
   *
   * @param data the bytes
   * @throws NullPointerException if {@code data} is null
   * @throws IllegalStateException after {@link #writeEof}, or off the loop thread
   */
  default void write(byte[] data) {
    write(ByteBuffer.wrap(java.util.Objects.requireNonNull(data, "data")));
  }

  /**
   * Writes the bytes between {@code data}'s position and limit, advancing its position; the
   * buffer may be reused as soon as this returns (what the socket did not take is copied).
   *
   * @param data the bytes
   * @throws NullPointerException if {@code data} is null
   * @throws IllegalStateException after {@link #writeEof}, or off the loop thread
   */
  void write(ByteBuffer data);

  /**
   * Writes each element of {@code list} in order, as one write.
   *
   * @param list the chunks
   */
  void writelines(Iterable<byte[]> list);

  /**
   * Shuts the sending side down once the buffered data is flushed (a half-close; the peer reads
   * EOF). Writing afterwards is an error.
   */
  void writeEof();

  /** @return whether {@link #writeEof} is supported ({@code true} for TCP and Unix sockets) */
  boolean canWriteEof();

  /**
   * Closes the transport: stops reading at once, flushes the buffered data, then closes the
   * socket and calls {@link BaseProtocol#connectionLost} with {@code null}. Idempotent.
   */
  void close();

  /**
   * Closes at once, dropping buffered data; {@link BaseProtocol#connectionLost} gets
   * {@code null}.
   */
  void abort();

  /** @return whether {@link #close} or {@link #abort} was called or the connection is lost */
  boolean isClosing();

  /** Stops reading until {@link #resumeReading}; no effect if already paused or closing. */
  void pauseReading();

  /** Resumes reading after {@link #pauseReading}; no effect if reading or closing. */
  void resumeReading();

  /** @return whether the transport is reading (not paused, not closing) */
  boolean isReading();

  /**
   * Sets the write-buffer marks (asyncio {@code set_write_buffer_limits(high, low)}): with
   * {@code high} null it is 64 KiB, or 4 × {@code low} when {@code low} is given; with
   * {@code low} null it is {@code high / 4}.
   *
   * @param high the high-water mark, or null
   * @param low the low-water mark, or null
   * @throws IllegalArgumentException unless {@code high >= low >= 0}
   */
  void setWriteBufferLimits(Integer high, Integer low);

  /** @return the current marks */
  WriteBufferLimits getWriteBufferLimits();

  /** @return how many bytes are buffered, waiting for the socket */
  int getWriteBufferSize();

  /**
   * Information about the connection (asyncio {@code get_extra_info}): {@code "peername"} and
   * {@code "sockname"} (a {@link java.net.SocketAddress}), {@code "socket"} (the
   * {@link java.nio.channels.SocketChannel}; do not read or write it directly).
   *
   * <p>A TLS transport (issue 11) adds: {@code "sslcontext"} (the {@link javax.net.ssl.SSLContext}),
   * {@code "ssl_object"} (the {@link javax.net.ssl.SSLEngine}; asyncio's {@code SSLObject}),
   * {@code "sslsession"} (its {@link javax.net.ssl.SSLSession}), {@code "peercert"} (the peer's
   * leaf {@link java.security.cert.X509Certificate}, or null when the peer sent none; asyncio
   * gives a decoded dict), {@code "peercertchain"} (the peer's chain, a
   * {@code Certificate[]}), {@code "cipher"} (a {@code String[]} of the cipher suite name and
   * the protocol, e.g. {@code {"TLS_AES_128_GCM_SHA256", "TLSv1.3"}}; asyncio's tuple without
   * the secret bits) and {@code "compression"} (always {@code null}: the JDK does not compress,
   * as asyncio's {@code None}). These are null until the handshake finished.
   *
   * @param name the key
   * @return the value, or {@code null} if unknown
   */
  default Object getExtraInfo(String name) {
    return getExtraInfo(name, null);
  }

  /**
   * As {@link #getExtraInfo(String)}, with a default.
   *
   * @param name the key
   * @param defaultValue what to return for an unknown key
   * @return the value, or {@code defaultValue}
   */
  Object getExtraInfo(String name, Object defaultValue);

  /** @return the current protocol */
  BaseProtocol getProtocol();

  /**
   * Switches to another protocol; the next callbacks go to it.
   *
   * @param protocol the new protocol
   */
  void setProtocol(BaseProtocol protocol);
}
