package io.jasyncio.internal.net

import io.jasyncio.EventLoop
import io.jasyncio.Future
import io.jasyncio.internal.EngineImpl
import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.net.ClientConnected
import io.jasyncio.net.ConnectionOptions
import io.jasyncio.net.Server
import io.jasyncio.net.ServerOptions
import io.jasyncio.net.StreamConnection
import io.jasyncio.net.StreamReader
import io.jasyncio.net.StreamWriter
import io.jasyncio.spi.NetEngine
import java.net.InetSocketAddress
import java.nio.file.Path
import java.util.function.Supplier

/** The engine behind `io.jasyncio.net.Streams`, found through ServiceLoader. */
internal class NetEngineImpl : NetEngine {
  override fun newStreamReader(loop: EventLoop, limit: Int): StreamReader = StreamReaderImpl(EngineImpl.impl(loop), limit)

  override fun openConnection(loop: EventLoop, host: String, port: Int, limit: Int, localAddr: InetSocketAddress?): Future<StreamConnection> {
    val l = EngineImpl.impl(loop)
    Net.checkLoop(l)
    return Net.task(l) { Streams.openConnection(l, host, port, limit, localAddr) }
  }

  override fun openUnixConnection(loop: EventLoop, path: Path, limit: Int): Future<StreamConnection> {
    val l = EngineImpl.impl(loop)
    Net.checkLoop(l)
    return Net.task(l) { Streams.openUnixConnection(l, path, limit) }
  }

  // ---- TLS (issue 11) ----

  override fun openConnection(loop: EventLoop, host: String, port: Int, options: ConnectionOptions): Future<StreamConnection> {
    val l = EngineImpl.impl(loop)
    Net.checkLoop(l)
    return Net.task(l) { Tls.openConnection(l, host, port, options) }
  }

  override fun openUnixConnection(loop: EventLoop, path: Path, options: ConnectionOptions): Future<StreamConnection> {
    val l = EngineImpl.impl(loop)
    Net.checkLoop(l)
    return Net.task(l) { Tls.openUnixConnection(l, path, options) }
  }

  override fun startServer(loop: EventLoop, cb: ClientConnected, host: String?, port: Int, options: ServerOptions): Future<Server> {
    val l = EngineImpl.impl(loop)
    Net.checkLoop(l)
    val limit = options.limit()
    return Net.task(l) { Net.createServer(l, Streams.factory(l, limit, cb, null), host, port, options) }
  }

  override fun startUnixServer(loop: EventLoop, cb: ClientConnected, path: Path, options: ServerOptions): Future<Server> {
    val l = EngineImpl.impl(loop)
    Net.checkLoop(l)
    val limit = options.limit()
    return Net.task(l) { Net.createUnixServer(l, Streams.factory(l, limit, cb, null), path, options) }
  }
}

/** The stream functions as suspend functions on the loop thread (both faces use them). */
internal object Streams {
  fun factory(
    loop: EventLoopImpl,
    limit: Int,
    java: ClientConnected?,
    kotlin: (suspend (StreamReader, StreamWriter) -> Unit)?,
  ): Supplier<StreamProtocol> = Supplier { StreamProtocol(loop, StreamReaderImpl(loop, limit), java, kotlin) }

  suspend fun openConnection(loop: EventLoopImpl, host: String, port: Int, limit: Int, localAddr: InetSocketAddress?): StreamConnection {
    val reader = StreamReaderImpl(loop, limit)
    val tp = Net.createConnection(loop, { StreamProtocol(loop, reader) }, host, port, localAddr)
    return connection(loop, tp.transport(), tp.protocol(), reader)
  }

  suspend fun openUnixConnection(loop: EventLoopImpl, path: Path, limit: Int): StreamConnection {
    val reader = StreamReaderImpl(loop, limit)
    val tp = Net.createUnixConnection(loop, { StreamProtocol(loop, reader) }, path)
    return connection(loop, tp.transport(), tp.protocol(), reader)
  }

  private fun connection(loop: EventLoopImpl, t: io.jasyncio.net.Transport, p: StreamProtocol, reader: StreamReaderImpl): StreamConnection {
    val w = StreamWriterImpl(t, p, reader, loop)
    p.writer = w
    return StreamConnection(reader, w)
  }
}
