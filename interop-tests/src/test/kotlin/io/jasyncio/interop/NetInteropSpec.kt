package io.jasyncio.interop

import io.jasyncio.kotlin.asyncioRun
import io.jasyncio.kotlin.await
import io.jasyncio.kotlin.component1
import io.jasyncio.kotlin.component2
import io.jasyncio.kotlin.drain
import io.jasyncio.kotlin.lines
import io.jasyncio.kotlin.openConnection
import io.jasyncio.kotlin.read
import io.jasyncio.kotlin.startServer
import io.jasyncio.kotlin.waitClosed
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import java.io.ByteArrayOutputStream
import java.net.InetSocketAddress
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.toList

/** Java and Kotlin faces on the same network objects: a Java stream server read by a Kotlin client on another loop; one reader used by both faces. */
class NetInteropSpec : FunSpec({
  test("a Kotlin client on its own loop talks to a Java server on another loop") {
    JavaLineServer().use { server ->
      val port = server.port()
      val got = bounded {
        asyncioRun {
          val (r, w) = openConnection("127.0.0.1", port)
          for (word in listOf("alpha", "beta", "gamma")) {
            w.write("$word\n".toByteArray())
            w.drain()
          }
          w.writeEof()
          val lines = r.lines().map { String(it) }.toList()
          w.close()
          w.waitClosed()
          lines
        }
      }
      got shouldContainExactly listOf("1: ALPHA\n", "2: BETA\n", "3: GAMMA\n")
    }
  }

  test("Java and Kotlin reads share one small-limit reader that pauses and resumes its transport") {
    val all = ByteArray(1 shl 20) { i -> (i * 31 + (i ushr 11)).toByte() }
    val got = bounded {
      asyncioRun {
        val server = startServer("127.0.0.1", 0) { _, w ->
          var off = 0
          while (off < all.size) {
            val n = minOf(64 * 1024, all.size - off)
            w.write(all.copyOfRange(off, off + n))
            w.drainAsync().await() // the Java face's drain from a coroutine
            off += n
          }
          w.close()
        }
        val port = (server.sockets()[0].localAddress as InetSocketAddress).port
        val (r, w) = openConnection("127.0.0.1", port, limit = 1024)
        val out = ByteArrayOutputStream()
        var java = true
        while (true) {
          // alternate the faces: a Java future read, then a Kotlin suspend read, on the same reader
          val d = if (java) r.readAsync(4096).await() else r.read(4096)
          java = !java
          if (d.isEmpty()) break
          out.writeBytes(d)
        }
        w.close()
        server.close()
        server.waitClosed()
        out.toByteArray()
      }
    }
    got.contentEquals(all) shouldBe true
  }
})
