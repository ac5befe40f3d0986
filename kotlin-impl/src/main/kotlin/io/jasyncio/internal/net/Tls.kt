package io.jasyncio.internal.net

import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.net.BaseProtocol
import io.jasyncio.net.ConnectionOptions
import io.jasyncio.net.ServerOptions
import io.jasyncio.net.SslClientAuth
import io.jasyncio.net.StreamConnection
import io.jasyncio.net.Transport
import io.jasyncio.net.TransportAndProtocol
import java.net.UnixDomainSocketAddress
import java.nio.channels.SocketChannel
import java.nio.file.Path
import java.time.Duration
import java.util.Objects
import java.util.function.Supplier
import javax.net.ssl.SNIHostName
import javax.net.ssl.SSLContext
import javax.net.ssl.SSLEngine

/**
 * TLS (issue 11) wired into the networking calls: client and server engines configured as
 * asyncio's default context would be, TLS connections, TLS servers (by wrapping the protocol
 * factory, so [ServerImpl] accepts exactly as for plain TCP) and start_tls.
 */
internal object Tls {
  private fun seconds(d: Duration): Double = d.toNanos() / 1e9

  /** Not a name to send as SNI (RFC 6066 forbids literal addresses). */
  private fun isLiteral(host: String): Boolean = host.indexOf(':') >= 0 || host.all { it == '.' || it in '0'..'9' }

  /**
   * A client engine: peer host and port for session reuse, SNI when [serverHostname] is a name,
   * RFC 2818 host name verification when [checkHostname].
   */
  fun clientEngine(ctx: SSLContext, serverHostname: String?, port: Int, checkHostname: Boolean): SSLEngine {
    if (checkHostname && serverHostname == null) {
      throw IllegalArgumentException("serverHostname is required when checkHostname is on (there is no host to check the certificate against)")
    }
    val e = if (serverHostname != null) ctx.createSSLEngine(serverHostname, port) else ctx.createSSLEngine()
    e.useClientMode = true
    val p = e.sslParameters
    if (checkHostname) p.endpointIdentificationAlgorithm = "HTTPS"
    if (serverHostname != null && serverHostname.isNotEmpty() && !isLiteral(serverHostname)) p.serverNames = listOf(SNIHostName(serverHostname))
    e.sslParameters = p
    return e
  }

  /** A server engine; [clientAuth] asks for client certificates (mutual TLS, DECISIONS "Client certificates"). */
  fun serverEngine(ctx: SSLContext, clientAuth: SslClientAuth = SslClientAuth.NONE): SSLEngine {
    val e = ctx.createSSLEngine()
    e.useClientMode = false
    when (clientAuth) {
      SslClientAuth.NONE -> {}
      SslClientAuth.WANT -> e.wantClientAuth = true
      SslClientAuth.NEED -> e.needClientAuth = true
    }
    return e
  }

  /** The server side: every accepted connection's protocol sits behind an [SslProtocol]. */
  fun serverFactory(loop: EventLoopImpl, factory: Supplier<out BaseProtocol>, options: ServerOptions): Supplier<out BaseProtocol> {
    val ctx = options.ssl() ?: return factory
    val hs = seconds(options.sslHandshakeTimeout())
    val sh = seconds(options.sslShutdownTimeout())
    return Supplier {
      val app = factory.get() ?: throw NullPointerException("the protocol factory returned null")
      SslProtocol(loop, ctx, serverEngine(ctx, options.sslClientAuth()), app, null, hs, sh, callConnectionMade = true)
    }
  }

  suspend fun <P : BaseProtocol> createConnection(
    loop: EventLoopImpl,
    factory: Supplier<P>,
    host: String,
    port: Int,
    options: ConnectionOptions,
  ): TransportAndProtocol<P> {
    val ctx = options.ssl()
    // the engine is made first: a bad option fails before anything is opened
    val engine = ctx?.let { clientEngine(it, options.serverHostname() ?: host, port, options.checkHostname()) }
    val addrs = Net.resolve(loop, host, port)
    val ch = Net.connectAny(loop, addrs, options.localAddr())
    if (ctx == null) return Net.makeTransport(loop, ch, factory)
    return makeTransport(loop, ch, factory, ctx, engine!!, options)
  }

