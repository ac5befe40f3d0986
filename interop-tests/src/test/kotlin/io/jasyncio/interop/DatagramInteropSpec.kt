package io.jasyncio.interop

import io.jasyncio.kotlin.asyncioRun
import io.jasyncio.kotlin.await
import io.jasyncio.kotlin.component1
import io.jasyncio.kotlin.component2
import io.jasyncio.kotlin.createDatagramEndpoint
import io.jasyncio.kotlin.getRunningLoop
import io.jasyncio.kotlin.sockRecvfrom
import io.jasyncio.kotlin.sockSendto
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.SocketAddress
import java.nio.ByteBuffer
import java.nio.channels.DatagramChannel

/** Java and Kotlin share a datagram endpoint (a Java protocol on a Kotlin-made endpoint) and one channel (both faces' sock_* calls). */
class DatagramInteropSpec : FunSpec({
  test("a Kotlin client talks to a Java protocol; Java-face and Kotlin-face receives alternate on one channel") {
    val got = bounded {
      asyncioRun {
        val loop = getRunningLoop()
        val (st, proto) = createDatagramEndpoint(localAddr = InetSocketAddress(InetAddress.getLoopbackAddress(), 0)) { JavaUpperDatagram() }
        val srv = st.getExtraInfo("sockname") as SocketAddress
        DatagramChannel.open().use { ch ->
          ch.bind(InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).configureBlocking(false)
          val out = ArrayList<String>()
          for ((i, word) in listOf("alpha", "beta", "gamma", "delta").withIndex()) {
            sockSendto(ch, ByteBuffer.wrap(word.toByteArray()), srv)
            val d = if (i % 2 == 0) sockRecvfrom(ch, 1024) else JavaUpperDatagram.receiveFromJava(loop, ch).await()
            d.address() shouldContainExactlyAddress srv
            out += String(d.data())
          }
          st.close()
          out += "count=${proto.count}"
          out
        }
      }
    }
    got shouldContainExactly listOf("1:ALPHA", "2:BETA", "3:GAMMA", "4:DELTA", "count=4")
  }
})

private infix fun SocketAddress.shouldContainExactlyAddress(expected: SocketAddress) {
  if (this != expected) throw AssertionError("expected $expected, got $this")
}
