package io.jasyncio.internal.net

import io.jasyncio.EventLoop
import io.jasyncio.ExceptionContext
import io.jasyncio.internal.debug.ResourceLeaks
import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.internal.loop.IoSource
import io.jasyncio.net.BaseProtocol
import io.jasyncio.net.BufferedProtocol
import io.jasyncio.net.Protocol
import io.jasyncio.net.Transport
import io.jasyncio.net.WriteBufferLimits
import java.io.IOException
import java.net.SocketAddress
import java.nio.ByteBuffer
import java.nio.channels.SelectionKey
import java.nio.channels.SocketChannel
import java.util.ArrayDeque
import java.util.Objects

/**
 * asyncio's `_SelectorSocketTransport`: a connected [SocketChannel] (TCP or Unix) driven by its
 * loop's selector, one [IoSource] registration for both directions.
 *
 * Reading: while reading is on, a readiness event reads once, into the loop's shared direct
 * buffer (a [Protocol] gets a view of it for the duration of `dataReceived`) or straight into the
 * buffer a [BufferedProtocol] hands out. EOF asks the protocol whether to stay half-open.
 * [pauseReading] stops deliveries at once but drops the OP_READ interest only if a readiness event
 * comes while paused (see there).
 *
 * Writing: [write] first tries the socket and copies only what it did not take into [wbuf]; the
 * selector's OP_WRITE interest is on exactly while [wbuf] is not empty. The protocol is paused
 * above [high] and resumed at [low] (asyncio's marks, 64 KiB and 16 KiB by default).
 *
 * Closing: [close] stops reading and, once [wbuf] is flushed, schedules [callConnectionLost];
 * [abort] and fatal errors drop [wbuf] and schedule it at once. `connectionLost` runs exactly
 * once, and only if `connectionMade` ran; then the key is cancelled and the channel closed.
 *
 * Loop-bound: every public method checks the caller ([checkThread]).
 */