  suspend fun <P : BaseProtocol> createUnixConnection(
    loop: EventLoopImpl,
    factory: Supplier<P>,
    path: Path,
    options: ConnectionOptions,
  ): TransportAndProtocol<P> {
    val ctx = options.ssl()
    val engine = ctx?.let { clientEngine(it, options.serverHostname(), -1, options.checkHostname()) }
    val ch = Net.connectAny(loop, listOf(UnixDomainSocketAddress.of(path)), null)
    if (ctx == null) return Net.makeTransport(loop, ch, factory)
    return makeTransport(loop, ch, factory, ctx, engine!!, options)
  }

  /** Wires [factory]'s protocol behind an [SslProtocol] over [ch] and waits for the handshake. */
  private suspend fun <P : BaseProtocol> makeTransport(
    loop: EventLoopImpl,
    ch: SocketChannel,
    factory: Supplier<P>,
    ctx: SSLContext,
    engine: SSLEngine,
    options: ConnectionOptions,
  ): TransportAndProtocol<P> {
    val p: P
    try {
      p = factory.get() ?: throw NullPointerException("the protocol factory returned null")
    } catch (e: Throwable) {
      Net.closeQuietly(ch)
      throw e
    }
    val waiter = FutureImpl<Void?>(loop)
    val ssl = SslProtocol(loop, ctx, engine, p, waiter, seconds(options.sslHandshakeTimeout()), seconds(options.sslShutdownTimeout()), true)
    val plain = SocketTransport(loop, ch, ssl, null)
    try {
      plain.start(null)
      waiter.awaitInternal()
    } catch (e: Throwable) {
      // cancelled, or the handshake failed: nothing may stay open or registered
      if (!plain.isClosing) plain.abort()
      ssl.abort(e)
      throw e
    }
    return TransportAndProtocol(ssl.app, p)
  }

  /**
   * asyncio's `start_tls`: the plain transport pauses, switches to an [SslProtocol] wrapping
   * [protocol], resumes, and the handshake runs over the same socket.
   */
  suspend fun startTls(
    loop: EventLoopImpl,
    transport: Transport,
    protocol: BaseProtocol,
    ctx: SSLContext,
    serverSide: Boolean,
    serverHostname: String?,
    handshakeTimeout: Duration?,
  ): Transport {
    val plain = checkStartTls(loop, transport)
    val engine = if (serverSide) serverEngine(ctx) else clientEngine(ctx, serverHostname, peerPort(plain), serverHostname != null)
    val waiter = FutureImpl<Void?>(loop)
    val hs = seconds(handshakeTimeout ?: ConnectionOptions.DEFAULT_SSL_HANDSHAKE_TIMEOUT)
    val ssl = SslProtocol(loop, ctx, engine, protocol, waiter, hs, seconds(ConnectionOptions.DEFAULT_SSL_SHUTDOWN_TIMEOUT), false)
    ssl.plain = plain
    plain.pauseReading()
    plain.setProtocol(ssl)
    try {
      ssl.startHandshake()
      plain.resumeReading()
      waiter.awaitInternal()
    } catch (e: Throwable) {
      ssl.abort(e)
      if (!plain.isClosing) plain.abort()
      throw e
    }
    return ssl.app
  }

  fun checkStartTls(loop: EventLoopImpl, transport: Transport): SocketTransport {
    val plain = transport as? SocketTransport
      ?: throw IllegalArgumentException("startTls needs a plain jasyncio socket transport, got $transport")
    if (plain.loop !== loop) throw IllegalArgumentException("the transport belongs to another loop: $transport")
    if (plain.isClosing) throw IllegalStateException("the transport is closing: $transport")
    return plain
  }

  private fun peerPort(t: SocketTransport): Int = (t.getExtraInfo("peername") as? java.net.InetSocketAddress)?.port ?: -1

