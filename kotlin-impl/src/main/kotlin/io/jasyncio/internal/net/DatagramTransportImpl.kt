package io.jasyncio.internal.net

import io.jasyncio.EventLoop
import io.jasyncio.ExceptionContext
import io.jasyncio.internal.debug.ResourceLeaks
import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.internal.loop.IoSource
import io.jasyncio.net.DatagramProtocol
import io.jasyncio.net.DatagramTransport
import io.jasyncio.net.WriteBufferLimits
import java.io.IOException
import java.net.SocketAddress
import java.nio.ByteBuffer
import java.nio.channels.DatagramChannel
import java.nio.channels.SelectionKey
import java.util.ArrayDeque
import java.util.Objects

/**
 * asyncio's `_SelectorDatagramTransport`: a [DatagramChannel] on its loop's selector, one
 * [IoSource] registration for both directions.
 *
 * Receiving: a readiness event receives one datagram (asyncio's one `recvfrom` per event) into
 * the loop's shared direct read buffer and hands the protocol a view of it. An [IOException] (an
 * ICMP error on a connected socket: `PortUnreachableException`) goes to `errorReceived`; the
 * endpoint stays open, as asyncio's `OSError` path.
 *
 * Sending: [sendto] tries the socket when nothing is queued and queues a copy only when the socket
 * had no room (`send` returned 0); the queue is flushed in order when OP_WRITE fires. A send error
 * goes to `errorReceived` and the datagram is dropped. Flow control as [SocketTransport] (64 KiB /
 * 16 KiB marks over the queued bytes).
 *
 * Closing as [SocketTransport]: `connectionLost` exactly once, only if `connectionMade` ran, then
 * the key is cancelled and the channel closed. Loop-bound: every public method checks the thread.
 */
