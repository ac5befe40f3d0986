package io.jasyncio.internal.net

import io.jasyncio.Future
import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.internal.loop.IoSource
import io.jasyncio.net.BaseProtocol
import io.jasyncio.net.Server
import io.jasyncio.net.ServerOptions
import io.jasyncio.net.TransportAndProtocol
import java.io.IOException
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.SocketAddress
import java.net.StandardProtocolFamily
import java.net.StandardSocketOptions
import java.net.UnixDomainSocketAddress
import java.nio.channels.SelectionKey
import java.nio.channels.ServerSocketChannel
import java.nio.channels.SocketChannel
import java.nio.file.Path
import java.util.Objects
import java.util.function.Supplier
import kotlin.coroutines.resume
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.suspendCancellableCoroutine

/**
 * asyncio's `create_connection`, `create_server` and their Unix twins, `connect_accepted_socket`
 * and `getaddrinfo`, as suspend functions run on the loop thread (the Java face wraps each in a
 * task; the Kotlin face calls them directly). Arguments are checked before anything is opened or
 * registered.
 */
internal object Net {
  internal fun checkPort(port: Int) {
    if (port < 0 || port > 65535) throw IllegalArgumentException("port must be 0-65535, got $port")
  }

  internal fun checkLoop(loop: EventLoopImpl) {
    loop.checkClosed()
    if (!loop.owned()) {
      throw IllegalStateException("networking calls are bound to the loop: call them on its thread, not from ${Thread.currentThread().name}")
    }
  }

  /** An address literal needs no resolver (asyncio's `_ipaddr_info` shortcut). */
  private fun isLiteral(host: String): Boolean {
    if (host.isEmpty()) return false
    if (host.indexOf(':') >= 0) return true
    for (c in host) if (c != '.' && (c < '0' || c > '9')) return false
    return true
  }

  fun getaddrinfo(loop: EventLoopImpl, host: String, port: Int): Future<List<InetSocketAddress>> {
    Objects.requireNonNull(host, "host")
    checkPort(port)
    if (isLiteral(host)) {
      val f = FutureImpl<List<InetSocketAddress>>(loop)
      try {
        f.completeFromAnyThread(InetAddress.getAllByName(host).map { InetSocketAddress(it, port) }, null)
      } catch (e: IOException) {
        f.completeFromAnyThread(null, e)
      }
      return f
    }
    return loop.runInExecutor(null) { InetAddress.getAllByName(host).map { InetSocketAddress(it, port) } }
  }

  suspend fun resolve(loop: EventLoopImpl, host: String, port: Int): List<InetSocketAddress> {
    if (isLiteral(host)) return InetAddress.getAllByName(host).map { InetSocketAddress(it, port) }
    return (getaddrinfo(loop, host, port) as FutureImpl<List<InetSocketAddress>>).awaitInternal()
  }

  /** Waits for a pending connect (OP_CONNECT); the transport then takes the key over. */
  private class ConnectWait : IoSource() {
    @JvmField var cont: CancellableContinuation<Unit>? = null

    override fun onReady(ops: Int) {
      val c = cont ?: return
      cont = null
      c.resume(Unit)
    }
  }

  private suspend fun connect(loop: EventLoopImpl, ch: SocketChannel, address: SocketAddress) {
    if (ch.connect(address)) return
    val w = ConnectWait()
    try {
      suspendCancellableCoroutine<Unit> { cont ->
        w.cont = cont
        loop.io.register(ch, w, SelectionKey.OP_CONNECT)
      }
      ch.finishConnect()
    } catch (e: Throwable) {
      // cancelled or refused: the coroutine resumes on the loop thread, which owns the key
      loop.runOrPost { loop.io.unregister(w) }
      throw e
    }
  }

  /** Opens a connected channel to the first of [addresses] that accepts (asyncio tries each in turn). */
  suspend fun connectAny(loop: EventLoopImpl, addresses: List<SocketAddress>, localAddr: InetSocketAddress?): SocketChannel {
    val errors = ArrayList<IOException>()
    for (a in addresses) {
      val ch = if (a is UnixDomainSocketAddress) {
        SocketChannel.open(StandardProtocolFamily.UNIX)
      } else if ((a as InetSocketAddress).address is java.net.Inet6Address) {
        SocketChannel.open(StandardProtocolFamily.INET6)
      } else {
        SocketChannel.open(StandardProtocolFamily.INET)
      }
      try {
        ch.configureBlocking(false)
        if (a is InetSocketAddress) ch.setOption(StandardSocketOptions.TCP_NODELAY, true)
        if (localAddr != null) ch.bind(localAddr)
        connect(loop, ch, a)
        return ch
      } catch (e: IOException) {
        closeQuietly(ch)
        errors.add(e)
      } catch (e: Throwable) {
        closeQuietly(ch)
        throw e
      }
    }
    if (errors.isEmpty()) throw IOException("getaddrinfo returned no address")
    if (errors.size == 1 || errors.all { it.message == errors[0].message }) {
      val first = errors[0]
      for (i in 1 until errors.size) first.addSuppressed(errors[i])
      throw first
    }
    val all = IOException("Multiple exceptions: " + errors.joinToString(", ") { it.message ?: it.toString() })
    for (e in errors) all.addSuppressed(e)
    throw all
  }

