package io.jasyncio.bench

import io.jasyncio.kotlin.asyncioRun
import io.jasyncio.kotlin.component1
import io.jasyncio.kotlin.component2
import io.jasyncio.kotlin.createDatagramEndpoint
import io.jasyncio.net.DatagramProtocol
import io.jasyncio.net.DatagramTransport
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.SocketAddress
import java.nio.ByteBuffer
import kotlinx.coroutines.CompletableDeferred

/** W12 UDP ping-pong through the Kotlin face: the endpoints made by the suspend `createDatagramEndpoint`, the client awaited as a Deferred. */
object UdpKotlin {
  private class Echo : DatagramProtocol {
    lateinit var t: DatagramTransport

    override fun connectionMade(transport: DatagramTransport) {
      t = transport
    }

    override fun datagramReceived(data: ByteBuffer, addr: SocketAddress) = t.sendto(data, addr)
  }

  private class Pinger(val n: Int) : DatagramProtocol {
    val msg = ByteArray(Registry.UDP_SIZE)
    val done = CompletableDeferred<Int>()
    lateinit var t: DatagramTransport
    var got = 0

    override fun connectionMade(transport: DatagramTransport) {
      t = transport
    }

    override fun datagramReceived(data: ByteBuffer, addr: SocketAddress) {
      if (data.remaining() != msg.size) done.completeExceptionally(AssertionError("bad echo size"))
      if (++got == n) done.complete(got) else t.sendto(msg)
    }

    override fun errorReceived(exc: Exception) {
      done.completeExceptionally(exc)
    }
  }

  fun pingpong(n: Int = Registry.UDP_TRIPS): Result = asyncioRun {
    val (st, _) = createDatagramEndpoint(localAddr = InetSocketAddress(InetAddress.getLoopbackAddress(), 0)) { Echo() }
    val (ct, client) = createDatagramEndpoint(remoteAddr = st.getExtraInfo("sockname") as SocketAddress) { Pinger(n) }
    val t0 = System.nanoTime()
    ct.sendto(client.msg)
    val got = client.done.await()
    val dt = Result.secondsSince(t0)
    ct.close()
    st.close()
    Result.of("trips=$n,bytes=${Registry.UDP_SIZE}", got.toLong(), dt)
  }
}
