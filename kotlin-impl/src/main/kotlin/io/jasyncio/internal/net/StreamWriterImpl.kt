package io.jasyncio.internal.net

import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.net.StreamWriter
import io.jasyncio.net.Transport
import java.util.concurrent.CompletableFuture
import kotlinx.coroutines.withContext

/**
 * asyncio's `StreamWriter`: writes go straight to the loop-bound [transport]; [drainAsync] and
 * [drain] wait on the [protocol]'s flow control. A drain that need not wait returns one cached
 * done future (Java) or returns at once (Kotlin): the common case allocates nothing.
 */
internal class StreamWriterImpl(
  private var transport: Transport,
  @JvmField val protocol: StreamProtocol,
  private val reader: StreamReaderImpl?,
  @JvmField val loop: EventLoopImpl,
) : StreamWriter {
  /** The done future every drain that need not wait returns (made on first use). */
  private var done: FutureImpl<Void?>? = null

  override fun transport(): Transport = transport

  override fun write(data: ByteArray) = transport.write(data)

  override fun writelines(data: Iterable<ByteArray>) = transport.writelines(data)

  override fun writeEof() = transport.writeEof()

  override fun canWriteEof(): Boolean = transport.canWriteEof()

  override fun close() = transport.close()

  override fun isClosing(): Boolean = transport.isClosing

  override fun waitClosedAsync(): CompletableFuture<Void?> {
    if (!loop.owned()) return loop.submitCoroutine { waitClosed(); null }
    return protocol.waitClosedAsync()
  }

  suspend fun waitClosed() {
    if (!loop.inLoop()) return withContext(loop) { waitClosed() }
    (protocol.waitClosedAsync() as FutureImpl<Void?>).awaitInternal()
  }

  override fun drainAsync(): CompletableFuture<Void?> {
    if (!loop.owned()) return loop.submitCoroutine { drain(); null }
    reader?.exception()?.let { e -> return FutureImpl<Void?>(loop).also { it.completeInternal(null, e) } }
    val f = protocol.drainAsync()
    if (f !== StreamProtocol.DONE_FUTURE_MARK) return f
    return done ?: FutureImpl<Void?>(loop).also { it.completeInternal(null, null); done = it }
  }

  suspend fun drain() {
    if (!loop.inLoop()) return withContext(loop) { drain() }
    reader?.exception()?.let { throw it }
    protocol.drain()
  }

  override fun getExtraInfo(name: String): Any? = transport.getExtraInfo(name)

  // ---- TLS (issue 11): start_tls swaps the transport under the reader and the writer ----

  fun replaceTransport(t: Transport) {
    transport = t
    protocol.transport = t
    reader?.replaceTransport(t)
  }

  override fun startTlsAsync(sslContext: javax.net.ssl.SSLContext, serverHostname: String?): CompletableFuture<Void?> =
    startTlsAsync(sslContext, protocol.isServerSide(), serverHostname, null)

  override fun startTlsAsync(
    sslContext: javax.net.ssl.SSLContext,
    serverSide: Boolean,
    serverHostname: String?,
    sslHandshakeTimeout: java.time.Duration?,
  ): CompletableFuture<Void?> {
    java.util.Objects.requireNonNull(sslContext, "sslContext")
    return loop.javaTask { startTls(sslContext, serverSide, serverHostname, sslHandshakeTimeout); null }
  }

  suspend fun startTls(sslContext: javax.net.ssl.SSLContext, serverSide: Boolean?, serverHostname: String?, sslHandshakeTimeout: java.time.Duration?) {
    if (!loop.inLoop()) return withContext(loop) { startTls(sslContext, serverSide, serverHostname, sslHandshakeTimeout) }
    Tls.streamStartTls(this, sslContext, serverSide, serverHostname, sslHandshakeTimeout)
  }

  override fun toString(): String = "StreamWriter[transport=$transport, reader=$reader]"
}
