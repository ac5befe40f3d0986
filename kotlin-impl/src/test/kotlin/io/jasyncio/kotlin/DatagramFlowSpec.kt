package io.jasyncio.kotlin

import io.jasyncio.internal.net.Datagrams
import io.jasyncio.internal.net.GatedSender
import io.jasyncio.net.DatagramProtocol
import io.jasyncio.net.DatagramTransport
import io.jasyncio.net.WriteBufferLimits
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.SocketAddress
import java.net.StandardProtocolFamily
import java.nio.ByteBuffer
import java.nio.channels.DatagramChannel
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.future.await

/**
 * The datagram transport's write buffer with a full socket (a [GatedSender]), and asyncio's
 * pairing of resolved addresses by family, through the Kotlin face.
 */
class DatagramFlowSpec : FunSpec({
  val loopback = InetSocketAddress(InetAddress.getLoopbackAddress(), 0)

  class Flow : DatagramProtocol {
    val events = ArrayList<String>()
    val made = CompletableDeferred<Unit>()
    val lost = CompletableDeferred<Unit>()
    override fun connectionMade(transport: DatagramTransport) {
      made.complete(Unit)
    }
    override fun pauseWriting() {
      events += "pause"
    }
    override fun resumeWriting() {
      events += "resume"
    }
    override fun connectionLost(exc: Throwable?) {
      events += "lost $exc"
      lost.complete(Unit)
    }
  }

  class Sink : DatagramProtocol {
    val got = Channel<String>(Channel.UNLIMITED)
    override fun datagramReceived(data: ByteBuffer, addr: SocketAddress) {
      got.trySend(Charsets.UTF_8.decode(data).toString())
    }
  }

  /** 40 bytes: "d<i>" padded with dots. */
  fun d(i: Int): String = "d$i".padEnd(40, '.')

  fun DatagramTransport.send(i: Int) = sendto(d(i).toByteArray())

  test("a full socket: paused above high, resumed at low, datagrams out whole and in order, close flushes first") {
    bounded {
      asyncioRun {
        val (rt, sink) = createDatagramEndpoint(localAddr = loopback) { Sink() }
        val to = rt.getExtraInfo("sockname") as SocketAddress
        val ch = DatagramChannel.open(StandardProtocolFamily.INET).connect(to)
        val flow = Flow()
        val gate = GatedSender()
        val t = GatedSender.transport(getRunningLoop(), ch, flow, to, gate)
        flow.made.await()
        t.setWriteBufferLimits(100, 50)
        t.getWriteBufferLimits() shouldBe WriteBufferLimits(50, 100)
        t.send(0)
        t.send(1)
        t.getWriteBufferSize() shouldBe 80
        flow.events.shouldBeEmpty()
        t.send(2)
        t.getWriteBufferSize() shouldBe 120
        flow.events.shouldContainExactly("pause")
        t.send(3)
        flow.events.shouldContainExactly("pause")
        gate.allow(1).await()
        t.getWriteBufferSize() shouldBe 120
        flow.events.shouldContainExactly("pause")
        gate.allow(2).await()
        t.getWriteBufferSize() shouldBe 40
        flow.events.shouldContainExactly("pause", "resume")
        t.send(4)
        t.close() // d3 and d4 still queued: close waits for them
        sleep(0.0)
        flow.events.shouldContainExactly("pause", "resume")
        gate.allow(2).await()
        waitFor(5.0) { flow.lost.await() }
        flow.events.shouldContainExactly("pause", "resume", "lost null")
        gate.sent.shouldContainExactly((0..4).map(::d))
        List(5) { waitFor(5.0) { sink.got.receive() } }.shouldContainExactly((0..4).map(::d))
        rt.close()
        settledWithoutRegistrations()
      }
    }
  }

  test("abort drops the buffered datagrams; bad marks are refused and leave the limits as they were") {
    bounded {
      asyncioRun {
        val (rt, _) = createDatagramEndpoint(localAddr = loopback) { Sink() }
        val to = rt.getExtraInfo("sockname") as SocketAddress
        val flow = Flow()
        val gate = GatedSender()
        val t = GatedSender.transport(getRunningLoop(), DatagramChannel.open(StandardProtocolFamily.INET).connect(to), flow, to, gate)
        flow.made.await()
        t.send(0)
        t.send(1)
        t.setWriteBufferLimits(null, 10) // high 40 < 80 buffered: the call pauses
        flow.events.shouldContainExactly("pause")
        shouldThrow<IllegalArgumentException> { t.setWriteBufferLimits(10, 20) }.message shouldBe "high (10) must be >= low (20) must be >= 0"
        t.getWriteBufferLimits() shouldBe WriteBufferLimits(10, 40)
        t.abort()
        t.getWriteBufferSize() shouldBe 0
        gate.allow(2)
        waitFor(5.0) { flow.lost.await() }
        flow.events.shouldContainExactly("pause", "lost null")
        gate.sent.shouldBeEmpty()
        rt.close()
        settledWithoutRegistrations()
      }
    }
  }

  test("address pairing: one candidate per family in the resolver's order; none in common is refused") {
    fun at(ip: String, port: Int) = InetSocketAddress(ip, port)
    Datagrams.candidates(listOf(at("::1", 1), at("127.0.0.1", 2), at("127.0.0.2", 3)), listOf(at("127.0.0.1", 9), at("::1", 9)))
      .shouldContainExactly(
        Datagrams.Candidate(StandardProtocolFamily.INET6, at("::1", 1), at("::1", 9)),
        Datagrams.Candidate(StandardProtocolFamily.INET, at("127.0.0.1", 2), at("127.0.0.1", 9)),
      )
    Datagrams.candidates(null, listOf(at("::1", 9))).shouldContainExactly(Datagrams.Candidate(StandardProtocolFamily.INET6, null, at("::1", 9)))
    shouldThrow<IllegalArgumentException> {
      Datagrams.candidates(listOf(at("::1", 1)), listOf(at("127.0.0.1", 9)))
    }.message shouldStartWith "can not get address information"
    // asyncio tries the candidates in turn: ::2 is nobody's address here, 127.0.0.1 is
    val (ch, chosen) = Datagrams.openFirst(
      listOf(Datagrams.Candidate(StandardProtocolFamily.INET6, at("::2", 0), null), Datagrams.Candidate(StandardProtocolFamily.INET, at("127.0.0.1", 0), null)),
      io.jasyncio.net.DatagramOptions.defaults(),
    )
    ch.use { chosen.family shouldBe StandardProtocolFamily.INET }
    bounded {
      asyncioRun {
        shouldThrow<IllegalArgumentException> {
          createDatagramEndpoint(localAddr = at("::1", 0), remoteAddr = at("127.0.0.1", 9)) { Sink() }
        }
        registrations() shouldBe 0
      }
    }
  }
})