internal class SocketTransport(
  loop: EventLoopImpl,
  @JvmField val channel: SocketChannel,
  protocol: BaseProtocol,
  private val server: ServerImpl?,
) : LoopTransport(loop), Transport, StartableTransport {
  private var protocol: BaseProtocol = protocol
  private var plain: Protocol? = protocol as? Protocol
  private var buffered: BufferedProtocol? = protocol as? BufferedProtocol

  private var paused = false
  private var eof = false
  private var madeCalled = false
  private var lostCalled = false

  /** What the socket did not take yet; allocated on the first partial write (an idle connection has none). */
  private var wbuf: ArrayDeque<ByteBuffer>? = null
  private var wsize = 0
  private val marks = WriteMarks()
  private var droppedWrites = 0

  private val peername: SocketAddress? = try { channel.remoteAddress } catch (e: IOException) { null }
  private val sockname: SocketAddress? = try { channel.localAddress } catch (e: IOException) { null }

  /** Debug mode: reported if collected before its socket was closed (asyncio's "unclosed transport"). */
  private val leak: ResourceLeaks.Watch? =
    if (loop.getDebug()) ResourceLeaks.watch(this, "transport", "SocketTransport[peer=$peername, sock=$sockname]") else null

  init {
    Objects.requireNonNull(protocol, "protocol")
  }

  /**
   * Registers the channel and schedules `connectionMade`, then reading, then [waiter]'s
   * completion (asyncio's three `call_soon`s, here one callback).
   */
  override fun start(waiter: FutureImpl<Void?>?) {
    loop.io.register(channel, this, 0)
    server?.attach(this)
    loop.schedule {
      if (lostCalled) {
        waiter?.completeInternal(null, IOException("connection closed before it was made"))
        return@schedule
      }
      try {
        madeCalled = true
        this.protocol.connectionMade(this)
      } catch (e: Throwable) {
        fatalError(e, "Fatal error: protocol.connectionMade() call failed.")
        waiter?.completeInternal(null, e)
        return@schedule
      }
      if (!closing && !paused) setInterest(interest or SelectionKey.OP_READ)
      waiter?.completeInternal(null, null)
    }
  }

  // ---- readiness -------------------------------------------------------------------------------

  override fun readReady() {
    if (connLost != 0) return
    if (paused) {
      // the deferred half of pauseReading: data came while paused; stop asking until resumed
      setInterest(interest and SelectionKey.OP_READ.inv())
      return
    }
    val bp = buffered
    if (bp != null) {
      val buf: ByteBuffer
      try {
        buf = bp.getBuffer(-1)
        if (!buf.hasRemaining()) throw IllegalStateException("getBuffer() returned an empty buffer")
      } catch (e: Throwable) {
        fatalError(e, "Fatal error: protocol.getBuffer() call failed.")
        return
      }
      val n = try { channel.read(buf) } catch (e: IOException) {
        fatalError(e, "Fatal read error on socket transport")
        return
      }
      if (n < 0) return readEof()
      if (n == 0) return
      try {
        bp.bufferUpdated(n)
      } catch (e: Throwable) {
        fatalError(e, "Fatal error: protocol.bufferUpdated() call failed.")
      }
      return
    }
    val buf = loop.io.readBuffer
    buf.clear()
    val n = try { channel.read(buf) } catch (e: IOException) {
      fatalError(e, "Fatal read error on socket transport")
      return
    }
    if (n < 0) return readEof()
    if (n == 0) return
    buf.flip()
    try {
      plain?.dataReceived(buf)
    } catch (e: Throwable) {
      fatalError(e, "Fatal error: protocol.dataReceived() call failed.")
    }
  }

  private fun readEof() {
    val keepOpen = try {
      when (val p = protocol) {
        is Protocol -> p.eofReceived()
        is BufferedProtocol -> p.eofReceived()
        else -> false
      }
    } catch (e: Throwable) {
      fatalError(e, "Fatal error: protocol.eofReceived() call failed.")
      return
    }
    if (keepOpen) {
      // asyncio removes the reader: nothing more can come
      setInterest(interest and SelectionKey.OP_READ.inv())
    } else {
      close()
    }
  }

  override fun writeReady() {
    if (connLost != 0) return
    val sf = sendfile // issue 11 (udp): loop.sendfile waits for room with nothing buffered
    if (sf != null && wsize == 0) return sf.writable()
    val wbuf = this.wbuf ?: return
    val n: Long = try {
      if (wbuf.size == 1) channel.write(wbuf.peekFirst()).toLong() else channel.write(wbuf.toTypedArray())
    } catch (e: IOException) {
      setInterest(interest and SelectionKey.OP_WRITE.inv())
      wbuf.clear()
      wsize = 0
      fatalError(e, "Fatal write error on socket transport")
      return
    }
    wsize -= n.toInt()
    while (true) {
      val b = wbuf.peekFirst() ?: break
      if (b.hasRemaining()) break
      wbuf.pollFirst()
    }
    maybeResumeProtocol()
    if (wsize == 0) {
      setInterest(interest and SelectionKey.OP_WRITE.inv())
      sendfile?.writable() // issue 11 (udp)
      if (closing) {
        callConnectionLost(null)
      } else if (eof) {
        shutdownOutput()
      }
    }
  }

  // ---- writing ---------------------------------------------------------------------------------

  override fun write(data: ByteBuffer?) {
    Objects.requireNonNull(data, "data")
    data!!
    checkThread()
    if (eof) throw IllegalStateException("Cannot call write() after writeEof()")
    if (sendfile != null) throw IllegalStateException("unable to write; sendfile is in progress") // issue 11 (udp)
    if (!data.hasRemaining()) return
    if (connLost != 0) {
      // asyncio logs "socket.send() raised exception." after a few; the bytes go nowhere
      if (++droppedWrites == 5) EventLoopImpl.LOG.log(System.Logger.Level.WARNING, "write() on a lost connection: $this")
      data.position(data.limit())
      return
    }
    if (wsize == 0) {
      try {
        channel.write(data)
      } catch (e: IOException) {
        fatalError(e, "Fatal write error on socket transport")
        return
      }
      if (!data.hasRemaining()) return
      setInterest(interest or SelectionKey.OP_WRITE)
    }
    val rest = data.remaining()
    val copy = ByteBuffer.allocate(rest)
    copy.put(data)
    copy.flip()
    (wbuf ?: ArrayDeque<ByteBuffer>(4).also { wbuf = it }).addLast(copy)
    wsize += rest
    maybePauseProtocol()
  }

  override fun writelines(list: Iterable<ByteArray?>?) {
    Objects.requireNonNull(list, "list")
    list!!
    checkThread()
    var total = 0
    for (b in list) total += (b ?: throw NullPointerException("list element")).size
    val all = ByteBuffer.allocate(total)
    for (b in list) all.put(b!!)
    all.flip()
    write(all)
  }

  override fun writeEof() {
    checkThread()
    if (closing || eof) return
    eof = true
    if (wsize == 0) shutdownOutput()
  }

  private fun shutdownOutput() {
    try {
      channel.shutdownOutput()
    } catch (e: IOException) {
      // the peer is gone already: the read side will report it
    }
  }

  override fun canWriteEof(): Boolean = true

  private fun maybePauseProtocol() = marks.maybePause(wsize, loop) { protocol.pauseWriting() }

  private fun maybeResumeProtocol() = marks.maybeResume(wsize, loop) { protocol.resumeWriting() }

  override fun setWriteBufferLimits(high: Int?, low: Int?) {
    checkThread()
    marks.set(high, low)
    maybePauseProtocol()
  }

  override fun getWriteBufferLimits(): WriteBufferLimits = marks.limits()

  override fun getWriteBufferSize(): Int = wsize

  // ---- reading control -------------------------------------------------------------------------

  /**
   * Stops delivering data at once, and the selector's OP_READ interest lazily: it is dropped only
   * when a readiness event comes while paused ([readReady]). A pause that ends before the next
   * select (a stream reader that pauses at twice its limit in a `dataReceived` and drains in the
   * next step) then costs no selector update at all, instead of two `epoll_ctl` calls and one more
   * select per pause.
   */
  override fun pauseReading() {
    checkThread()
    if (!isReading()) return
    paused = true
  }

  override fun resumeReading() {
    checkThread()
    if (closing || !paused) return
    paused = false
    if (madeCalled) setInterest(interest or SelectionKey.OP_READ)
  }

  override fun isReading(): Boolean = !paused && !closing

  // ---- closing ---------------------------------------------------------------------------------

  override fun hasBufferedWrites(): Boolean = wsize != 0

  override fun dropBufferedWrites(exc: Throwable?) {
    sendfile?.lost(exc) // issue 11 (udp)
    if (wsize != 0) {
      wbuf?.clear()
      wsize = 0
    }
  }

  override fun callConnectionLost(exc: Throwable?) {
    if (lostCalled) return
    lostCalled = true
    sendfile?.lost(exc) // issue 11 (udp)
    try {
      if (madeCalled) protocol.connectionLost(exc)
    } finally {
      loop.io.unregister(this)
      try {
        channel.close()
      } catch (ignored: IOException) {
        // nothing to do
      }
      leak?.closed()
      server?.detach(this)
    }
  }

  // ---- issue 11 (udp): loop.sendfile's hold on the socket (internal/net/Sendfile.kt) -----------

  /** Set while loop.sendfile owns the socket: [write] refuses (asyncio's empty waiter), [writeReady] and the loss notify it. */
  @JvmField internal var sendfile: SendfileHook? = null

  /** OP_WRITE interest for sendfile's wait (only while nothing is buffered: writes are refused). */
  internal fun sendfileWantsWrite(on: Boolean) {
    if (wsize != 0 || connLost != 0) return
    setInterest(if (on) interest or SelectionKey.OP_WRITE else interest and SelectionKey.OP_WRITE.inv())
  }
  // ---- end issue 11 (udp) ------------------------------------------------------------------------

  // ---- information -----------------------------------------------------------------------------

  override fun getLoop(): EventLoop = loop

  override fun getExtraInfo(name: String?, defaultValue: Any?): Any? = when (name) {
    "peername" -> peername ?: defaultValue
    "sockname" -> sockname ?: defaultValue
    "socket" -> channel
    else -> defaultValue
  }

  override fun getProtocol(): BaseProtocol = protocol

  override fun setProtocol(protocol: BaseProtocol?) {
    Objects.requireNonNull(protocol, "protocol")
    protocol!!
    checkThread()
    this.protocol = protocol
    plain = protocol as? Protocol
    buffered = protocol as? BufferedProtocol
  }

  override fun toString(): String {
    val state = when {
      lostCalled -> "closed"
      closing -> "closing"
      else -> if (paused) "open, read=paused" else "open"
    }
    return "SocketTransport[$state, peer=$peername, write buffer=$wsize]"
  }
}