  // ---- the loop's Java face (EventLoopImpl delegates here): arguments checked before anything opens ----

  fun <P : BaseProtocol> createConnectionAsync(
    loop: EventLoopImpl,
    factory: Supplier<P>?,
    host: String?,
    port: Int,
    options: ConnectionOptions?,
  ): io.jasyncio.Future<TransportAndProtocol<P>> {
    Objects.requireNonNull(factory, "protocolFactory")
    Objects.requireNonNull(host, "host")
    Objects.requireNonNull(options, "options")
    Net.checkPort(port)
    Net.checkLoop(loop)
    return Net.task(loop) { createConnection(loop, factory!!, host!!, port, options!!) }
  }

  fun <P : BaseProtocol> createUnixConnectionAsync(
    loop: EventLoopImpl,
    factory: Supplier<P>?,
    path: Path?,
    options: ConnectionOptions?,
  ): io.jasyncio.Future<TransportAndProtocol<P>> {
    Objects.requireNonNull(factory, "protocolFactory")
    Objects.requireNonNull(path, "path")
    Objects.requireNonNull(options, "options")
    Net.checkLoop(loop)
    if (options!!.ssl() != null && options.checkHostname() && options.serverHostname() == null) {
      throw IllegalArgumentException("serverHostname is required for TLS over a Unix socket while checkHostname is on")
    }
    return Net.task(loop) { createUnixConnection(loop, factory!!, path!!, options) }
  }

  fun startTlsAsync(
    loop: EventLoopImpl,
    transport: Transport?,
    protocol: BaseProtocol?,
    ctx: SSLContext?,
    serverSide: Boolean,
    serverHostname: String?,
    timeout: Duration?,
  ): io.jasyncio.Future<Transport> {
    Objects.requireNonNull(transport, "transport")
    Objects.requireNonNull(protocol, "protocol")
    Objects.requireNonNull(ctx, "sslContext")
    if (timeout != null) ConnectionOptions.defaults().sslHandshakeTimeout(timeout) // the same check
    Net.checkLoop(loop)
    checkStartTls(loop, transport!!)
    return Net.task(loop) { startTls(loop, transport, protocol!!, ctx!!, serverSide, serverHostname, timeout) }
  }

  // ---- streams ---------------------------------------------------------------------------------

  suspend fun openConnection(loop: EventLoopImpl, host: String, port: Int, options: ConnectionOptions): StreamConnection {
    val reader = StreamReaderImpl(loop, options.limit())
    val tp = createConnection(loop, { StreamProtocol(loop, reader) }, host, port, options)
    return streamConnection(loop, tp.transport(), tp.protocol(), reader)
  }

  suspend fun openUnixConnection(loop: EventLoopImpl, path: Path, options: ConnectionOptions): StreamConnection {
    val reader = StreamReaderImpl(loop, options.limit())
    val tp = createUnixConnection(loop, { StreamProtocol(loop, reader) }, path, options)
    return streamConnection(loop, tp.transport(), tp.protocol(), reader)
  }

  private fun streamConnection(loop: EventLoopImpl, t: Transport, p: StreamProtocol, reader: StreamReaderImpl): StreamConnection {
    val w = StreamWriterImpl(t, p, reader, loop)
    p.writer = w
    return StreamConnection(reader, w)
  }

  /** asyncio 3.11 `StreamWriter.start_tls`: drain, upgrade, then the reader and writer use the new transport. */
  suspend fun streamStartTls(
    w: StreamWriterImpl,
    ctx: SSLContext,
    serverSide: Boolean?,
    serverHostname: String?,
    handshakeTimeout: Duration?,
  ) {
    Objects.requireNonNull(ctx, "sslContext")
    w.drain()
    val side = serverSide ?: w.protocol.isServerSide()
    val t = startTls(w.loop, w.transport(), w.protocol, ctx, side, serverHostname, handshakeTimeout)
    w.replaceTransport(t)
  }
}
