package io.jasyncio.net;

/**
 * Whether a TLS server asks its clients for a certificate ({@link ServerOptions#sslClientAuth}).
 *
 * <p>asyncio says this through the server's {@code SSLContext.verify_mode}; a
 * {@link javax.net.ssl.SSLContext} cannot, the JDK puts it on each {@link javax.net.ssl.SSLEngine}
 * ({@code setNeedClientAuth}/{@code setWantClientAuth}), so jasyncio takes it as a server option and
 * sets it on the engine of every accepted connection. The certificate is checked against the trust
 * material of the server's context (its {@code TrustManager}s), and a verified client certificate is
 * the server transport's {@code getExtraInfo("peercert")}.
 */
public enum SslClientAuth {
  /** No client certificate is asked for (asyncio {@code CERT_NONE}; the default). */
  NONE,
  /**
   * A certificate is asked for; a client without one is accepted, a client whose certificate is
   * not trusted is not (asyncio {@code CERT_OPTIONAL}).
   */
  WANT,
  /**
   * A trusted certificate is required: a client without one fails the handshake (asyncio
   * {@code CERT_REQUIRED}). With TLS 1.3 the client finishes its side of the handshake before the
   * server checks its certificate, so a client may see the server's alert as an
   * {@link javax.net.ssl.SSLException} on its first read rather than from the connect.
   */
  NEED
}
