package io.jasyncio.internal.net

import io.jasyncio.EventLoop
import io.jasyncio.internal.EngineImpl
import io.jasyncio.net.DatagramProtocol
import java.net.SocketAddress
import java.nio.ByteBuffer
import java.nio.channels.DatagramChannel
import java.util.concurrent.CompletableFuture

/**
 * A [DatagramSender] for the flow-control tests: the socket has "no room" (send returns 0) except
 * for the datagrams [allow] lets through, which go out on the real channel. A loopback socket never
 * fills, so this is how the tests reach the transport's queue. Loop thread only.
 */
internal class GatedSender : DatagramSender {
  private var allowance = 0L
  private var used = CompletableFuture<Void?>()

  /** What went out, in order, as text. */
  val sent: MutableList<String> = ArrayList()

  /** Lets [n] more datagrams through; the future completes once the last of them went out. */
  fun allow(n: Long): CompletableFuture<Void?> {
    allowance += n
    used = CompletableFuture()
    return used
  }

  override fun send(channel: DatagramChannel, data: ByteBuffer, to: SocketAddress?): Int {
    if (allowance == 0L) return 0
    val text = Charsets.UTF_8.decode(data.duplicate()).toString()
    val n = DatagramSender.CHANNEL.send(channel, data, to)
    if (n > 0) {
      sent += text
      if (--allowance == 0L) used.complete(null)
    }
    return n
  }

  companion object {
    /**
     * A datagram transport on [channel] (connected to [peer], or null) whose datagrams go through
     * [sender]; started (connectionMade follows in a later callback). Loop thread.
     */
    @JvmStatic
    fun transport(loop: EventLoop, channel: DatagramChannel, protocol: DatagramProtocol, peer: SocketAddress?, sender: DatagramSender): DatagramTransportImpl {
      val t = DatagramTransportImpl(EngineImpl.impl(loop), channel, protocol, peer, sender)
      t.start(null)
      return t
    }
  }
}
