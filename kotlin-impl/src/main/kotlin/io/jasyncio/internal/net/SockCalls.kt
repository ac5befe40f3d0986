package io.jasyncio.internal.net

import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.net.Datagram
import java.net.InetSocketAddress
import java.net.SocketAddress
import java.net.UnixDomainSocketAddress
import java.nio.ByteBuffer
import java.nio.channels.DatagramChannel
import java.nio.channels.FileChannel
import java.nio.channels.ReadableByteChannel
import java.nio.channels.SelectableChannel
import java.nio.channels.SelectionKey
import java.nio.channels.ServerSocketChannel
import java.nio.channels.SocketChannel
import java.nio.channels.WritableByteChannel
import java.util.Objects
import kotlin.coroutines.resume
import kotlinx.coroutines.suspendCancellableCoroutine

/**
 * asyncio's socket-level loop calls (`sock_recv`, `sock_sendall`, ...) on non-blocking NIO
 * channels, as suspend functions run on the loop thread (the Java face wraps each in a task).
 *
 * Each call first tries the operation; when the channel is not ready it waits with the loop's own
 * `addReader`/`addWriter` (as asyncio does), and the callback only *signals*: the operation is
 * retried by the coroutine after it resumed. So a call cancelled while waiting has moved nothing,
 * even when the readiness callback already ran (kotlinx's prompt cancellation: a cancelled
 * coroutine never resumes into the retry). A call completes in the step that moved the bytes, so
 * a Java caller's cancel either lands before the move or finds the future done with the result.
 *
 * [sendall] and [sendfile] move bytes in several steps; a cancel between two keeps what was sent
 * (the ByteBuffer's position, the file position say how much).
 */
internal object SockCalls {
  private val EMPTY = ByteArray(0)

  /** The checks asyncio makes before any sock_* call: open, non-blocking, not a transport's. */
  fun check(loop: EventLoopImpl, ch: SelectableChannel?, name: String = "channel") {
    Objects.requireNonNull(ch, name)
    Net.checkLoop(loop)
    if (!ch!!.isOpen) throw IllegalArgumentException("$name is closed: $ch")
    if (ch.isBlocking) throw IllegalArgumentException("the socket must be non-blocking: $ch")
    loop.io.checkNoTransport(ch)
  }

  fun readable(ch: SelectableChannel): ReadableByteChannel =
    ch as? ReadableByteChannel ?: throw IllegalArgumentException("channel is not readable: $ch")

  fun writable(ch: SelectableChannel): WritableByteChannel =
    ch as? WritableByteChannel ?: throw IllegalArgumentException("channel is not writable: $ch")

  fun checkFileArgs(file: FileChannel?, offset: Long, count: Long?) {
    Objects.requireNonNull(file, "file")
    if (!file!!.isOpen) throw IllegalArgumentException("file is closed: $file")
    if (offset < 0) throw IllegalArgumentException("offset must be a non-negative integer (got $offset)")
    if (count != null && count <= 0) throw IllegalArgumentException("count must be a positive integer (got $count)")
  }

  /**
   * Waits until [ch] is ready for [op] (OP_READ: reading or accepting; OP_WRITE: writing or
   * connecting). The registration is removed before the coroutine resumes, or on cancel.
   */
  suspend fun ready(loop: EventLoopImpl, ch: SelectableChannel, op: Int) {
    suspendCancellableCoroutine<Unit> { cont ->
      loop.io.add(ch, Runnable {
        loop.io.remove(ch, op)
        cont.resume(Unit)
      }, op)
      cont.invokeOnCancellation { loop.runOrPost { if (ch.isOpen) loop.io.remove(ch, op) } }
    }
  }

  /** asyncio resolves a host name in sock_connect/sock_sendto; an address literal needs no executor. */
  private suspend fun resolved(loop: EventLoopImpl, address: SocketAddress): SocketAddress {
    if (address is UnixDomainSocketAddress) return address
    val a = address as? InetSocketAddress ?: throw IllegalArgumentException("unsupported address type: $address")
    if (!a.isUnresolved) return a
    return Net.resolve(loop, a.hostString, a.port).first()
  }

  suspend fun connect(loop: EventLoopImpl, ch: SocketChannel, address: SocketAddress) {
    if (ch.connect(resolved(loop, address))) return
    while (true) {
      ready(loop, ch, SelectionKey.OP_WRITE)
      if (ch.finishConnect()) return
    }
  }

  suspend fun accept(loop: EventLoopImpl, ch: ServerSocketChannel): SocketChannel {
    while (true) {
      val c = ch.accept()
      if (c != null) {
        try {
          c.configureBlocking(false)
        } catch (e: Throwable) {
          Net.closeQuietly(c)
          throw e
        }
        return c
      }
      ready(loop, ch, SelectionKey.OP_READ)
    }
  }

  suspend fun recv(loop: EventLoopImpl, ch: SelectableChannel, n: Int): ByteArray {
    val rc = readable(ch)
    if (n == 0) return EMPTY
    val buf = ByteBuffer.allocate(n)
    while (true) {
      val r = rc.read(buf)
      if (r < 0) return EMPTY
      if (r > 0) return if (r == n) buf.array() else buf.array().copyOf(r)
      ready(loop, ch, SelectionKey.OP_READ)
    }
  }

  suspend fun recvInto(loop: EventLoopImpl, ch: SelectableChannel, buf: ByteBuffer): Int {
    val rc = readable(ch)
    if (!buf.hasRemaining()) return 0
    while (true) {
      val r = rc.read(buf)
      if (r < 0) return 0
      if (r > 0) return r
      ready(loop, ch, SelectionKey.OP_READ)
    }
  }

  suspend fun sendall(loop: EventLoopImpl, ch: SelectableChannel, data: ByteBuffer) {
    val wc = writable(ch)
    while (data.hasRemaining()) {
      val w = wc.write(data)
      if (w == 0 && data.hasRemaining()) ready(loop, ch, SelectionKey.OP_WRITE)
    }
  }

  suspend fun recvfrom(loop: EventLoopImpl, ch: DatagramChannel, n: Int): Datagram {
    val buf = ByteBuffer.allocate(n)
    while (true) {
      val from = ch.receive(buf)
      if (from != null) return Datagram(if (buf.position() == n) buf.array() else buf.array().copyOf(buf.position()), from)
      ready(loop, ch, SelectionKey.OP_READ)
    }
  }

  suspend fun sendto(loop: EventLoopImpl, ch: DatagramChannel, data: ByteBuffer, address: SocketAddress): Int {
    val to = resolved(loop, address)
    val size = data.remaining()
    while (true) {
      // send() is all or nothing: 0 with bytes remaining means no room (an empty datagram is sent as 0)
      val n = ch.send(data, to)
      if (n > 0 || size == 0) return n
      ready(loop, ch, SelectionKey.OP_WRITE)
    }
  }

  /** sock_sendfile: FileChannel.transferTo, waiting for room; the file position ends at offset + sent. */
  suspend fun sendfile(loop: EventLoopImpl, ch: SocketChannel, file: FileChannel, offset: Long, count: Long?): Long {
    var sent = 0L
    try {
      while (true) {
        val want = if (count != null) count - sent else file.size() - (offset + sent)
        if (want <= 0) break
        val n = file.transferTo(offset + sent, want, ch)
        if (n > 0) {
          sent += n
          continue
        }
        if (offset + sent >= file.size()) break // end of file before count
        ready(loop, ch, SelectionKey.OP_WRITE)
      }
    } finally {
      if (sent > 0 && file.isOpen) file.position(offset + sent)
    }
    return sent
  }
}
