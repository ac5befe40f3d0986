package io.jasyncio.kotlin

import io.jasyncio.CancelledError
import io.jasyncio.net.IncompleteReadError
import io.jasyncio.net.LimitOverrunError
import io.jasyncio.net.StreamReader
import io.jasyncio.net.Streams
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.flow.toList

internal fun b(s: String): ByteArray = s.toByteArray()
internal fun ByteArray.s(): String = String(this)

private fun reader(limit: Int = Streams.DEFAULT_LIMIT): StreamReader = Streams.newStreamReader(limit)

/** CPython test_streams.StreamTests, the StreamReader parts (fed by hand), restated for the Kotlin face. */
class StreamReaderSpec : FunSpec({
  test("feedData with nothing is a no-op; with bytes they are buffered") {
    runVirtual {
      val r = reader()
      r.feedData(ByteArray(0))
      r.toString() shouldBe "StreamReader[0 bytes]"
      r.feedData(b("line1\nline2\n"))
      r.toString() shouldBe "StreamReader[12 bytes]"
    }
  }

  test("read(0) returns empty at once; read(n) waits for data and returns what came") {
    runVirtual {
      val r = reader()
      r.read(0).s() shouldBe ""
      val t = createTask { r.read(30).s() }
      sleep(0.0)
      t.done().shouldBeFalse()
      r.feedData(b("line1\nline2\n"))
      t.await() shouldBe "line1\nline2\n"
    }
  }

  test("read(n) takes at most n") {
    runVirtual {
      val r = reader()
      r.feedData(b("line1\nline2\n"))
      r.read(5).s() shouldBe "line1"
      r.read(100).s() shouldBe "\nline2\n"
    }
  }

  test("read at EOF returns an empty array, read(-1) collects chunks until EOF") {
    runVirtual {
      val r = reader()
      r.feedEof()
      r.read(10).s() shouldBe ""
      r.atEof().shouldBeTrue()
      val r2 = reader(limit = 4)
      val t = createTask { r2.read(-1).s() }
      for (chunk in listOf("chunk1\n", "chunk2", "chunk3")) {
        r2.feedData(b(chunk))
        sleep(0.0)
      }
      r2.feedEof()
      t.await() shouldBe "chunk1\nchunk2chunk3"
    }
  }

  test("a read fails with the reader's exception, and a waiting read is failed by setException") {
    runVirtual {
      val r = reader()
      r.feedData(b("line\n"))
      r.setException(IllegalStateException("boom"))
      shouldThrow<IllegalStateException> { r.read(2) }.message shouldBe "boom"
      val r2 = reader()
      val t = createTask { r2.readline() }
      sleep(0.0)
      r2.setException(java.io.IOException("reset"))
      shouldThrow<java.io.IOException> { t.await() }.message shouldBe "reset"
      r2.exception()!!.message shouldBe "reset"
    }
  }

  test("readline assembles a line from several chunks and leaves the rest") {
    runVirtual {
      val r = reader()
      r.feedData(b("chk"))
      val t = createTask { r.readline().s() }
      sleep(0.0)
      r.feedData(b("1 line"))
      sleep(0.0)
      t.done().shouldBeFalse()
      r.feedData(b(" ch2\nchunk3"))
      t.await() shouldBe "chk1 line ch2\n"
      r.feedEof()
      r.read(-1).s() shouldBe "chunk3"
    }
  }

  test("readline at EOF returns what is left, then empty arrays") {
    runVirtual {
      val r = reader()
      r.feedData(b("some data"))
      r.feedEof()
      r.readline().s() shouldBe "some data"
      r.readline().s() shouldBe ""
      r.atEof().shouldBeTrue()
    }
  }

  test("readline over the limit raises ValueError (IllegalArgumentException) and drops the line") {
    runVirtual {
      val r = reader(limit = 7)
      r.feedData(b("1234567\n"))
      r.feedData(b("abc\n"))
      // the separator is at index 7 = limit: found, so "1234567\n" is returned (CPython: limit counts before the separator)
      r.readline().s() shouldBe "1234567\n"
      r.readline().s() shouldBe "abc\n"
      val r2 = reader(limit = 7)
      r2.feedData(b("12345678\n1\n"))
      shouldThrow<IllegalArgumentException> { r2.readline() }.message shouldContain "chunk is longer than limit"
      r2.readline().s() shouldBe "1\n"
      val r3 = reader(limit = 7)
      r3.feedData(b("123456789"))
      shouldThrow<IllegalArgumentException> { r3.readline() }.message shouldContain "Separator is not found"
      r3.toString() shouldBe "StreamReader[0 bytes, limit=7]"
    }
  }

  test("readuntil: empty separator is rejected, several chunks, several separators (3.13)") {
    runVirtual {
      val r = reader()
      shouldThrow<IllegalArgumentException> { r.readuntil(ByteArray(0)) }
      r.feedData(b("QWEaa"))
      r.feedData(b("XYaa"))
      r.feedData(b("a"))
      r.readuntil(b("aaa")).s() shouldBe "QWEaaXYaaa"
      r.feedData(b("one|two;three"))
      r.readuntil(b(";"), b("|")).s() shouldBe "one|"
      r.readuntil(b(";"), b("|")).s() shouldBe "two;"
      // the match that ends first wins, not the first separator listed
      r.feedData(b("xaby"))
      r.readuntil(b("aby"), b("ab")).s() shouldBe "threexab"
    }
  }

  test("readuntil at EOF raises IncompleteReadError with the buffer and no expected size") {
    runVirtual {
      val r = reader()
      r.feedData(b("some dataAA"))
      r.feedEof()
      val e = shouldThrow<IncompleteReadError> { r.readuntil(b("AAA")) }
      e.partial().s() shouldBe "some dataAA"
      e.expected() shouldBe -1
      r.read(-1).s() shouldBe ""
    }
  }

  test("readuntil past the limit raises LimitOverrunError with consumed, taking nothing") {
    runVirtual {
      val r = reader(limit = 3)
      r.feedData(b("some dataAA"))
      val e = shouldThrow<LimitOverrunError> { r.readuntil(b("AAA")) }
      e.message shouldContain "not found"
      e.consumed() shouldBe 9
      r.toString() shouldBe "StreamReader[11 bytes, limit=3]"
      r.feedData(b("A"))
      val e2 = shouldThrow<LimitOverrunError> { r.readuntil(b("AAA")) }
      e2.message shouldContain "is found"
      e2.consumed() shouldBe 9
    }
  }

  test("readexactly: zero, negative, across chunks, EOF gives IncompleteReadError(partial, expected)") {
    runVirtual {
      val r = reader()
      r.readexactly(0).s() shouldBe ""
      shouldThrow<IllegalArgumentException> { r.readexactly(-1) }
      val t = createTask { r.readexactly(12).s() }
      r.feedData(b("chunk1\n"))
      sleep(0.0)
      t.done().shouldBeFalse()
      r.feedData(b("chunk2\nchunk3\n"))
      t.await() shouldBe "chunk1\nchunk"
      r.feedEof()
      val e = shouldThrow<IncompleteReadError> { r.readexactly(10) }
      e.partial().s() shouldBe "2\nchunk3\n"
      e.expected() shouldBe 10
      e.message shouldBe "9 bytes read on a total of 10 expected bytes"
    }
  }

  test("readexactly larger than 2 x limit completes: the paused transport is resumed while waiting") {
    runVirtual {
      val r = reader(limit = 4)
      val t = createTask { r.readexactly(20).size }
      repeat(10) {
        r.feedData(b("ab"))
        sleep(0.0)
      }
      t.await() shouldBe 20
    }
  }

  test("only one read may wait at a time (asyncio's RuntimeError)") {
    runVirtual {
      val r = reader()
      val t = createTask { r.readline() }
      sleep(0.0)
      shouldThrow<IllegalStateException> { r.read(1) }.message shouldContain "already waiting"
      t.cancel()
    }
  }

  test("a cancelled read consumes nothing: the data stays buffered for the next read") {
    runVirtual {
      val r = reader()
      val t = createTask { r.readline() }
      sleep(0.0)
      r.feedData(b("line\n"))
      t.cancel() // woken, not yet resumed: it must not take the line
      shouldThrow<CancelledError> { t.await() }
      r.readline().s() shouldBe "line\n"
    }
  }

  test("lines() is a Flow of the lines until EOF") {
    runVirtual {
      val r = reader()
      r.feedData(b("a\nbb\nccc"))
      r.feedEof()
      r.lines().toList().map { it.s() } shouldContainExactly listOf("a\n", "bb\n", "ccc")
    }
  }

  test("a read from a coroutine off the loop hops to the loop") {
    runVirtual {
      val r = reader()
      r.feedData(b("x\n"))
      val line = kotlinx.coroutines.withContext(kotlinx.coroutines.Dispatchers.Default) { r.readline() }
      line.s() shouldBe "x\n"
    }
  }
})
