package io.jasyncio.kotlin

import io.jasyncio.ExceptionContext
import io.jasyncio.net.DatagramOptions
import io.jasyncio.net.DatagramProtocol
import io.jasyncio.net.DatagramTransport
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith
import io.kotest.matchers.types.shouldBeInstanceOf
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.PortUnreachableException
import java.net.SocketAddress
import java.net.StandardProtocolFamily
import java.net.UnixDomainSocketAddress
import java.nio.ByteBuffer
import java.nio.channels.DatagramChannel
import java.nio.file.Path
import java.util.concurrent.CopyOnWriteArrayList
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.channels.Channel

/** One loop iteration (the connectionLost a close() scheduled runs and unregisters), then no selector registration may be left. */
internal suspend fun settledWithoutRegistrations() {
  sleep(0.0)
  registrations() shouldBe 0
}

/** Datagram endpoints through the Kotlin face (CPython's datagram transport tests, restated). */
class DatagramSpec : FunSpec({
  val local = InetSocketAddress(InetAddress.getLoopbackAddress(), 0)

  class Rec(val echo: Boolean = false) : DatagramProtocol {
    val events = CopyOnWriteArrayList<String>()
    val received = Channel<Pair<String, SocketAddress>>(Channel.UNLIMITED)
    val errors = Channel<Exception>(Channel.UNLIMITED)
    val lost = CompletableDeferred<Throwable?>()
    lateinit var transport: DatagramTransport

    override fun connectionMade(transport: DatagramTransport) {
      this.transport = transport
      events += "made"
    }

    override fun datagramReceived(data: ByteBuffer, addr: SocketAddress) {
      val s = Charsets.UTF_8.decode(data).toString()
      events += "got $s"
      if (echo) transport.sendto("echo $s".toByteArray(), addr)
      received.trySend(s to addr)
    }

    override fun errorReceived(exc: Exception) {
      events += "error ${exc.javaClass.simpleName}"
      errors.trySend(exc)
    }

    override fun connectionLost(exc: Throwable?) {
      events += "lost $exc"
      lost.complete(exc)
    }
  }

  test("echo between an unconnected server and a connected client, then close") {
    val events = bounded {
      asyncioRun {
        val (st, _) = createDatagramEndpoint(localAddr = local) { Rec(echo = true) }
        val srvAddr = st.getExtraInfo("sockname") as InetSocketAddress
        val (ct, client) = createDatagramEndpoint(remoteAddr = srvAddr) { Rec() }
        ct.getExtraInfo("peername") shouldBe srvAddr
        (ct.getExtraInfo("socket") is DatagramChannel) shouldBe true
        repeat(3) {
          ct.sendto("ping $it".toByteArray())
          waitFor(5.0) { client.received.receive() }.first shouldBe "echo ping $it"
        }
        ct.close()
        ct.isClosing shouldBe true
        waitFor(5.0) { client.lost.await() } shouldBe null
        st.close()
        settledWithoutRegistrations()
        client.events.toList()
      }
    }
    events.shouldContainExactly("made", "got echo ping 0", "got echo ping 1", "got echo ping 2", "lost null")
  }

  test("a connected endpoint refuses another address; an unconnected one needs an address") {
    bounded {
      asyncioRun {
        val (st, server) = createDatagramEndpoint(localAddr = local) { Rec() }
        val srvAddr = st.getExtraInfo("sockname") as InetSocketAddress
        val (ct, _) = createDatagramEndpoint(remoteAddr = srvAddr) { Rec() }
        shouldThrow<IllegalArgumentException> {
          ct.sendto(byteArrayOf(1), InetSocketAddress(srvAddr.address, if (srvAddr.port == 1) 2 else 1))
        }.message shouldStartWith "Invalid address: must be null or $srvAddr"
        ct.sendto("same".toByteArray(), srvAddr)
        waitFor(5.0) { server.received.receive() }.first shouldBe "same"
        shouldThrow<IllegalStateException> { st.sendto(byteArrayOf(1)) }
        ct.close()
        st.close()
        settledWithoutRegistrations()
      }
    }
  }

  test("ICMP port unreachable reaches errorReceived as PortUnreachableException; the endpoint stays open") {
    val dead = DatagramChannel.open().use { it.bind(local); it.localAddress as InetSocketAddress }
    val exc = bounded {
      asyncioRun {
        val (ct, client) = createDatagramEndpoint(remoteAddr = InetSocketAddress(InetAddress.getLoopbackAddress(), dead.port)) { Rec() }
        ct.sendto("anyone?".toByteArray())
        val e = waitFor(5.0) { client.errors.receive() }
        ct.isClosing shouldBe false
        ct.close()
        settledWithoutRegistrations()
        e
      }
    }
    exc.shouldBeInstanceOf<PortUnreachableException>()
  }

  test("a failing datagramReceived is reported and closes the endpoint") {
    val reports = CopyOnWriteArrayList<ExceptionContext>()
    val lostWith = bounded {
      asyncioRun {
        getRunningLoop().setExceptionHandler { _, ctx -> reports += ctx }
        val lost = CompletableDeferred<Throwable?>()
        val (st, _) = createDatagramEndpoint(localAddr = local) {
          object : DatagramProtocol {
            override fun datagramReceived(data: ByteBuffer, addr: SocketAddress) = throw IllegalStateException("boom")
            override fun connectionLost(exc: Throwable?) {
              lost.complete(exc)
            }
          }
        }
        val (ct, _) = createDatagramEndpoint(remoteAddr = st.getExtraInfo("sockname") as SocketAddress) { Rec() }
        ct.sendto(byteArrayOf(42))
        val e = waitFor(5.0) { lost.await() }
        ct.close()
        settledWithoutRegistrations()
        e
      }
    }
    lostWith!!.message shouldBe "boom"
    reports.map { it.message() }.shouldContainExactly("Fatal error: protocol.datagramReceived() call failed.")
  }

  test("bad input: null factory result, no address and no family, Unix datagram sockets") {
    bounded {
      asyncioRun {
        shouldThrow<IllegalArgumentException> { createDatagramEndpoint { Rec() } }.message shouldStartWith "unexpected address family"
        shouldThrow<UnsupportedOperationException> {
          createDatagramEndpoint(localAddr = UnixDomainSocketAddress.of(Path.of("/tmp/never.sock"))) { Rec() }
        }
        shouldThrow<UnsupportedOperationException> {
          createDatagramEndpoint(options = DatagramOptions.defaults().family(StandardProtocolFamily.UNIX)) { Rec() }
        }
        shouldThrow<NullPointerException> { createDatagramEndpoint<DatagramProtocol>(localAddr = local) { null!! } }
        registrations() shouldBe 0
      }
    }
  }
})
