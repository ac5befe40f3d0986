package io.jasyncio.interop

import io.jasyncio.kotlin.asyncioRun
import io.jasyncio.kotlin.await
import io.jasyncio.kotlin.component1
import io.jasyncio.kotlin.component2
import io.jasyncio.kotlin.drain
import io.jasyncio.kotlin.openConnection
import io.jasyncio.kotlin.readInto
import io.jasyncio.kotlin.startServer
import io.jasyncio.kotlin.waitClosed
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.io.ByteArrayOutputStream
import java.net.InetSocketAddress
import java.nio.ByteBuffer

/** readInto: the Java face's future and the Kotlin face's suspend call fill one shared buffer in turn. */
class ReadIntoInteropSpec : FunSpec({
  test("Java readIntoAsync and Kotlin readInto alternate on one reader and one buffer: every byte, in order") {
    val all = ByteArray(1 shl 20) { i -> (i * 17 + (i ushr 9)).toByte() }
    val got = bounded {
      asyncioRun {
        val server = startServer("127.0.0.1", 0) { _, w ->
          w.write(all)
          w.drain()
          w.close()
        }
        val port = (server.sockets()[0].localAddress as InetSocketAddress).port
        val (r, w) = openConnection("127.0.0.1", port, limit = 1024)
        val out = ByteArrayOutputStream()
        val buf = ByteBuffer.allocate(5000)
        var java = true
        while (true) {
          buf.clear()
          val k = if (java) r.readIntoAsync(buf).await() else r.readInto(buf)
          java = !java
          if (k < 0) break
          out.write(buf.array(), 0, k)
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
