package io.jasyncio.net;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Options of a client connection: {@link io.jasyncio.EventLoop#createConnection(
 * java.util.function.Supplier, String, int, ConnectionOptions)},
 * {@link Streams#openConnection(String, int, ConnectionOptions)} and their Unix twins (asyncio's
 * keyword arguments of {@code create_connection} / {@code open_connection}). Mutable, fluent, as
 * {@link ServerOptions}; the connection copies what it needs when it starts, so one instance may
 * be reused.
 *
 * <p><b>TLS.</b> {@link #ssl(SSLContext)} turns TLS on (asyncio's {@code ssl=}). The defaults are
 * asyncio's {@code ssl.create_default_context()} behaviour:
 * <ul>
 *   <li>{@link #serverHostname} defaults to the host given to the call (for a Unix socket there
 *       is none: give one, or turn {@link #checkHostname} off);</li>
 *   <li>the host name is sent as SNI when it is a name, not an address literal;</li>
 *   <li>the peer's certificate must match it: {@code SSLParameters.setEndpointIdentificationAlgorithm("HTTPS")}
 *       (RFC 2818: DNS or IP subject alternative names). {@link #checkHostname(boolean)
 *       checkHostname(false)} turns that off explicitly (asyncio {@code ctx.check_hostname =
 *       False}); the certificate chain is still checked by the context's trust managers.</li>
 * </ul>
 * The handshake must finish within {@link #sslHandshakeTimeout} (60 s) and a TLS close within
 * {@link #sslShutdownTimeout} (30 s), as asyncio.
 */
public final class ConnectionOptions {
  /** asyncio's {@code SSL_HANDSHAKE_TIMEOUT}: 60 s. */
  public static final Duration DEFAULT_SSL_HANDSHAKE_TIMEOUT = Duration.ofSeconds(60);

  /** asyncio's {@code SSL_SHUTDOWN_TIMEOUT}: 30 s. */
  public static final Duration DEFAULT_SSL_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

  SSLContext ssl;
  String serverHostname;
  boolean checkHostname = true;
  Duration sslHandshakeTimeout = DEFAULT_SSL_HANDSHAKE_TIMEOUT;
  Duration sslShutdownTimeout = DEFAULT_SSL_SHUTDOWN_TIMEOUT;
  InetSocketAddress localAddr;
  int limit = Streams.DEFAULT_LIMIT;

  /** @return new options: plain TCP, asyncio's defaults */
  public static ConnectionOptions defaults() {
    return new ConnectionOptions();
  }

  /**
   * @param ssl the context to speak TLS with (its trust managers check the server), or
   *     {@code null} for plain TCP
   * @return this
   */
  public ConnectionOptions ssl(SSLContext ssl) {
    this.ssl = ssl;
    return this;
  }

  /**
   * @param serverHostname the name the server's certificate must match and that is sent as SNI;
   *     {@code null} (the default) means the host of the call
   * @return this
   */
  public ConnectionOptions serverHostname(String serverHostname) {
    this.serverHostname = serverHostname;
    return this;
  }

  /**
   * @param checkHostname whether the server's certificate must match {@link #serverHostname}
   *     (default {@code true}); {@code false} is asyncio's {@code check_hostname = False}, an
   *     explicit choice to accept any trusted certificate
   * @return this
   */
  public ConnectionOptions checkHostname(boolean checkHostname) {
    this.checkHostname = checkHostname;
    return this;
  }

  /**
   * @param timeout how long the TLS handshake may take (default 60 s); then the connection is
   *     aborted and the call fails with {@link java.net.SocketTimeoutException}
   * @return this
   * @throws IllegalArgumentException if not positive
   */
  public ConnectionOptions sslHandshakeTimeout(Duration timeout) {
    this.sslHandshakeTimeout = checkTimeout(timeout, "sslHandshakeTimeout");
    return this;
  }

  /**
   * @param timeout how long a TLS close waits for the peer's close_notify (default 30 s); then
   *     the socket is closed anyway
   * @return this
   * @throws IllegalArgumentException if not positive
   */
  public ConnectionOptions sslShutdownTimeout(Duration timeout) {
    this.sslShutdownTimeout = checkTimeout(timeout, "sslShutdownTimeout");
    return this;
  }

  /**
   * @param localAddr the local address to bind before connecting (asyncio {@code local_addr}),
   *     or {@code null}
   * @return this
   */
  public ConnectionOptions localAddr(InetSocketAddress localAddr) {
    this.localAddr = localAddr;
    return this;
  }

  /**
   * @param limit the stream reader's limit (streams only; 64 KiB default)
   * @return this
   * @throws IllegalArgumentException if not positive
   */
  public ConnectionOptions limit(int limit) {
    this.limit = Streams.checkLimit(limit);
    return this;
  }

  static Duration checkTimeout(Duration timeout, String name) {
    Objects.requireNonNull(timeout, name);
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + timeout);
    }
    return timeout;
  }

  /** @return the TLS context, or {@code null} for plain TCP */
  public SSLContext ssl() {
    return ssl;
  }

  /** @return the server host name, or {@code null} for the call's host */
  public String serverHostname() {
    return serverHostname;
  }

  /** @return whether the server's certificate must match the host name */
  public boolean checkHostname() {
    return checkHostname;
  }

  /** @return the handshake timeout */
  public Duration sslHandshakeTimeout() {
    return sslHandshakeTimeout;
  }

  /** @return the TLS close timeout */
  public Duration sslShutdownTimeout() {
    return sslShutdownTimeout;
  }

  /** @return the local address, or {@code null} */
  public InetSocketAddress localAddr() {
    return localAddr;
  }

  /** @return the stream reader's limit */
  public int limit() {
    return limit;
  }

  @Override
  public String toString() {
    return "ConnectionOptions[ssl=" + (ssl == null ? "off" : ssl.getProtocol())
        + ", serverHostname=" + serverHostname + ", checkHostname=" + checkHostname
        + ", sslHandshakeTimeout=" + sslHandshakeTimeout + ", sslShutdownTimeout="
        + sslShutdownTimeout + ", localAddr=" + localAddr + ", limit=" + limit + "]";
  }
}
