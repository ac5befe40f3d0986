package io.jasyncio.kotlin

import io.jasyncio.ExceptionContext
import io.jasyncio.TimeoutError
import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.internal.net.StreamReaderImpl
import io.jasyncio.net.Server
import io.jasyncio.net.ServerOptions
import io.jasyncio.net.StreamWriter
import io.jasyncio.testing.VirtualClock
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import java.io.IOException
import java.net.InetSocketAddress
import java.net.StandardSocketOptions
import java.nio.channels.SocketChannel
import java.nio.file.Files
import java.util.concurrent.CopyOnWriteArrayList
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope

internal fun Server.port(): Int = (sockets()[0].localAddress as InetSocketAddress).port

/** A real-clock loop, bounded in time. */
internal fun <T> runReal(block: suspend CoroutineScope.() -> T): T = bounded { asyncioRun(block = block) }

internal suspend fun echoServer(): Server = startServer("127.0.0.1", 0) { r, w ->
  while (true) {
    val data = r.read(65536)
    if (data.isEmpty()) break
    w.write(data)
    w.drain()
  }
  w.close()
}

internal suspend fun registrations(): Int = (getRunningLoop() as EventLoopImpl).io.registrations

/** CPython test_streams / test_server, the socket parts, restated for the Kotlin face. */
class StreamsSpec : FunSpec({
  test("open_connection to start_server: echo, addresses in getExtraInfo, EOF after close") {
    runReal {
      val server = echoServer()
      server.isServing().shouldBeTrue()
      val (r, w) = openConnection("127.0.0.1", server.port())
      (w.getExtraInfo("peername") as InetSocketAddress).port shouldBe server.port()
      (w.getExtraInfo("sockname") as InetSocketAddress).address.isLoopbackAddress.shouldBeTrue()
      w.getExtraInfo("socket").shouldBeInstanceOf<SocketChannel>()
      w.write(b("hello\n"))
      w.drain()
      r.readline().s() shouldBe "hello\n"
      w.writeEof()
      r.read(-1).s() shouldBe ""
      r.atEof().shouldBeTrue()
      w.close()
      w.waitClosed()
      w.isClosing().shouldBeTrue()
      server.close()
      server.waitClosed()
      server.sockets().shouldBeEmpty()
      registrations() shouldBe 0
    }
  }

  test("Unix domain sockets: start_unix_server and open_unix_connection") {
    val dir = Files.createTempDirectory("jasyncio-unix")
    val path = dir.resolve("s.sock")
    try {
      runReal {
        val server = startUnixServer(path) { r, w ->
          w.write(r.readline().reversedArray())
          w.close()
        }
        val (r, w) = openUnixConnection(path)
        w.write(b("abc\n"))
        r.read(-1).s() shouldBe "\ncba"
        w.close()
        w.waitClosed()
        server.serving { }
        registrations() shouldBe 0
      }
    } finally {
      Files.deleteIfExists(path)
      Files.delete(dir)
    }
  }

  test("a Unix server removes its socket file at close, but not a file that replaced it (asyncio 3.13 cleanup_socket)") {
    val dir = Files.createTempDirectory("jasyncio-unix")
    val path = dir.resolve("s.sock")
    try {
      runReal {
        val first = startUnixServer(path) { _, w -> w.close() }
        first.close()
        first.waitClosed()
        Files.exists(path).shouldBeFalse()
        val second = startUnixServer(path) { _, w -> w.close() }
        Files.delete(path)
        Files.writeString(path, "not a socket")
        second.close()
        second.waitClosed()
        Files.readString(path) shouldBe "not a socket"
        // a regular file in the way is not removed: the bind fails naming the path
        val e = shouldThrow<java.io.IOException> { startUnixServer(path) { _, w -> w.close() } }
        e.message!!.contains(path.toString()).shouldBeTrue()
        registrations() shouldBe 0
      }
    } finally {
      Files.deleteIfExists(path)
      Files.delete(dir)
    }
  }

  test("a client handler that throws is reported and its connection closed; the server keeps serving") {
    val seen = CopyOnWriteArrayList<ExceptionContext>()
    runReal {
      getRunningLoop().setExceptionHandler { _, ctx -> seen += ctx }
      var n = 0
      val server = startServer("127.0.0.1", 0) { r, w ->
        n++
        if (n == 1) throw IllegalStateException("handler failed")
        w.write(r.readline())
        w.close()
      }
      val (r1, w1) = openConnection("127.0.0.1", server.port())
      r1.read(-1).s() shouldBe "" // closed by the server
      w1.close()
      val (r2, w2) = openConnection("127.0.0.1", server.port())
      w2.write(b("second\n"))
      r2.read(-1).s() shouldBe "second\n"
      w2.close()
      server.serving { }
    }
    seen.map { it.message() } shouldContainExactly listOf("Unhandled exception in client_connected_cb")
    seen[0].exception()!!.message shouldBe "handler failed"
  }

  test("a peer reset in the middle of a read reaches the reader as an IOException") {
    runReal {
      val result = CompletableDeferred<Throwable>()
      val server = startServer("127.0.0.1", 0) { r, _ ->
        try {
          r.readexactly(100)
          result.complete(AssertionError("read 100 bytes"))
        } catch (e: Throwable) {
          result.complete(e)
        }
      }
      val (_, w) = openConnection("127.0.0.1", server.port())
      w.write(ByteArray(10))
      w.drain()
      (w.getExtraInfo("socket") as SocketChannel).setOption(StandardSocketOptions.SO_LINGER, 0)
      w.transport().abort() // RST
      val e = result.await()
      e.shouldBeInstanceOf<IOException>()
      e.message!! shouldContain "reset"
      server.serving { }
      registrations() shouldBe 0
    }
  }

  test("a peer closing while a drain waits fails the drain with an IOException") {
    runReal {
      val drained = CompletableDeferred<Throwable?>()
      val paused = CompletableDeferred<Unit>()
      val server = startServer("127.0.0.1", 0) { _, w ->
        w.transport().setWriteBufferLimits(1024, 0)
        val chunk = ByteArray(64 * 1024)
        try {
          while (true) {
            w.write(chunk)
            if (w.transport().writeBufferSize > 1024) {
              paused.complete(Unit)
              w.drain()
            }
          }
        } catch (e: Throwable) {
          drained.complete(e)
        }
      }
      val (_, w) = openConnection("127.0.0.1", server.port())
      paused.await()
      (w.getExtraInfo("socket") as SocketChannel).setOption(StandardSocketOptions.SO_LINGER, 0)
      w.transport().abort()
      val e = drained.await()
      e.shouldBeInstanceOf<IOException>()
      server.serving { }
    }
  }

  test("a server closed with clients attached keeps them until closeClients; waitClosed waits for them") {
    runReal {
      val server = echoServer()
      val (r, w) = openConnection("127.0.0.1", server.port())
      w.write(b("x"))
      r.readexactly(1).s() shouldBe "x"
      server.close()
      server.isServing().shouldBeFalse()
      server.sockets().shouldBeEmpty()
      val waiting = createTask { server.waitClosed() }
      w.write(b("still"))
      r.readexactly(5).s() shouldBe "still"
      waiting.done().shouldBeFalse()
      server.closeClients()
      waiting.await()
      r.read(-1).s() shouldBe ""
      w.close()
      // a second server: abortClients
      val s2 = echoServer()
      val (r2, w2) = openConnection("127.0.0.1", s2.port())
      w2.write(b("y"))
      r2.readexactly(1).s() shouldBe "y"
      s2.close()
      s2.abortClients()
      s2.waitClosed()
      r2.read(-1).size shouldBe 0
      w2.close()
    }
  }

  test("a slow reader bounds memory: the writer's buffer stays near its high-water mark, the reader's near 2 x limit") {
    runReal {
      val total = 16 * 1024 * 1024
      val chunk = ByteArray(64 * 1024)
      var maxWriteBuffer = 0
      val server = startServer("127.0.0.1", 0) { _, w ->
        var sent = 0
        while (sent < total) {
          w.write(chunk)
          sent += chunk.size
          maxWriteBuffer = maxOf(maxWriteBuffer, w.transport().writeBufferSize)
          w.drain()
        }
        w.close()
      }
      val limit = 16 * 1024
      val (r, w) = openConnection("127.0.0.1", server.port(), limit = limit)
      // do not read for a while: the reader pauses its transport
      while (!r.toString().contains("paused")) sleep(0.001)
      val buffered = r.toString().substringAfter('[').substringBefore(' ').toInt()
      buffered shouldBeLessThanOrEqual 2 * limit + 256 * 1024
      r.toString() shouldContain "paused"
      var got = 0
      while (true) {
        val d = r.read(1 shl 20)
        if (d.isEmpty()) break
        got += d.size
      }
      got shouldBe total
      maxWriteBuffer shouldBeLessThanOrEqual 64 * 1024 + chunk.size
      w.close()
      server.serving { }
    }
  }

  test("serveForever until cancelled, then the server is closed") {
    runReal {
      val server = startServer("127.0.0.1", 0, ServerOptions.defaults().startServing(false)) { _, w -> w.close() }
      server.isServing().shouldBeFalse()
      val t = createTask { server.serveForever() }
      sleep(0.0)
      server.isServing().shouldBeTrue()
      shouldThrow<IllegalStateException> { server.serveForeverAsync() }.message!! shouldContain "already"
      val (r, w) = openConnection("127.0.0.1", server.port())
      r.read(-1).size shouldBe 0
      w.close()
      w.waitClosed()
      t.cancel()
      shouldThrow<kotlinx.coroutines.CancellationException> { t.await() }
      server.isServing().shouldBeFalse()
      server.sockets().shouldBeEmpty()
      registrations() shouldBe 0
    }
  }

  test("transports and servers are loop-bound: a call from another thread fails at once") {
    runReal {
      val server = echoServer()
      val (_, w) = openConnection("127.0.0.1", server.port())
      val errors = kotlinx.coroutines.withContext(kotlinx.coroutines.Dispatchers.Default) {
        listOf(
          runCatching { w.write(b("x")) }.exceptionOrNull(),
          runCatching { w.transport().pauseReading() }.exceptionOrNull(),
          runCatching { server.close() }.exceptionOrNull(),
        )
      }
      for (e in errors) {
        e.shouldBeInstanceOf<IllegalStateException>()
        e.message!! shouldContain "loop thread"
      }
      w.close()
      server.serving { }
    }
  }

  test("bad input fails at once, naming the argument, and registers nothing") {
    runReal {
      shouldThrow<IllegalArgumentException> { openConnection("127.0.0.1", 65536) }.message!! shouldContain "port"
      shouldThrow<IllegalArgumentException> { openConnection("127.0.0.1", -1) }.message!! shouldContain "port"
      shouldThrow<IllegalArgumentException> { openConnection("127.0.0.1", 80, limit = 0) }.message!! shouldContain "limit"
      shouldThrow<IllegalArgumentException> { startServer("127.0.0.1", 70000) { _, _ -> } }.message!! shouldContain "port"
      shouldThrow<IllegalArgumentException> { ServerOptions.defaults().limit(-1) }.message!! shouldContain "limit"
      shouldThrow<IllegalArgumentException> { io.jasyncio.net.Streams.newStreamReader(-5) }.message!! shouldContain "limit"
      registrations() shouldBe 0
    }
  }

  test("refused connections raise ConnectException") {
    runReal {
      val server = echoServer()
      val port = server.port()
      server.serving { }
      shouldThrow<java.net.ConnectException> { openConnection("127.0.0.1", port) }
      registrations() shouldBe 0
    }
  }

  test("virtual clock: a read timeout on a silent peer fires in virtual time") {
    bounded {
      asyncioRun(VirtualClock()) {
        val server = startServer("127.0.0.1", 0) { r, w ->
          w.write(r.readline())
          w.close()
        }
        val (r, w) = openConnection("127.0.0.1", server.port())
        val t0 = getRunningLoop().time()
        shouldThrow<TimeoutError> { waitFor(3600.0) { r.readline() } }
        getRunningLoop().time() - t0 shouldBe 3600.0
        // the cancelled read left the reader usable
        w.write(b("late\n"))
        r.readline().s() shouldBe "late\n"
        w.close()
        server.close()
        server.closeClients()
        server.waitClosed()
      }
    }
  }

  test("half-close: writeEof lets the peer read to EOF and answer") {
    runReal {
      val server = startServer("127.0.0.1", 0) { r, w ->
        val all = r.read(-1)
        w.write(b("got ${all.size}"))
        w.close()
      }
      val (r, w) = openConnection("127.0.0.1", server.port())
      w.canWriteEof().shouldBeTrue()
      w.writelines(listOf(b("ab"), b("cd")))
      w.writeEof()
      shouldThrow<IllegalStateException> { w.write(b("x")) }
      r.read(-1).s() shouldBe "got 4"
      w.close()
      server.serving { }
    }
  }

  test("drain of a lost connection raises 'Connection lost'") {
    runReal {
      val server = startServer("127.0.0.1", 0) { _, w -> w.close() }
      val (r, w: StreamWriter) = openConnection("127.0.0.1", server.port())
      r.read(-1).size shouldBe 0
      w.close()
      w.waitClosed()
      shouldThrow<java.net.SocketException> { w.drain() }.message shouldBe "Connection lost"
      server.serving { }
    }
  }
})
