package io.jasyncio.kotlin

import io.jasyncio.net.Protocol
import io.jasyncio.net.Transport
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import java.io.ByteArrayOutputStream
import java.net.InetSocketAddress
import java.nio.ByteBuffer
import java.nio.channels.ServerSocketChannel
import java.nio.channels.SocketChannel
import kotlinx.coroutines.CompletableDeferred

/**
 * pauseReading on the socket transport, Kotlin face: deliveries stop at once, the selector interest
 * is dropped lazily (when data comes while paused), and a pause that ends within the step loses nothing.
 */
class PauseReadingSpec : FunSpec({
  fun pattern(n: Int) = ByteArray(n) { i -> (i * 31 + (i ushr 11)).toByte() }

  test("a transport paused after data delivers nothing until resumed, and the loop does not spin") {
    ServerSocketChannel.open().use { listener ->
      listener.bind(InetSocketAddress("127.0.0.1", 0))
      val peer = SocketChannel.open(listener.localAddress)
      val accepted = listener.accept()
      val chunks = ArrayList<String>()
      val first = CompletableDeferred<Unit>()
      lateinit var transport: Transport
      val protocol = object : Protocol {
        override fun connectionMade(t: Transport) {
          transport = t
        }

        override fun dataReceived(data: ByteBuffer) {
          val b = ByteArray(data.remaining())
          data.get(b)
          chunks += String(b)
          if (chunks.size == 1) {
            transport.pauseReading()
            first.complete(Unit)
          }
        }
      }
      runReal {
        val loop = getRunningLoop()
        loop.connectAcceptedSocket({ protocol }, accepted).await()
        peer.write(ByteBuffer.wrap("a".toByteArray()))
        first.await()
        transport.isReading.shouldBeFalse()
        peer.write(ByteBuffer.wrap("b".toByteArray())) // readable while paused: the transport must stop asking, not spin
        val before = loop.statistics().iterations()
        sleep(0.05)
        // a paused transport whose OP_READ stayed registered would make every select return at once
        (loop.statistics().iterations() - before) shouldBeLessThan 20L
        chunks shouldContainExactly listOf("a")
        transport.resumeReading()
        while (chunks.size < 2) sleep(0.001)
        chunks shouldContainExactly listOf("a", "b")
        transport.close()
        settledWithoutRegistrations()
      }
      peer.close()
    }
  }

  test("pause and resume within a step lose nothing") {
    val all = pattern(4 shl 20)
    val done = CompletableDeferred<ByteArray>()
    var pauses = 0
    val got = runReal {
      val loop = getRunningLoop()
      val server = loop.createServer({
        object : Protocol {
          val got = ByteArrayOutputStream()
          lateinit var t: Transport

          override fun connectionMade(transport: Transport) {
            t = transport
          }

          override fun dataReceived(data: ByteBuffer) {
            val b = ByteArray(data.remaining())
            data.get(b)
            got.writeBytes(b)
            t.pauseReading()
            pauses++
            loop.callSoon { t.resumeReading() }
          }

          override fun eofReceived(): Boolean {
            done.complete(got.toByteArray())
            return false
          }
        }
      }, "127.0.0.1", 0).await()
      val (_, w) = openConnection("127.0.0.1", server.port())
      w.write(all)
      w.writeEof()
      val b = done.await()
      w.close()
      server.close()
      server.waitClosed()
      settledWithoutRegistrations()
      b
    }
    got.contentEquals(all).shouldBeTrue()
    pauses shouldBeGreaterThan 1
  }

  test("a stream reader with a small limit pauses and resumes often and gets every byte in order") {
    val all = pattern(4 shl 20)
    val out = ByteArrayOutputStream()
    runReal {
      val server = startServer("127.0.0.1", 0) { _, w ->
        var off = 0
        while (off < all.size) {
          val n = minOf(64 * 1024, all.size - off)
          w.write(all.copyOfRange(off, off + n))
          w.drain()
          off += n
        }
        w.close()
      }
      // 4 KiB reads from a reader that pauses above 2 KiB: a pause/resume per transport read
      val (r, w) = openConnection("127.0.0.1", server.port(), limit = 1024)
      while (true) {
        val d = r.read(4096)
        if (d.isEmpty()) break
        out.writeBytes(d)
      }
      r.atEof() shouldBe true
      w.close()
      server.close()
      server.waitClosed()
      settledWithoutRegistrations()
    }
    out.toByteArray().contentEquals(all).shouldBeTrue()
  }
})
