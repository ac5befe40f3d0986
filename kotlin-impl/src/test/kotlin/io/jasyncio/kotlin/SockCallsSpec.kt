package io.jasyncio.kotlin

import io.jasyncio.net.Protocol
import io.jasyncio.net.Server
import io.jasyncio.net.Transport
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import java.io.ByteArrayOutputStream
import java.net.ConnectException
import java.net.InetAddress
import java.net.InetSocketAddress
import java.nio.ByteBuffer
import java.nio.channels.DatagramChannel
import java.nio.channels.FileChannel
import java.nio.channels.ServerSocketChannel
import java.nio.channels.SocketChannel
import java.nio.file.Files
import java.nio.file.StandardOpenOption
import kotlin.coroutines.cancellation.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.async
import kotlinx.coroutines.yield

/** The sock_* calls, sendfile and getnameinfo through the Kotlin face (CPython's test_sock_lowlevel and test_sendfile, restated). */
class SockCallsSpec : FunSpec({
  val local = InetSocketAddress(InetAddress.getLoopbackAddress(), 0)

  suspend fun pair(): Pair<SocketChannel, SocketChannel> {
    ServerSocketChannel.open().use { srv ->
      srv.bind(local).configureBlocking(false)
      val cli = SocketChannel.open().apply { configureBlocking(false) }
      val accepted = createTask { sockAccept(srv) }
      sockConnect(cli, srv.localAddress)
      return accepted.await() to cli
    }
  }

  /** A server whose client's bytes complete [done] at EOF; [made] sees the server side's transport. */
  suspend fun collectingServer(done: CompletableDeferred<ByteArray>, made: (Transport) -> Unit = {}): Server =
    getRunningLoop().createServer({
      object : Protocol {
        val all = ByteArrayOutputStream()
        override fun connectionMade(transport: Transport) = made(transport)
        override fun dataReceived(data: ByteBuffer) {
          val b = ByteArray(data.remaining())
          data.get(b)
          all.writeBytes(b)
        }
        override fun eofReceived(): Boolean {
          done.complete(all.toByteArray())
          return false
        }
      }
    }, "127.0.0.1", 0).await()

  /** A client transport (its protocol ignores what it gets) to [server]. */
  suspend fun connectTo(server: Server): Transport {
    val port = (server.sockets()[0].localAddress as InetSocketAddress).port
    return getRunningLoop().createConnection({ object : Protocol { override fun dataReceived(data: ByteBuffer) {} } }, "127.0.0.1", port)
      .await().transport()
  }

  /** Closes [t] and [server], waits for the server's clients, then checks nothing stays registered. */
  suspend fun closeAll(t: Transport, server: Server) {
    t.close()
    server.close()
    server.waitClosed()
    settledWithoutRegistrations()
  }

  test("connect, accept, sendall, recv, recvInto; EOF is empty") {
    val out = bounded {
      asyncioRun {
        val (s, c) = pair()
        val recv = createTask { sockRecv(s, 1024) }
        yield()
        sockSendall(c, "hello world".toByteArray())
        val got = String(recv.await())
        sockSendall(c, ByteBuffer.wrap("into".toByteArray()))
        val buf = ByteBuffer.allocate(16)
        sockRecvInto(s, buf) shouldBe 4
        c.close()
        sockRecv(s, 10).size shouldBe 0
        s.close()
        registrations() shouldBe 0
        "$got ${String(buf.array(), 0, buf.position())}"
      }
    }
    out shouldBe "hello world into"
  }

  test("a recv cancelled while waiting, or after its wake-up, consumes nothing") {
    val out = bounded {
      asyncioRun {
        val (s, c) = pair()
        val r1 = createTask { sockRecv(s, 100) }
        yield()
        r1.cancel()
        shouldThrow<CancellationException> { r1.await() }
        val r2 = async { sockRecv(s, 100) }
        yield()
        c.write(ByteBuffer.wrap("abc".toByteArray()))
        r2.cancel()
        shouldThrow<CancellationException> { r2.await() }
        c.write(ByteBuffer.wrap("def".toByteArray()))
        val all = ByteArrayOutputStream()
        while (all.size() < 6) all.writeBytes(sockRecv(s, 100))
        s.close()
        c.close()
        registrations() shouldBe 0
        all.toString(Charsets.UTF_8)
      }
    }
    out shouldBe "abcdef"
  }

  test("a sendall cancelled midway: the buffer's position is exactly what the peer gets") {
    val (sent, got) = bounded {
      asyncioRun {
        val (s, c) = pair()
        val data = ByteBuffer.allocate(32 shl 20)
        val send = createTask { sockSendall(c, data) }
        sleep(0.05)
        send.cancel()
        shouldThrow<CancellationException> { send.await() }
        val sent = data.position().toLong()
        c.close()
        var got = 0L
        while (true) {
          val b = sockRecv(s, 1 shl 20)
          if (b.isEmpty()) break
          got += b.size
        }
        s.close()
        registrations() shouldBe 0
        sent to got
      }
    }
    (sent > 0) shouldBe true
    got shouldBe sent
  }

  test("recvfrom and sendto; a cancelled recvfrom loses no datagram") {
    val out = bounded {
      asyncioRun {
        DatagramChannel.open().use { a ->
          DatagramChannel.open().use { b ->
            a.bind(local).configureBlocking(false)
            b.bind(local).configureBlocking(false)
            val r1 = createTask { sockRecvfrom(a, 100) }
            yield()
            b.send(ByteBuffer.wrap("one".toByteArray()), a.localAddress)
            r1.cancel()
            shouldThrow<CancellationException> { r1.await() }
            val (data, from) = sockRecvfrom(a, 100)
            from shouldBe b.localAddress
            sockSendto(b, ByteBuffer.wrap("two".toByteArray()), a.localAddress) shouldBe 3
            registrations() shouldBe 0
            String(data) + " " + String(sockRecvfrom(a, 100).data())
          }
        }
      }
    }
    out shouldBe "one two"
  }

  test("refused connect, blocking and transport-owned channels, bad arguments") {
    bounded {
      asyncioRun {
        val dead = ServerSocketChannel.open().use { it.bind(local); it.localAddress }
        SocketChannel.open().use { c ->
          c.configureBlocking(false)
          shouldThrow<ConnectException> { sockConnect(c, dead) }
        }
        SocketChannel.open().use { blocking ->
          shouldThrow<IllegalArgumentException> { sockRecv(blocking, 1) }.message shouldStartWith "the socket must be non-blocking"
        }
        val (s, c) = pair()
        shouldThrow<IllegalArgumentException> { sockRecv(s, -1) }.message shouldContain "nbytes"
        shouldThrow<IllegalArgumentException> { getaddrinfo("127.0.0.1", 65536) }.message shouldBe "port must be 0-65535, got 65536"
        shouldThrow<IllegalArgumentException> { getnameinfo(InetSocketAddress.createUnresolved("example.invalid", 1)) }
        val server = collectingServer(CompletableDeferred())
        val t = connectTo(server)
        shouldThrow<IllegalStateException> { sockRecv(t.getExtraInfo("socket") as SocketChannel, 1) }.message shouldContain "is used by transport"
        s.close()
        c.close()
        shouldThrow<IllegalArgumentException> { sockRecv(s, 1) }.message shouldContain "closed"
        closeAll(t, server)
      }
    }
  }

  test("sendfile over a TCP transport (native) and over a wrapped one (fallback); getnameinfo") {
    val content = ByteArray(500_000) { (it * 13).toByte() }
    val f = Files.createTempFile("sendfile", ".bin")
    try {
      Files.write(f, content)
      val got = bounded {
        asyncioRun {
          val done = CompletableDeferred<ByteArray>()
          val server = collectingServer(done)
          val t = connectTo(server)
          FileChannel.open(f, StandardOpenOption.READ).use { file ->
            sendfile(t, file) shouldBe 500_000L
            file.position() shouldBe 500_000L
            val wrapped = object : Transport by t {}
            shouldThrow<IllegalStateException> { sendfile(wrapped, file, fallback = false) }.message shouldStartWith "fallback is disabled"
            sendfile(wrapped, file, offset = 100, count = 1000) shouldBe 1000L
            shouldThrow<IllegalArgumentException> { sendfile(t, file, offset = -1) }
            shouldThrow<IllegalArgumentException> { sendfile(t, file, count = 0) }
          }
          t.writeEof()
          val all = waitFor(10.0) { done.await() }
          getnameinfo(InetSocketAddress(InetAddress.getLoopbackAddress(), 443)).port() shouldBe 443
          getaddrinfo("127.0.0.1", 80).first().port shouldBe 80
          closeAll(t, server)
          all
        }
      }
      got.size shouldBe 501_000
      got.copyOfRange(0, 500_000).contentEquals(content) shouldBe true
      got.copyOfRange(500_000, 501_000).contentEquals(content.copyOfRange(100, 1100)) shouldBe true
    } finally {
      Files.delete(f)
    }
  }
  test("sendfile cancelled midway: the file position is exactly what the peer gets, and writes work again") {
    val content = ByteArray(24 shl 20) { (it * 5).toByte() }
    val f = Files.createTempFile("sendfile-cancel", ".bin")
    try {
      Files.write(f, content)
      val (sent, got) = bounded {
        asyncioRun {
          val done = CompletableDeferred<ByteArray>()
          lateinit var peer: Transport
          val server = collectingServer(done) {
            peer = it
            it.pauseReading() // the peer does not read: sendfile has to wait
          }
          val t = connectTo(server)
          FileChannel.open(f, StandardOpenOption.READ).use { file ->
            val send = createTask { sendfile(t, file) }
            sleep(0.05)
            send.cancel()
            shouldThrow<CancellationException> { send.await() }
            val sent = file.position()
            t.write("TAIL".toByteArray())
            t.writeEof()
            t.isReading shouldBe true
            peer.resumeReading()
            val all = waitFor(10.0) { done.await() }
            closeAll(t, server)
            sent to all
          }
        }
      }
      (sent > 0 && sent < content.size) shouldBe true
      got.size.toLong() shouldBe sent + 4
      got.copyOfRange(0, sent.toInt()).contentEquals(content.copyOfRange(0, sent.toInt())) shouldBe true
      String(got.copyOfRange(sent.toInt(), got.size)) shouldBe "TAIL"
    } finally {
      Files.delete(f)
    }
  }
})
