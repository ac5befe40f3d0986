package io.jasyncio.kotlin

import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.net.Net
import io.jasyncio.internal.net.StreamWriterImpl
import io.jasyncio.internal.net.Tls
import io.jasyncio.net.BaseProtocol
import io.jasyncio.net.ConnectionOptions
import io.jasyncio.net.StreamConnection
import io.jasyncio.net.StreamWriter
import io.jasyncio.net.Transport
import java.nio.file.Path
import java.util.Objects
import javax.net.ssl.SSLContext
import kotlinx.coroutines.future.await

/*
 * The Kotlin face of TLS (issue 11): `openConnection` with [ConnectionOptions] (asyncio's
 * `ssl=`, `server_hostname=`, `ssl_handshake_timeout=`), `startTls` for a protocol-level
 * connection and `StreamWriter.startTls` for streams. A TLS server is `startServer(host, port,
 * ServerOptions.defaults().ssl(ctx)) { r, w -> ... }` (options on the existing call); client
 * certificates (mutual TLS, asyncio's server-side `verify_mode`) are
 * `ServerOptions.sslClientAuth(SslClientAuth.NEED)` (or `WANT`), checked against `ctx`'s trust
 * material, and the handler sees the client's certificate as `writer.getExtraInfo("peercert")`.
 * A client refused there never reaches the handler; the client gets an `SSLException` subtype,
 * from `openConnection` (TLS 1.2) or from its first read (TLS 1.3, whose client finishes its
 * side of the handshake before the server checks its certificate).
 *
 * Failures: a failed handshake throws the `javax.net.ssl.SSLException` subtype the JDK raised
 * (e.g. `SSLHandshakeException` for an untrusted certificate or a host name mismatch); a
 * handshake longer than its timeout throws `java.net.SocketTimeoutException`. The socket is then
 * closed and nothing stays registered. Cancelling the caller does the same.
 */

/**
 * Connects to [host]:[port] with [options] (asyncio `open_connection(host, port, ssl=ctx, ...)`):
 * with `options.ssl(ctx)` the connection speaks TLS, the server's certificate must be trusted by
 * `ctx` and match [ConnectionOptions.serverHostname] (the host by default).
 */
@JvmSynthetic
public suspend fun openConnection(host: String, port: Int, options: ConnectionOptions): StreamConnection {
  Objects.requireNonNull(host, "host")
  Objects.requireNonNull(options, "options")
  Net.checkPort(port)
  val loop = currentLoop()
  Net.checkLoop(loop)
  return Tls.openConnection(loop, host, port, options)
}

/** As [openConnection] over the Unix socket at [path]; with TLS, give a server host name or turn the check off. */
@JvmSynthetic
public suspend fun openUnixConnection(path: Path, options: ConnectionOptions): StreamConnection {
  Objects.requireNonNull(path, "path")
  Objects.requireNonNull(options, "options")
  val loop = currentLoop()
  Net.checkLoop(loop)
  if (options.ssl() != null && options.checkHostname() && options.serverHostname() == null) {
    throw IllegalArgumentException("serverHostname is required for TLS over a Unix socket while checkHostname is on")
  }
  return Tls.openUnixConnection(loop, path, options)
}

/**
 * Upgrades the plain [transport] to TLS in place (asyncio `loop.start_tls`) and returns the TLS
 * transport now wired to [protocol]; see `EventLoop.startTls` for the contract. [serverHostname]
 * null on the client side skips the host name check (an explicit choice).
 */
@JvmSynthetic
public suspend fun startTls(
  transport: Transport,
  protocol: BaseProtocol,
  sslContext: SSLContext,
  serverSide: Boolean = false,
  serverHostname: String? = null,
  sslHandshakeTimeout: java.time.Duration? = null,
): Transport {
  val loop = currentLoop()
  @Suppress("UNCHECKED_CAST")
  val f = Tls.startTlsAsync(loop, transport, protocol, sslContext, serverSide, serverHostname, sslHandshakeTimeout) as FutureImpl<Transport>
  return f.awaitInternal()
}

/**
 * Upgrades this stream connection to TLS (asyncio 3.11 `StreamWriter.start_tls`): drains, runs
 * the handshake, then the reader and this writer use the TLS transport. [serverSide] null takes
 * asyncio's rule: the server side when this writer was handed to a `startServer` handler.
 */
@JvmSynthetic
public suspend fun StreamWriter.startTls(
  sslContext: SSLContext,
  serverHostname: String? = null,
  serverSide: Boolean? = null,
  sslHandshakeTimeout: java.time.Duration? = null,
) {
  Objects.requireNonNull(sslContext, "sslContext")
  val w = this as? StreamWriterImpl
  if (w == null) {
    startTlsAsync(sslContext, serverSide ?: false, serverHostname, sslHandshakeTimeout).await()
    return
  }
  w.startTls(sslContext, serverSide, serverHostname, sslHandshakeTimeout)
}
