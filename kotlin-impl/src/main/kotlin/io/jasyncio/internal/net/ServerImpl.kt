package io.jasyncio.internal.net

import io.jasyncio.EventLoop
import io.jasyncio.ExceptionContext
import io.jasyncio.internal.debug.ResourceLeaks
import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.internal.loop.IoSource
import io.jasyncio.net.BaseProtocol
import io.jasyncio.net.Server
import java.io.IOException
import java.net.StandardSocketOptions
import java.nio.channels.SelectionKey
import java.nio.channels.ServerSocketChannel
import java.nio.channels.SocketChannel
import java.util.concurrent.CompletableFuture
import java.util.function.Supplier
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.withContext

/**
 * asyncio's `Server`: listening channels, each an [IoSource] accepting on OP_ACCEPT while the
 * server is serving, and the transports it accepted (so that [closeClients] can reach them and
 * [waitClosedAsync] can wait for the last one). Loop-bound, except the read-only accessors and
 * [waitClosedAsync].
 */
internal class ServerImpl(
  @JvmField val loop: EventLoopImpl,
  private val factory: Supplier<out BaseProtocol>,
  channels: List<ServerSocketChannel>,
  private val backlog: Int,
) : Server {
  private inner class Acceptor(@JvmField val channel: ServerSocketChannel) : IoSource() {
    override fun onReady(ops: Int) = acceptReady(this)
  }

  @Volatile
  private var acceptors: List<Acceptor>? = channels.map { Acceptor(it) }

  @Volatile
  private var serving = false
  private var serveForever: FutureImpl<Void?>? = null
  private val clients = LinkedHashSet<SocketTransport>()

  /** Debug mode: reported if collected before [close] (asyncio's unclosed-resource warning). */
  private val leak: ResourceLeaks.Watch? =
    if (loop.getDebug()) ResourceLeaks.watch(this, "server", "Server[sockets=${channels.map { it.localAddress }}]") else null

  /** A Unix server's socket file, removed at [close] (asyncio 3.13's `cleanup_socket`); else null. */
  internal var socketFile: UnixSocketFiles.SocketFile? = null

  /** Futures waiting for the close; null once it happened (asyncio's `_waiters`). */
  private var waiters: ArrayList<FutureImpl<Void?>>? = ArrayList()

  private fun checkThread() {
    if (!loop.owned()) {
      throw IllegalStateException("a server is bound to its event loop: call it on the loop thread, not from ${Thread.currentThread().name}")
    }
  }

  fun attach(t: SocketTransport) {
    clients.add(t)
  }

  fun detach(t: SocketTransport) {
    clients.remove(t)
    if (clients.isEmpty() && acceptors == null) wakeup()
  }

  private fun wakeup() {
    val ws = waiters ?: return
    waiters = null
    for (w in ws) w.completeInternal(null, null)
  }

  fun startServing() {
    checkThread()
    if (serving) return
    val accs = acceptors ?: return
    serving = true
    for (a in accs) loop.io.register(a.channel, a, SelectionKey.OP_ACCEPT)
  }

  private fun acceptReady(a: Acceptor) {
    // as asyncio: accept up to `backlog` connections per readiness event
    for (i in 0 until maxOf(1, backlog)) {
      val ch: SocketChannel = try {
        a.channel.accept() ?: return
      } catch (e: IOException) {
        // out of descriptors or memory (asyncio: EMFILE, ENFILE, ENOBUFS, ENOMEM): stop
        // accepting for a second rather than spin on a listening socket that stays readable
        loop.callExceptionHandler(ExceptionContext("socket.accept() failed: ${e.message}", e, null, null))
        loop.io.unregister(a)
        loop.callLater(1.0) { if (acceptors != null && serving) loop.io.register(a.channel, a, SelectionKey.OP_ACCEPT) }
        return
      }
      accepted(ch)
    }
  }

  private fun accepted(ch: SocketChannel) {
    try {
      ch.configureBlocking(false)
      if (ch.localAddress is java.net.InetSocketAddress) ch.setOption(StandardSocketOptions.TCP_NODELAY, true)
      val p = factory.get() ?: throw NullPointerException("the protocol factory returned null")
      SocketTransport(loop, ch, p, this).start(null)
    } catch (e: Throwable) {
      loop.callExceptionHandler(ExceptionContext("Error on transport creation for incoming connection", e, null, null))
      try {
        ch.close()
      } catch (ignored: IOException) {
        // nothing to do
      }
    }
  }

  override fun getLoop(): EventLoop = loop

  override fun close() {
    checkThread()
    val accs = acceptors ?: return
    acceptors = null
    serving = false
    leak?.closed()
    for (a in accs) {
      loop.io.unregister(a)
      try {
        a.channel.close()
      } catch (ignored: IOException) {
        // nothing to do
      }
    }
    socketFile?.let { UnixSocketFiles.remove(it) }
    socketFile = null
    val sf = serveForever
    if (sf != null && !sf.isDone) sf.cancel()
    serveForever = null
    if (clients.isEmpty()) wakeup()
  }

  override fun closeClients() {
    checkThread()
    // TLS (issue 11): a TLS client closes through its TLS layer (close_notify first)
    for (t in clients.toList()) ((t.getProtocol() as? SslProtocol)?.app ?: t).close()
  }

  override fun abortClients() {
    checkThread()
    for (t in clients.toList()) t.abort()
  }

  override fun waitClosedAsync(): CompletableFuture<Void?> {
    val f = FutureImpl<Void?>(loop)
    loop.runOrPost {
      val ws = waiters
      if (ws == null) f.completeInternal(null, null) else ws.add(f)
    }
    return f
  }

  /** Kotlin: waits until closed and every client is gone. */
  suspend fun waitClosed() {
    waitClosedAsync().let { (it as FutureImpl<Void?>).awaitInternal() }
  }

  override fun startServingAsync(): CompletableFuture<Void?> {
    startServing()
    return FutureImpl<Void?>(loop).also { it.completeInternal(null, null) }
  }

  override fun serveForeverAsync(): CompletableFuture<Void?> {
    checkServeForever()
    return loop.createCoroutineTask<Void?>(null, { serveForever(); null }, eager = false)
  }

  private fun checkServeForever() {
    checkThread()
    if (serveForever != null) throw IllegalStateException("server $this is already being awaited on serveForever()")
    if (acceptors == null) throw IllegalStateException("server $this is closed")
  }

  /**
   * asyncio's `serve_forever`: accepts until cancelled (or until [close] cancels the wait), then
   * closes the server and waits for the close.
   */
  suspend fun serveForever() {
    if (!loop.inLoop()) return withContext(loop) { serveForever() }
    checkServeForever()
    val f = FutureImpl<Void?>(loop)
    serveForever = f
    try {
      startServing()
      f.awaitInternal()
    } finally {
      withContext(NonCancellable) {
        serveForever = null
        close()
        waitClosed()
      }
    }
  }

  override fun isServing(): Boolean = serving

  override fun sockets(): List<ServerSocketChannel> = acceptors?.map { it.channel } ?: emptyList()

  override fun toString(): String =
    "Server[${if (acceptors == null) "closed" else if (serving) "serving" else "not serving"}, sockets=${sockets().map { it.localAddress }}, clients=${clients.size}]"
}
