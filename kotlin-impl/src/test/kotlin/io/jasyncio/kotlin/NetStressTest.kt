package io.jasyncio.kotlin

import io.jasyncio.CancelledError
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import java.io.File
import kotlin.random.Random
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.withContext

/** Open sockets, selectors and pipes of this process (class loading opens jar files: not counted). */
private fun openFds(): Int {
  val fds = File("/proc/self/fd").listFiles() ?: return -1
  return fds.count { f ->
    val target = try {
      java.nio.file.Files.readSymbolicLink(f.toPath()).toString()
    } catch (e: java.io.IOException) {
      ""
    }
    target.startsWith("socket:") || target.startsWith("anon_inode:") || target.startsWith("pipe:")
  }
}

private class Outcome(var completed: Int = 0, var cancelled: Int = 0, var cleanHandlers: Int = 0)

private fun scenario(conns: Int, messages: Int): Outcome {
  val o = Outcome()
  bounded(120) {
    asyncioRun {
      val server = startServer("127.0.0.1", 0) { r, w ->
        var received = 0L
        var echoed = 0L
        try {
          while (true) {
            val data = r.read(65536)
            if (data.isEmpty()) break
            received += data.size
            w.write(data)
            echoed += data.size
            w.drain()
          }
          received shouldBe echoed
          o.cleanHandlers++
        } finally {
          w.close()
        }
      }
      val port = server.port()
      val clients = (0 until conns).map { i ->
        createTask {
          val rnd = Random(i)
          val (r, w) = openConnection("127.0.0.1", port)
          try {
            repeat(messages) { k ->
              val size = rnd.nextInt(1, 64 * 1024)
              val msg = ByteArray(size) { j -> (j * 31 + i * 7 + k).toByte() }
              w.write(msg)
              w.drain()
              val back = r.readexactly(size)
              if (!back.contentEquals(msg)) throw AssertionError("connection $i message $k came back different")
            }
            w.writeEof()
            r.read(-1).size shouldBe 0 // nothing echoed twice
          } finally {
            withContext(NonCancellable) {
              w.close()
              w.waitClosed()
            }
          }
        }
      }
      val rnd = Random(42)
      val loop = getRunningLoop()
      for (t in clients) if (rnd.nextInt(4) == 0) loop.callLater(rnd.nextDouble() * 0.05) { t.cancel() }
      for (t in clients) {
        try {
          t.await()
          o.completed++
        } catch (e: CancelledError) {
          o.cancelled++
        }
      }
      server.close()
      server.waitClosed()
      registrations() shouldBe 0
    }
  }
  return o
}

/**
 * Concurrent echo connections with random message sizes, some client tasks cancelled at random:
 * a client that completes got every byte it sent back exactly once and in order (then nothing
 * more before EOF); a server handler that saw EOF echoed exactly what it received; at the end no
 * selector key and no socket is left. 10 connections by default, 200 with -Pstress.
 */
class NetStressTest : FunSpec({
  test("echo: random sizes x random cancellation, every byte echoed exactly once, nothing leaked") {
    val scale = Integer.getInteger("jasyncio.stress", 1)
    val conns = minOf(200, 10 * scale)
    // a small first round: the JDK opens a few descriptors of its own once (e.g. NIO's pre-close socket)
    scenario(3, 2)
    val fdsBefore = openFds()
    val o = scenario(conns, 20)
    (o.completed + o.cancelled) shouldBe conns
    o.completed shouldBeGreaterThan 0
    o.cleanHandlers shouldBeLessThanOrEqual conns
    o.cleanHandlers shouldBeGreaterThan o.completed - 1
    if (fdsBefore >= 0) openFds() shouldBe fdsBefore
  }
})
