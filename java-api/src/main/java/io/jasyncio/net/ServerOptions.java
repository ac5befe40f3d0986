package io.jasyncio.net;

/**
 * Options of {@link io.jasyncio.EventLoop#createServer} and {@link Streams#startServer} (asyncio's
 * keyword arguments). Mutable, fluent; the server copies what it needs when created.
 */
public final class ServerOptions {
  int backlog = 100;
  boolean reuseAddress = true;
  boolean reusePort;
  boolean startServing = true;
  boolean cleanupSocket = true;
  int limit = Streams.DEFAULT_LIMIT;
  // ---- TLS (issue 11) ----
  javax.net.ssl.SSLContext ssl;
  java.time.Duration sslHandshakeTimeout = ConnectionOptions.DEFAULT_SSL_HANDSHAKE_TIMEOUT;
  java.time.Duration sslShutdownTimeout = ConnectionOptions.DEFAULT_SSL_SHUTDOWN_TIMEOUT;
  // ---- mutual TLS (issue 11 leftovers) ----
  SslClientAuth sslClientAuth = SslClientAuth.NONE;

  /** @return new options with asyncio's defaults */
  public static ServerOptions defaults() {
    return new ServerOptions();
  }

  /**
   * @param backlog the listen backlog (asyncio's default 100)
   * @return this
   * @throws IllegalArgumentException if negative
   */
  public ServerOptions backlog(int backlog) {
    if (backlog < 0) throw new IllegalArgumentException("backlog must be >= 0, got " + backlog);
    this.backlog = backlog;
    return this;
  }

  /**
   * @param reuseAddress SO_REUSEADDR (default {@code true}, as asyncio on POSIX)
   * @return this
   */
  public ServerOptions reuseAddress(boolean reuseAddress) {
    this.reuseAddress = reuseAddress;
    return this;
  }

  /**
   * @param reusePort SO_REUSEPORT (default {@code false})
   * @return this
   */
  public ServerOptions reusePort(boolean reusePort) {
    this.reusePort = reusePort;
    return this;
  }

  /**
   * Whether to accept at once (default {@code true}); otherwise connections are accepted from
   * {@link Server#startServingAsync} or {@link Server#serveForeverAsync} on.
   *
   * <p><b>Difference from CPython:</b> the JDK binds and listens in one call, so with {@code false}
   * the socket already listens: a client's connect succeeds and waits in the kernel's backlog
   * until the server starts serving (asyncio calls {@code listen} only in {@code start_serving},
   * so such a connect is refused).
   *
   * @param startServing whether to accept at once
   * @return this
   */
  public ServerOptions startServing(boolean startServing) {
    this.startServing = startServing;
    return this;
  }

  /**
   * Unix servers only (asyncio 3.13's {@code cleanup_socket}, default {@code true}): a stale
   * socket file at the path is removed before binding, and the server removes its socket file
   * when closed, unless the path no longer refers to the socket it made (replaced by another
   * file meanwhile). With {@code false} neither happens, and a stale file makes the bind fail.
   *
   * @param cleanupSocket whether to remove the socket file before binding and on close
   * @return this
   */
  public ServerOptions cleanupSocket(boolean cleanupSocket) {
    this.cleanupSocket = cleanupSocket;
    return this;
  }

  /**
   * @param limit the stream readers' limit ({@link Streams#startServer} only; 64 KiB default)
   * @return this
   * @throws IllegalArgumentException if not positive
   */
  public ServerOptions limit(int limit) {
    if (limit <= 0) throw new IllegalArgumentException("limit must be > 0, got " + limit);
    this.limit = limit;
    return this;
  }

  // ---- TLS (issue 11) ----

  /**
   * @param ssl the context whose key material the server presents (asyncio {@code ssl=}), or
   *     {@code null} for plain TCP; every accepted connection then speaks TLS, and its protocol
   *     sees {@code connectionMade} only once the handshake finished (a client that fails it is
   *     dropped without reaching the protocol)
   * @return this
   */
  public ServerOptions ssl(javax.net.ssl.SSLContext ssl) {
    this.ssl = ssl;
    return this;
  }

  /**
   * @param timeout how long a client's TLS handshake may take (default 60 s)
   * @return this
   * @throws IllegalArgumentException if not positive
   */
  public ServerOptions sslHandshakeTimeout(java.time.Duration timeout) {
    this.sslHandshakeTimeout = ConnectionOptions.checkTimeout(timeout, "sslHandshakeTimeout");
    return this;
  }

  /**
   * @param timeout how long a TLS close waits for the client's close_notify (default 30 s)
   * @return this
   * @throws IllegalArgumentException if not positive
   */
  public ServerOptions sslShutdownTimeout(java.time.Duration timeout) {
    this.sslShutdownTimeout = ConnectionOptions.checkTimeout(timeout, "sslShutdownTimeout");
    return this;
  }

  // ---- mutual TLS (issue 11 leftovers) ----

  /**
   * Client certificates (mutual TLS), asyncio's server-side {@code verify_mode}: set on the
   * {@link javax.net.ssl.SSLEngine} of every accepted TLS connection; no effect without
   * {@link #ssl}. With {@link SslClientAuth#NEED}, a client without a certificate the server's
   * context trusts fails the handshake: it never reaches the server's protocol or handler, and the
   * client gets an {@link javax.net.ssl.SSLException} subtype (see {@link SslClientAuth#NEED} for
   * TLS 1.3). The client's certificate is the server transport's {@code getExtraInfo("peercert")}.
   *
   * @param clientAuth {@link SslClientAuth#NONE} (default), {@code WANT} or {@code NEED}
   * @return this
   * @throws NullPointerException if {@code clientAuth} is null
   */
  public ServerOptions sslClientAuth(SslClientAuth clientAuth) {
    this.sslClientAuth = java.util.Objects.requireNonNull(clientAuth, "clientAuth");
    return this;
  }

  /** @return whether the server asks clients for a certificate (default {@link SslClientAuth#NONE}) */
  public SslClientAuth sslClientAuth() {
    return sslClientAuth;
  }

  /** @return the TLS context, or {@code null} for plain TCP */
  public javax.net.ssl.SSLContext ssl() {
    return ssl;
  }

  /** @return the handshake timeout */
  public java.time.Duration sslHandshakeTimeout() {
    return sslHandshakeTimeout;
  }

  /** @return the TLS close timeout */
  public java.time.Duration sslShutdownTimeout() {
    return sslShutdownTimeout;
  }

  /** @return the backlog */
  public int backlog() {
    return backlog;
  }

  /** @return SO_REUSEADDR */
  public boolean reuseAddress() {
    return reuseAddress;
  }

  /** @return SO_REUSEPORT */
  public boolean reusePort() {
    return reusePort;
  }

  /** @return whether to accept at once */
  public boolean startServing() {
    return startServing;
  }

  /** @return whether a Unix server removes its socket file (before binding and on close) */
  public boolean cleanupSocket() {
    return cleanupSocket;
  }

  /** @return the stream readers' limit */
  public int limit() {
    return limit;
  }

  @Override
  public String toString() {
    return "ServerOptions[backlog=" + backlog + ", reuseAddress=" + reuseAddress + ", reusePort="
        + reusePort + ", startServing=" + startServing + ", cleanupSocket=" + cleanupSocket + ", limit=" + limit
        + ", ssl=" + (ssl == null ? "off" : ssl.getProtocol())
        + (sslClientAuth == SslClientAuth.NONE ? "" : ", sslClientAuth=" + sslClientAuth) + "]";
  }
}
