package io.jasyncio.kotlin

import io.jasyncio.CancelledError
import io.jasyncio.net.Streams
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.IOException
import java.nio.ByteBuffer

private fun ByteBuffer.text(): String = duplicate().flip().let { d -> ByteArray(d.remaining()).also { d.get(it) }.s() }

/** `readInto(ByteBuffer)`, Kotlin face: into the caller's buffer, -1 at EOF, a cancelled read takes nothing. */
class ReadIntoSpec : FunSpec({
  test("copies at most the room, 0 without room, the rest later, -1 at EOF") {
    runVirtual {
      val r = Streams.newStreamReader(1024)
      r.feedData(b("hello world"))
      r.feedEof()
      val small = ByteBuffer.allocate(5)
      val big = ByteBuffer.allocateDirect(64)
      listOf(r.readInto(small), r.readInto(small), r.readInto(big), r.readInto(big)) shouldContainExactly listOf(5, 0, 6, -1)
      small.text() shouldBe "hello"
      big.text() shouldBe " world"
    }
  }

  test("waits for data; a coroutine cancelled after the data came takes nothing") {
    runVirtual {
      val r = Streams.newStreamReader(1024)
      val dst = ByteBuffer.allocate(8)
      val t = createTask { r.readInto(dst) }
      sleep(0.0)
      t.done().shouldBeFalse()
      r.feedData(b("ab"))
      t.cancel()
      shouldThrow<CancelledError> { t.await() }
      dst.position() shouldBe 0
      val next = ByteBuffer.allocate(8)
      r.readInto(next) shouldBe 2
      next.text() shouldBe "ab"
    }
  }

  test("bad input names the problem; the reader's error is raised") {
    runVirtual {
      val r = Streams.newStreamReader(1024)
      shouldThrow<IllegalArgumentException> { r.readInto(ByteBuffer.allocate(1).asReadOnlyBuffer()) }.message shouldContain "read-only"
      r.setException(IOException("reset by peer"))
      shouldThrow<IOException> { r.readInto(ByteBuffer.allocate(1)) }.message shouldBe "reset by peer"
    }
  }

  test("over loopback a reused buffer gets every byte in order through pause and resume") {
    val payload = ByteArray(1 shl 20) { i -> (i * 31 + 7).toByte() }
    val got = runReal {
      val s = startServer("127.0.0.1", 0) { _, w ->
        w.write(payload)
        w.drain()
        w.close()
      }
      val (reader, writer) = openConnection("127.0.0.1", s.port(), limit = 1024)
      val all = java.io.ByteArrayOutputStream()
      val buf = ByteBuffer.allocate(3000)
      while (true) {
        buf.clear()
        val k = reader.readInto(buf)
        if (k < 0) break
        all.write(buf.array(), 0, k)
      }
      writer.close()
      s.close()
      s.waitClosed()
      settledWithoutRegistrations()
      all.toByteArray()
    }
    got.contentEquals(payload) shouldBe true
  }
})
