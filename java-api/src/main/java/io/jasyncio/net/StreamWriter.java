package io.jasyncio.net;

import java.util.concurrent.CompletableFuture;

/**
 * The writing side of a stream connection (asyncio {@code StreamWriter}), over a
 * {@link Transport}.
 *
 * <p>{@link #write} never waits: it hands the bytes to the transport, which buffers what the
 * socket does not take. Call {@link #drainAsync} after writing to wait while that buffer is
 * above its high-water mark: a writer that drains cannot make memory grow without bound.
 *
 * <p><b>Thread:</b> {@code write}, {@code writelines}, {@code writeEof}, {@code close} act on the
 * loop-bound transport and must be called on its loop thread; {@link #drainAsync} and
 * {@link #waitClosedAsync} may be called from anywhere. Cancelling a waiting drain withdraws it.
 *
 * <p>Kotlin: suspend {@code drain()} and {@code waitClosed()} on the same object.
 */
public interface StreamWriter {
  /** @return the transport */
  Transport transport();

  /**
   * Writes {@code data}.
   *
   * @param data the bytes
   */
  void write(byte[] data);

  /**
   * Writes every element of {@code data}, in order.
   *
   * @param data the chunks
   */
  void writelines(Iterable<byte[]> data);

  /** Half-closes: the peer reads EOF once the buffered data is sent. */
  void writeEof();

  /** @return whether {@link #writeEof} is supported */
  boolean canWriteEof();

  /** Closes the transport (buffered data is flushed first). */
  void close();

  /** @return whether the transport is closing or closed */
  boolean isClosing();

  /**
   * Waits until the connection is closed (asyncio {@code wait_closed}).
   *
   * @return a future completed with {@code null} once the connection is lost
   */
  CompletableFuture<Void> waitClosedAsync();

  /**
   * Waits until it is appropriate to write again: returns a done future while the transport's
   * buffer is at or below its high-water mark; otherwise completes once it drained to the
   * low-water mark. Fails with the reader's error if it has one, or with the connection's error
   * (an {@link java.io.IOException}, "Connection lost" if there was none) once it is lost.
   *
   * @return a future completed with {@code null}
   */
  CompletableFuture<Void> drainAsync();

  /**
   * As {@link Transport#getExtraInfo(String)}.
   *
   * @param name the key
   * @return the value, or null
   */
  Object getExtraInfo(String name);

  // ---- TLS (issue 11) ----

  /**
   * Upgrades this connection to TLS in place (asyncio 3.11 {@code StreamWriter.start_tls},
   * STARTTLS): after the returned future completes, writes are encrypted and the reader receives
   * decrypted data; {@link #transport()} is then the TLS transport. Nothing may be written while
   * the upgrade runs. Fails as {@link io.jasyncio.EventLoop#startTls}; the connection is then
   * aborted. Callable from any thread (hops to the loop); completes on the loop thread.
   *
   * <p>Kotlin: suspend {@code startTls(...)}.
   *
   * @param sslContext the TLS context
   * @param serverHostname the name to check and send as SNI; null to skip the check
   * @return a future completed with {@code null} once the handshake finished
   */
  java.util.concurrent.CompletableFuture<Void> startTlsAsync(
      javax.net.ssl.SSLContext sslContext, String serverHostname);

  /**
   * As {@link #startTlsAsync(javax.net.ssl.SSLContext, String)}, choosing the side and the
   * handshake timeout.
   *
   * @param sslContext the TLS context
   * @param serverSide whether this end is the TLS server (asyncio's writer is always a client;
   *     a server handler upgrading its connection passes {@code true})
   * @param serverHostname the name to check (client side), or null
   * @param sslHandshakeTimeout the handshake timeout, or null for 60 s
   * @return a future completed with {@code null} once the handshake finished
   */
  java.util.concurrent.CompletableFuture<Void> startTlsAsync(
      javax.net.ssl.SSLContext sslContext, boolean serverSide, String serverHostname,
      java.time.Duration sslHandshakeTimeout);
}
