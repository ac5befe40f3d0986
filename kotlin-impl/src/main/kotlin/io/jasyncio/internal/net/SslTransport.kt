package io.jasyncio.internal.net

import io.jasyncio.EventLoop
import io.jasyncio.net.BaseProtocol
import io.jasyncio.net.Transport
import io.jasyncio.net.WriteBufferLimits
import java.nio.ByteBuffer
import java.util.Objects
import javax.net.ssl.SSLPeerUnverifiedException

/**
 * asyncio's `_SSLProtocolTransport`: what the application protocol sees of a TLS connection.
 * Every call goes to its [SslProtocol]; the bytes go through the engine and then the plain
 * transport below.
 *
 * Differences from the plain transport: no half-close ([canWriteEof] is false and [writeEof]
 * throws, as asyncio's `NotImplementedError`); [close] sends close_notify and waits (at most the
 * shutdown timeout) for the peer's before the socket closes; writes made before the handshake
 * finished are kept and sent after it. The write buffer counts those plus the plain transport's.
 *
 * Loop-bound: every method checks the caller.
 */
internal class SslTransport(private val ssl: SslProtocol) : Transport {
  private var closing = false

  private fun checkThread() {
    if (!ssl.loop.owned()) {
      throw IllegalStateException(
        "a transport is bound to its event loop: call it on the loop thread (use loop.callSoonThreadsafe), not from ${Thread.currentThread().name}",
      )
    }
  }

  override fun getLoop(): EventLoop = ssl.loop

  override fun write(data: ByteBuffer?) {
    Objects.requireNonNull(data, "data")
    checkThread()
    if (!data!!.hasRemaining()) return
    ssl.appWrite(data)
  }

  override fun writelines(list: Iterable<ByteArray?>?) {
    Objects.requireNonNull(list, "list")
    checkThread()
    var total = 0
    for (b in list!!) total += (b ?: throw NullPointerException("list element")).size
    val all = ByteBuffer.allocate(total)
    for (b in list) all.put(b!!)
    all.flip()
    write(all)
  }

  override fun writeEof() {
    throw UnsupportedOperationException("a TLS transport cannot half-close (asyncio: NotImplementedError); use close()")
  }

  override fun canWriteEof(): Boolean = false

  override fun close() {
    checkThread()
    if (closing) return
    closing = true
    ssl.startShutdown()
  }

  override fun abort() {
    checkThread()
    closing = true
    ssl.abort(null)
  }

  override fun isClosing(): Boolean = closing || ssl.state >= SslProtocol.FLUSHING

  override fun pauseReading() {
    checkThread()
    if (!isReading) return
    ssl.pauseReading()
  }

  override fun resumeReading() {
    checkThread()
    if (isClosing || !ssl.appReadingPaused) return
    ssl.resumeReading()
  }

  override fun isReading(): Boolean = !ssl.appReadingPaused && !isClosing

  override fun setWriteBufferLimits(high: Int?, low: Int?) {
    checkThread()
    val h = high ?: if (low == null) 64 * 1024 else 4 * low
    val l = low ?: (h / 4)
    if (!(h >= l && l >= 0)) throw IllegalArgumentException("high ($h) must be >= low ($l) must be >= 0")
    ssl.high = h
    ssl.low = l
    ssl.plain?.setWriteBufferLimits(h, l)
    ssl.controlAppWriting()
  }

  override fun getWriteBufferLimits(): WriteBufferLimits = WriteBufferLimits(ssl.low, ssl.high)

  override fun getWriteBufferSize(): Int = ssl.writeBufferSize()

  override fun getExtraInfo(name: String?, defaultValue: Any?): Any? {
    val done = ssl.state >= SslProtocol.WRAPPED
    return when (name) {
      "sslcontext" -> ssl.context
      "ssl_object" -> ssl.engine
      "sslsession" -> if (done) ssl.engine.session else defaultValue
      "peercert" -> if (done) peerChain()?.firstOrNull() else defaultValue
      "peercertchain" -> if (done) peerChain() else defaultValue
      "cipher" -> if (done) arrayOf(ssl.engine.session.cipherSuite, ssl.engine.session.protocol) else defaultValue
      "compression" -> defaultValue
      else -> ssl.plain?.getExtraInfo(name, defaultValue) ?: defaultValue
    }
  }

  private fun peerChain(): Array<java.security.cert.Certificate>? = try {
    ssl.engine.session.peerCertificates
  } catch (e: SSLPeerUnverifiedException) {
    null
  }

  override fun getProtocol(): BaseProtocol = ssl.appProtocol

  override fun setProtocol(protocol: BaseProtocol?) {
    Objects.requireNonNull(protocol, "protocol")
    checkThread()
    ssl.appProtocol = protocol!!
  }

  override fun toString(): String = "SslTransport[$ssl, plain=${ssl.plain}]"
}
