package io.jasyncio.internal.net

import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.net.BaseProtocol
import io.jasyncio.net.Protocol
import io.jasyncio.net.Transport
import java.io.IOException
import java.net.SocketException
import java.nio.ByteBuffer
import java.nio.channels.FileChannel
import kotlin.coroutines.resume
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.suspendCancellableCoroutine

/**
 * The events a [SocketTransport] gives `loop.sendfile` while it owns the socket (the transport's
 * `sendfile` field is set): the socket is writable with nothing buffered, or the connection is lost.
 */
internal interface SendfileHook {
  fun writable()

  fun lost(exc: Throwable?)
}

/**
 * asyncio's `loop.sendfile`. On a [SocketTransport] the native way (`_sendfile_native`): pause
 * reading, refuse writes, wait until the write buffer is empty, then `FileChannel.transferTo` on
 * the transport's channel, waiting for OP_WRITE through the transport's own key (a transport's
 * channel cannot take an addWriter). Any other transport: asyncio's `_sendfile_fallback` — the
 * protocol is swapped for one that tracks pause/resume writing, the file is read on the default
 * executor in chunks of up to 16 KiB and each chunk is written after the transport drained.
 *
 * Both ways leave the file position at `offset + sent` (asyncio seeks) and restore the transport
 * (reading resumed if it was on, the protocol put back) however they end, cancelled included.
 */
internal object Sendfile {
  private const val FALLBACK_BLOCK = 16 * 1024

  fun check(transport: Transport) {
    if (transport.isClosing) throw IllegalStateException("Transport is closing")
  }

  suspend fun sendfile(loop: EventLoopImpl, transport: Transport, file: FileChannel, offset: Long, count: Long?, fallback: Boolean): Long {
    check(transport)
    if (transport is SocketTransport) return native(transport, file, offset, count)
    if (!fallback) {
      throw IllegalStateException("fallback is disabled and native sendfile is not supported for transport $transport")
    }
    return fallback(loop, transport, file, offset, count)
  }

  private class NativeHook(val t: SocketTransport) : SendfileHook {
    var cont: CancellableContinuation<Unit>? = null
    var isLost = false
    var exc: Throwable? = null

    override fun writable() {
      t.sendfileWantsWrite(false)
      cont?.let { cont = null; it.resume(Unit) }
    }

    override fun lost(exc: Throwable?) {
      isLost = true
      this.exc = exc
      cont?.let { cont = null; it.resume(Unit) }
    }

    suspend fun await() {
      suspendCancellableCoroutine<Unit> { cont = it }
      checkLost()
    }

    fun checkLost() {
      if (!isLost) return
      val e = exc
      throw if (e is IOException) e else SocketException("Connection lost").also { if (e != null) it.initCause(e) }
    }
  }

  private suspend fun native(t: SocketTransport, file: FileChannel, offset: Long, count: Long?): Long {
    val resumeReading = t.isReading
    t.pauseReading()
    val hook = NativeHook(t)
    t.sendfile = hook
    var sent = 0L
    try {
      if (t.writeBufferSize > 0) hook.await() // the transport's flush ends with hook.writable()
      while (true) {
        hook.checkLost()
        val want = if (count != null) count - sent else file.size() - (offset + sent)
        if (want <= 0) break
        val n = file.transferTo(offset + sent, want, t.channel)
        if (n > 0) {
          sent += n
          continue
        }
        if (offset + sent >= file.size()) break
        t.sendfileWantsWrite(true)
        hook.await()
      }
    } finally {
      t.sendfile = null
      t.sendfileWantsWrite(false)
      if (sent > 0 && file.isOpen) file.position(offset + sent)
      if (resumeReading && !t.isClosing) t.resumeReading()
    }
    return sent
  }

  /** asyncio's `_SendfileFallbackProtocol`: stands in for the transport's protocol while the fallback writes. */
  private class FallbackProtocol(val t: Transport) : Protocol {
    val orig: BaseProtocol = t.protocol
    val resumeReading = t.isReading
    var paused = false
    var cont: CancellableContinuation<Unit>? = null
    var lost = false
    var exc: Throwable? = null

    init {
      t.pauseReading()
      t.protocol = this
    }

    suspend fun drain() {
      if (lost) throw SocketException("Connection closed by peer").also { if (exc != null) it.initCause(exc) }
      if (!paused) return
      suspendCancellableCoroutine<Unit> { cont = it }
      if (lost) throw SocketException("Connection closed by peer").also { if (exc != null) it.initCause(exc) }
    }

    private fun wake() {
      cont?.let { cont = null; it.resume(Unit) }
    }

    override fun connectionMade(transport: Transport) = throw IllegalStateException("Invalid state: connection should have been established already.")

    override fun dataReceived(data: ByteBuffer) = throw IllegalStateException("Invalid state: reading should be paused")

    override fun eofReceived(): Boolean = throw IllegalStateException("Invalid state: reading should be paused")

    override fun pauseWriting() {
      paused = true
    }

    override fun resumeWriting() {
      paused = false
      wake()
    }

    override fun connectionLost(exc: Throwable?) {
      lost = true
      this.exc = exc
      wake()
    }

    fun restore() {
      t.protocol = orig
      if (resumeReading && !lost && !t.isClosing) t.resumeReading()
      if (lost) orig.connectionLost(exc)
    }
  }

  private suspend fun fallback(loop: EventLoopImpl, t: Transport, file: FileChannel, offset: Long, count: Long?): Long {
    val block = if (count != null) minOf(count, FALLBACK_BLOCK.toLong()).toInt() else FALLBACK_BLOCK
    val buf = ByteBuffer.allocate(block)
    val proto = FallbackProtocol(t)
    var sent = 0L
    try {
      while (true) {
        val want = if (count != null) minOf(count - sent, block.toLong()).toInt() else block
        if (want <= 0) break
        buf.clear().limit(want)
        val pos = offset + sent
        @Suppress("UNCHECKED_CAST")
        val r = (loop.runInExecutor(null) { file.read(buf, pos) } as FutureImpl<Int>).awaitInternal()
        if (r <= 0) break
        proto.drain()
        buf.flip()
        t.write(buf)
        sent += r
      }
      return sent
    } finally {
      if (sent > 0 && file.isOpen) file.position(offset + sent)
      proto.restore()
    }
  }
}
