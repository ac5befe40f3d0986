package io.jasyncio.interop

import io.jasyncio.kotlin.asyncioRun
import io.jasyncio.kotlin.component1
import io.jasyncio.kotlin.component2
import io.jasyncio.kotlin.drain
import io.jasyncio.kotlin.lines
import io.jasyncio.kotlin.openConnection
import io.jasyncio.kotlin.waitClosed
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.toList

/** A Java stream server on one loop, read by a Kotlin client on another loop (another thread). */
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
})