internal class DatagramTransportImpl(
  loop: EventLoopImpl,
  @JvmField val channel: DatagramChannel,
  protocol: DatagramProtocol,
  /** The connected peer (asyncio's `_address`), or null for an unconnected endpoint. */
  private val address: SocketAddress?,
  /** How a datagram leaves: the channel itself, or a test's stand-in for a full socket buffer. */
  private val sender: DatagramSender = DatagramSender.CHANNEL,
) : LoopTransport(loop), DatagramTransport, StartableTransport {
  private var protocol: DatagramProtocol = protocol

  private var madeCalled = false
  private var lostCalled = false

  private val queue = ArrayDeque<Pair<ByteBuffer, SocketAddress?>>()
  private var qsize = 0
  private val marks = WriteMarks()
  private var droppedWrites = 0

  private val sockname: SocketAddress? = try { channel.localAddress } catch (e: IOException) { null }

  /** Debug mode: reported if collected before its socket was closed (asyncio's "unclosed transport"). */
  private val leak: ResourceLeaks.Watch? =
    if (loop.getDebug()) ResourceLeaks.watch(this, "transport", "DatagramTransport[local=$sockname, peer=$address]") else null

  init {
    Objects.requireNonNull(protocol, "protocol")
  }

  /** Registers the channel; `connectionMade`, then reading, then [waiter] in one later callback. */
  override fun start(waiter: FutureImpl<Void?>?) {
    loop.io.register(channel, this, 0)
    loop.schedule {
      if (lostCalled) {
        waiter?.completeInternal(null, IOException("endpoint closed before it was made"))
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
      if (!closing) setInterest(interest or SelectionKey.OP_READ)
      waiter?.completeInternal(null, null)
    }
  }

  override fun readReady() {
    if (connLost != 0) return
    val buf = loop.io.readBuffer
    buf.clear()
    val from: SocketAddress = try {
      channel.receive(buf) ?: return
    } catch (e: IOException) {
      errorReceived(e)
      return
    } catch (e: Throwable) {
      fatalError(e, "Fatal read error on datagram transport")
      return
    }
    buf.flip()
    try {
      protocol.datagramReceived(buf, from)
    } catch (e: Throwable) {
      fatalError(e, "Fatal error: protocol.datagramReceived() call failed.")
    }
  }

  private fun errorReceived(e: Exception) {
    try {
      protocol.errorReceived(e)
    } catch (t: Throwable) {
      fatalError(t, "Fatal error: protocol.errorReceived() call failed.")
    }
  }

  /** One send: true if the socket took it (or it failed and was dropped), false if no room. */
  private fun trySend(data: ByteBuffer, to: SocketAddress?): Boolean {
    val size = data.remaining()
    return try {
      val n = sender.send(channel, data, if (address != null) null else to)
      n > 0 || size == 0
    } catch (e: IOException) {
      errorReceived(e)
      true
    } catch (e: Throwable) {
      fatalError(e, "Fatal write error on datagram transport")
      true
    }
  }

  override fun writeReady() {
    while (connLost == 0) {
      val (data, to) = queue.peekFirst() ?: break
      val size = data.remaining()
      if (!trySend(data, to)) break
      queue.pollFirst()
      qsize -= size
    }
    if (connLost != 0) return
    maybeResumeProtocol()
    if (queue.isEmpty()) {
      setInterest(interest and SelectionKey.OP_WRITE.inv())
      if (closing) callConnectionLost(null)
    }
  }

  override fun sendto(data: ByteArray?) = sendto(data, null)

  override fun sendto(data: ByteArray?, addr: SocketAddress?) {
    Objects.requireNonNull(data, "data")
    sendto(ByteBuffer.wrap(data!!), addr)
  }

  override fun sendto(data: ByteBuffer?) = sendto(data, null)

  override fun sendto(data: ByteBuffer?, addr: SocketAddress?) {
    Objects.requireNonNull(data, "data")
    data!!
    checkThread()
    var to = addr
    if (address != null) {
      if (to != null && to != address) throw IllegalArgumentException("Invalid address: must be null or $address, got $to")
      to = address
    } else if (to == null) {
      throw IllegalStateException("the endpoint is not connected: sendto needs an address")
    }
    if (connLost != 0) {
      if (++droppedWrites == 5) EventLoopImpl.LOG.log(System.Logger.Level.WARNING, "sendto() on a closed endpoint: $this")
      data.position(data.limit())
      return
    }
    if (queue.isEmpty()) {
      if (trySend(data, to)) {
        data.position(data.limit())
        return
      }
      setInterest(interest or SelectionKey.OP_WRITE)
    }
    val size = data.remaining()
    val copy = ByteBuffer.allocate(size)
    copy.put(data)
    copy.flip()
    queue.addLast(copy to to)
    qsize += size
    maybePauseProtocol()
  }

  private fun maybePauseProtocol() = marks.maybePause(qsize, loop) { protocol.pauseWriting() }

  private fun maybeResumeProtocol() = marks.maybeResume(qsize, loop) { protocol.resumeWriting() }

  override fun setWriteBufferLimits(high: Int?, low: Int?) {
    checkThread()
    marks.set(high, low)
    maybePauseProtocol()
  }

  override fun getWriteBufferLimits(): WriteBufferLimits = marks.limits()

  override fun getWriteBufferSize(): Int = qsize

  override fun hasBufferedWrites(): Boolean = queue.isNotEmpty()

  override fun dropBufferedWrites(exc: Throwable?) {
    queue.clear()
    qsize = 0
  }

  override fun callConnectionLost(exc: Throwable?) {
    if (lostCalled) return
    lostCalled = true
    try {
      if (madeCalled) protocol.connectionLost(exc)
    } finally {
      loop.io.unregister(this)
      Net.closeQuietly(channel)
      leak?.closed()
    }
  }

  override fun getLoop(): EventLoop = loop

  override fun getExtraInfo(name: String?, defaultValue: Any?): Any? = when (name) {
    "peername" -> address ?: defaultValue
    "sockname" -> sockname ?: defaultValue
    "socket" -> channel
    else -> defaultValue
  }

  override fun getProtocol(): DatagramProtocol = protocol

  override fun setProtocol(protocol: DatagramProtocol?) {
    Objects.requireNonNull(protocol, "protocol")
    checkThread()
    this.protocol = protocol!!
  }

  override fun toString(): String {
    val state = when {
      lostCalled -> "closed"
      closing -> "closing"
      else -> "open"
    }
    return "DatagramTransport[$state, local=$sockname, peer=$address, write buffer=$qsize]"
  }
}

/**
 * One datagram out of a [DatagramTransportImpl]: the bytes the socket took, or 0 when it had no
 * room (the transport then queues the datagram and waits for OP_WRITE). [CHANNEL] is the only
 * sender in production; tests give one that says "no room" until they release it, which a
 * loopback socket never does, to drive the write-buffer flow control.
 */
internal fun interface DatagramSender {
  /** Sends [data] whole to [to], or to the connected peer when [to] is null. */
  @Throws(java.io.IOException::class)
  fun send(channel: DatagramChannel, data: ByteBuffer, to: SocketAddress?): Int

  companion object {
    @JvmField
    val CHANNEL: DatagramSender = DatagramSender { ch, data, to -> if (to == null) ch.write(data) else ch.send(data, to) }
  }
}
