package io.jasyncio.interop

import io.jasyncio.kotlin.asyncioRun
import io.jasyncio.kotlin.await
import io.jasyncio.kotlin.createTask
import io.jasyncio.kotlin.drain
import io.jasyncio.kotlin.readline
import io.jasyncio.kotlin.wait
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/** Java and Kotlin share one child process: each side writes with its face, the other reads. */
class ProcessInteropSpec : FunSpec({
  test("a Java-started child: Kotlin writes and Java reads, Java writes and Kotlin reads, Kotlin waits") {
    val got = bounded {
      asyncioRun {
        val p = JavaProcessSide.startCat().await()
        val w = p.stdin()!!
        w.write("from kotlin\n".toByteArray())
        w.drain()
        val javaRead = JavaProcessSide.readLine(p).await()
        JavaProcessSide.writeLine(p, "from java").await()
        val kotlinRead = String(p.stdout()!!.readline())
        // a Java stage task waits on the same process the Kotlin side closes
        val javaWait = createTask { p.waitAsync().await() }
        w.close()
        listOf(javaRead, kotlinRead, p.wait(), javaWait.await())
      }
    }
    got shouldBe listOf("from kotlin\n", "from java\n", 0, 0)
  }
})
