package io.jasyncio.interop

import io.jasyncio.Asyncio
import io.jasyncio.ExceptionContext
import io.jasyncio.kotlin.asyncioRun
import io.jasyncio.kotlin.sleep
import io.jasyncio.testing.VirtualClock
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.shouldBe
import java.util.concurrent.CopyOnWriteArrayList

/** Debug mode across the faces: a Kotlin debug loop reports a Java task's lost failure with the Java creation site. */
class DebugInteropSpec : FunSpec({
  test("a Java task made on a Kotlin debug loop carries its Java creation site into the report") {
    val seen = CopyOnWriteArrayList<ExceptionContext>()
    val stats = asyncioRun(debug = true, clock = VirtualClock()) {
      val loop = Asyncio.getRunningLoop()
      loop.setExceptionHandler { _, ctx -> seen.add(ctx) }
      JavaDebugSide.spawnDoomedJavaTask()
      sleep(0.0)
      loop.statistics()
    }
    seen.size shouldBe 1
    seen[0].message().contains("exception was never retrieved").shouldBeTrue()
    (seen[0].exception() is IllegalStateException).shouldBeTrue()
    seen[0].sourceTraceback().any { it.className.endsWith("JavaDebugSide") && it.methodName == "spawnDoomedJavaTask" }.shouldBeTrue()
    stats.debug().shouldBeTrue()
  }
})
