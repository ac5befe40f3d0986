package io.jasyncio.kotlin

import io.jasyncio.Asyncio
import io.jasyncio.internal.LogCapture
import io.jasyncio.internal.direct.Carrier
import io.jasyncio.internal.direct.DirectThreads
import io.jasyncio.testing.VirtualClock
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

/**
 * Debug mode's word on where direct bodies run, heard by a Kotlin program that starts direct Java
 * tasks. `.ci/run` runs this spec in every mode: JDK 17, JDK 25, JDK 25 with `java.lang` open.
 */
class DirectDebugSpec : FunSpec({
  fun notices(log: String): Int = log.split("run on the JDK's virtual-thread scheduler").size - 1

  test("a debug loop that runs direct Java tasks says once why they are not carried, when the JDK could carry them") {
    val couldCarry = Runtime.version().feature() >= 24 && DirectThreads.virtual &&
      System.getProperty("jasyncio.direct.carrier") != "off"
    LogCapture().use { log ->
      val r = asyncioRun(debug = true, clock = VirtualClock()) {
        val a = Asyncio.createTask(
          Asyncio.direct {
            Asyncio.await(Asyncio.sleep(0.0))
            20
          },
        ).await()
        val b = Asyncio.createTask(Asyncio.direct { 22 }).await()
        a + b
      }
      r shouldBe 42
      // coroutines only: nothing to say
      asyncioRun(debug = true, clock = VirtualClock()) { createTask { sleep(0.0); 1 }.await() } shouldBe 1
      val text = log.text()
      val expected = couldCarry && !Carrier.available
      notices(text) shouldBe (if (expected) 1 else 0)
      if (expected) text shouldContain "--add-opens java.base/java.lang=ALL-UNNAMED"
    }
  }
})
