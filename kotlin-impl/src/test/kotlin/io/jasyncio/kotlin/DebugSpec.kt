package io.jasyncio.kotlin

import io.jasyncio.Asyncio
import io.jasyncio.ExceptionContext
import io.jasyncio.testing.VirtualClock
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import jdk.jfr.Recording
import jdk.jfr.consumer.RecordingFile
import jdk.jfr.consumer.RecordingStream
import java.nio.file.Files
import java.time.Duration
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit

/** Issue 13 from Kotlin: debug mode, creation traces, the watchdog and JFR events for coroutines. */
class DebugSpec : FunSpec({
  fun spin(millis: Long) {
    val end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis)
    while (System.nanoTime() < end) Thread.onSpinWait()
  }

  test("asyncioRun(debug = true) runs the block on a debug loop; loop.debug reads and sets it") {
    asyncioRun(debug = true, clock = VirtualClock()) { Asyncio.getRunningLoop().debug } shouldBe true
    asyncioRun(debug = false, clock = VirtualClock()) {
      val loop = Asyncio.getRunningLoop()
      val before = loop.debug
      loop.debug = true
      before to loop.debug
    } shouldBe (false to true)
  }

  test("a slow coroutine step is a JFR SlowCallback event naming its task") {
    val file = Files.createTempFile("jasyncio", ".jfr")
    try {
      Recording().use { rec ->
        rec.enable("io.jasyncio.SlowCallback")
        rec.start()
        asyncioRun(debug = true, clock = VirtualClock()) {
          Asyncio.getRunningLoop().slowCallbackDuration = 0.001
          createTask(name = "kslow") { spin(5) }.await()
        }
        rec.stop()
        rec.dump(file)
      }
      val events = RecordingFile.readAllEvents(file).filter { it.eventType.name == "io.jasyncio.SlowCallback" }
      events.any { it.getString("callback").contains("name=kslow") }.shouldBeTrue()
    } finally {
      Files.deleteIfExists(file)
    }
  }

  test("a Kotlin task's never-retrieved failure carries where the task was created, in debug mode") {
    val seen = CopyOnWriteArrayList<ExceptionContext>()
    asyncioRun(debug = true, clock = VirtualClock()) {
      Asyncio.getRunningLoop().setExceptionHandler { _, ctx -> seen.add(ctx) }
      spawnDoomed()
      sleep(0.0)
    }
    seen.size shouldBe 1
    seen[0].sourceTraceback().any { it.methodName.contains("spawnDoomed") }.shouldBeTrue()
  }

  test("the watchdog reports a coroutine that blocks the loop, with the frame it is blocked in") {
    val release = CountDownLatch(1)
    val stacks = CopyOnWriteArrayList<String>()
    RecordingStream().use { rs ->
      rs.enable("io.jasyncio.BlockedLoop")
      rs.onEvent("io.jasyncio.BlockedLoop") { e ->
        stacks.add(e.getString("callback") + "\n" + e.getString("stack"))
        release.countDown()
      }
      rs.startAsync()
      asyncioRun(debug = false) {
        Asyncio.getRunningLoop().setBlockedLoopThreshold(Duration.ofMillis(50))
        createTask(name = "kstuck") { release.await(30, TimeUnit.SECONDS).shouldBeTrue() }.await()
      }
    }
    stacks[0] shouldContain "name=kstuck"
    stacks[0] shouldContain "CountDownLatch.await"
  }
})



/** Creates a failing task nobody awaits (its creation stack names this function). */
private suspend fun spawnDoomed() {
  createTask { throw IllegalStateException("doomed") }
}