  internal fun closeQuietly(c: java.io.Closeable) {
    try {
      c.close()
    } catch (ignored: IOException) {
      // nothing to do
    }
  }

  /** Wires a protocol to a connected [ch] and waits for `connectionMade` (asyncio's waiter). */
  suspend fun <P : BaseProtocol> makeTransport(loop: EventLoopImpl, ch: SocketChannel, factory: Supplier<P>): TransportAndProtocol<P> {
    val p: P
    try {
      p = factory.get() ?: throw NullPointerException("the protocol factory returned null")
    } catch (e: Throwable) {
      closeQuietly(ch)
      throw e
    }
    return TransportAndProtocol(startTransport(loop, SocketTransport(loop, ch, p, null)), p)
  }

  /**
   * Starts [t] and waits for its `connectionMade` (asyncio's waiter). If that fails or the caller
   * is cancelled, the transport is aborted: nothing stays open or registered.
   */
  suspend fun <T : StartableTransport> startTransport(loop: EventLoopImpl, t: T): T {
    val waiter = FutureImpl<Void?>(loop)
    try {
      t.start(waiter)
      waiter.awaitInternal()
    } catch (e: Throwable) {
      if (!t.isClosing()) t.abort()
      throw e
    }
    return t
  }

  suspend fun <P : BaseProtocol> createConnection(
    loop: EventLoopImpl,
    factory: Supplier<P>,
    host: String,
    port: Int,
    localAddr: InetSocketAddress?,
  ): TransportAndProtocol<P> {
    val addrs = resolve(loop, host, port)
    val ch = connectAny(loop, addrs, localAddr)
    return makeTransport(loop, ch, factory)
  }

  suspend fun <P : BaseProtocol> createUnixConnection(loop: EventLoopImpl, factory: Supplier<P>, path: Path): TransportAndProtocol<P> {
    val ch = connectAny(loop, listOf(UnixDomainSocketAddress.of(path)), null)
    return makeTransport(loop, ch, factory)
  }

  suspend fun createServer(
    loop: EventLoopImpl,
    factory: Supplier<out BaseProtocol>,
    host: String?,
    port: Int,
    options: ServerOptions,
  ): Server {
    val addrs: List<InetSocketAddress> = if (host == null || host.isEmpty()) listOf(InetSocketAddress(port)) else resolve(loop, host, port)
    val channels = ArrayList<ServerSocketChannel>()
    try {
      for (a in addrs) {
        val family = if (a.address is java.net.Inet6Address) StandardProtocolFamily.INET6 else StandardProtocolFamily.INET
        val ch = if (host == null || host.isEmpty()) ServerSocketChannel.open() else ServerSocketChannel.open(family)
        channels.add(ch)
        if (options.reuseAddress()) ch.setOption(StandardSocketOptions.SO_REUSEADDR, true)
        if (options.reusePort()) ch.setOption(StandardSocketOptions.SO_REUSEPORT, true)
        try {
          ch.bind(a, options.backlog())
        } catch (e: IOException) {
          throw IOException("error while attempting to bind on address $a: ${e.message}", e)
        }
      }
    } catch (e: Throwable) {
      for (c in channels) closeQuietly(c)
      throw e
    }
    return startServer(loop, factory, channels, options)
  }

  suspend fun createUnixServer(loop: EventLoopImpl, factory: Supplier<out BaseProtocol>, path: Path, options: ServerOptions): Server {
    if (options.cleanupSocket()) UnixSocketFiles.removeStale(path)
    val ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)
    try {
      ch.bind(UnixDomainSocketAddress.of(path), options.backlog())
    } catch (e: Throwable) {
      closeQuietly(ch)
      if (e is IOException) throw IOException("error while attempting to bind on address $path: ${e.message}", e)
      throw e
    }
    val server = startServer(loop, factory, listOf(ch), options)
    if (options.cleanupSocket()) server.socketFile = UnixSocketFiles.identify(path)
    return server
  }

  private fun startServer(loop: EventLoopImpl, factory: Supplier<out BaseProtocol>, channels: List<ServerSocketChannel>, options: ServerOptions): ServerImpl {
    // TLS (issue 11): with options.ssl() every accepted connection gets an SslProtocol in front
    val server = ServerImpl(loop, Tls.serverFactory(loop, factory, options), channels, options.backlog())
    if (options.startServing()) server.startServing()
    return server
  }

  // ---- the Java face: each call a task of the loop -----------------------------------------------

  fun <T> task(loop: EventLoopImpl, block: suspend () -> T): Future<T> = loop.createCoroutineTask(null, { block() }, eager = false)
}

/** A coroutine for a Java caller: a task of the loop on its thread, else submitted to it. */
/** An engine transport started by [Net.startTransport]. */
internal interface StartableTransport {
  /** Registers the channel; `connectionMade` runs in a later callback, then [waiter] completes. */
  fun start(waiter: FutureImpl<Void?>?)

  fun isClosing(): Boolean

  fun abort()
}

internal fun <T> EventLoopImpl.javaTask(block: suspend () -> T): java.util.concurrent.CompletableFuture<T> =
  if (inLoop()) createCoroutineTask(null, { block() }, eager = false) else submitCoroutine { block() }
