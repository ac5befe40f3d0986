package io.jasyncio.kotlin

import io.jasyncio.Asyncio
import io.jasyncio.CancelledError
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlin.concurrent.thread
import kotlin.time.Duration
import kotlin.time.Duration.Companion.days
import kotlin.time.Duration.Companion.hours
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

class SleepSpec : FunSpec({
  test("a one-hour sleep on a virtual clock ends at once with time() == 3600.0") {
    runVirtual {
      sleep(3600.0)
      getRunningLoop().time()
    } shouldBe 3600.0
  }

  test("sleep takes kotlin.time.Duration and java.time.Duration") {
    runVirtual {
      sleep(1.hours)
      getRunningLoop().time() shouldBe 3600.0
      sleep(java.time.Duration.ofMinutes(2))
      getRunningLoop().time() shouldBe 3720.0
      sleep(500.milliseconds)
      getRunningLoop().now shouldBe 3720.5.seconds
    }
  }

  test("sleeping tasks wake in deadline order") {
    val events = mutableListOf<String>()
    runVirtual {
      val ts = listOf(3.0, 1.0, 2.0).map { d ->
        createTask { sleep(d); events += "$d@${getRunningLoop().time()}" }
      }
      ts.forEach { it.await() }
    }
    events shouldContainExactly listOf("1.0@1.0", "2.0@2.0", "3.0@3.0")
  }

  test("sleeps with the same deadline wake in the order they were scheduled") {
    val events = mutableListOf<Int>()
    runVirtual {
      val ts = (1..4).map { i -> createTask { sleep(5.0); events += i } }
      ts.forEach { it.await() }
    }
    events shouldContainExactly listOf(1, 2, 3, 4)
  }

  test("sleep(0.0) yields exactly one loop iteration") {
    val events = mutableListOf<String>()
    runVirtual {
      val loop = getRunningLoop()
      loop.callSoon {
        events += "cb1"
        loop.callSoon { events += "cb2" }
      }
      sleep(0.0)
      events += "after sleep(0)"
      sleep(0.0)
      events += "after second sleep(0)"
    }
    events shouldContainExactly listOf("cb1", "after sleep(0)", "cb2", "after second sleep(0)")
  }

  test("sleep(0.0) lets two tasks alternate") {
    val events = mutableListOf<String>()
    runVirtual {
      val a = createTask { repeat(3) { events += "a$it"; sleep(0.0) } }
      val b = createTask { repeat(3) { events += "b$it"; sleep(0.0) } }
      a.await()
      b.await()
      getRunningLoop().time() shouldBe 0.0
    }
    events shouldContainExactly listOf("a0", "b0", "a1", "b1", "a2", "b2")
  }

  test("sleep rejects NaN with IllegalArgumentException naming the parameter") {
    runVirtual {
      shouldThrow<IllegalArgumentException> { sleep(Double.NaN) }.message shouldBe
        "seconds must be a number of seconds, got NaN"
      "loop still fine"
    } shouldBe "loop still fine"
  }

  test("an infinite or huge sleep waits until cancelled; the clock jumps over it") {
    val events = mutableListOf<String>()
    runVirtual {
      suspend fun sleeper(name: String, block: suspend () -> Unit) = createTask {
        try {
          block()
          events += "$name woke"
        } catch (e: CancellationException) {
          events += "$name cancelled@${getRunningLoop().time()}"
          throw e
        }
      }
      val tasks = listOf(
        sleeper("+inf") { sleep(Double.POSITIVE_INFINITY) },
        sleeper("INFINITE") { sleep(Duration.INFINITE) },
        sleeper("1e18") { sleep(1e18) },
        sleeper("huge kotlin Duration") { sleep((365 * 1_000_000L).days) },
        sleeper("huge java Duration") { sleep(java.time.Duration.ofSeconds(Long.MAX_VALUE)) },
      )
      sleep(36_500.days) // 100 years: inside the clock's range
      getRunningLoop().time() shouldBe 36_500 * 86_400.0
      tasks.forEach { it.done() shouldBe false }
      tasks.forEach { it.cancel() }
      sleep(0.0)
      tasks.forEach { it.cancelled() shouldBe true }
    }
    val at = "${36_500 * 86_400.0}"
    events shouldContainExactly listOf(
      "+inf cancelled@$at", "INFINITE cancelled@$at", "1e18 cancelled@$at",
      "huge kotlin Duration cancelled@$at", "huge java Duration cancelled@$at",
    )
  }

  test("a loop whose only timers never fire waits for other work, without jumping the clock") {
    runVirtual {
      val loop = getRunningLoop()
      loop.callLater(1e18) { error("the 1e18 timer fired") }
      val t = createTask { sleep(Double.POSITIVE_INFINITY) }
      sleep(0.0) // t is asleep; this task now waits for it: the loop is idle
      thread(name = "other") { loop.callSoonThreadsafe { t.cancel() } }
      shouldThrow<CancelledError> { t.await() }
      loop.time() shouldBe 0.0
    }
  }

  test("timeouts with huge delays never expire either: only a cancel ends the wait") {
    runVirtual {
      val loop = getRunningLoop()
      val forever: suspend () -> Unit = { loop.createFuture<Unit>().await() }
      val bodies: List<suspend () -> Unit> = listOf(
        { waitFor(1e18) { forever() } },
        { waitFor((365 * 1_000_000L).days) { forever() } },
        { timeout(1e18) { forever() } },
        { timeout(java.time.Duration.ofSeconds(Long.MAX_VALUE)) { forever() } },
        { withTimeout(Long.MAX_VALUE / 4) { forever() } },
      )
      val outcomes = mutableListOf<String>()
      for (body in bodies) {
        val t = createTask { body() }
        sleep(0.0) // t waits; this task now waits for t: the loop is idle
        thread(name = "other") { loop.callSoonThreadsafe { t.cancel() } }
        val e = runCatching { t.await() }.exceptionOrNull()
        outcomes += "${e?.javaClass?.simpleName}@${loop.time()}"
      }
      outcomes shouldContainExactly List(bodies.size) { "CancelledError@0.0" }
    }
  }

  test("sleep(-Infinity) counts as zero and yields once") {
    val events = mutableListOf<String>()
    runVirtual {
      getRunningLoop().callSoon { events += "callback" }
      sleep(Double.NEGATIVE_INFINITY)
      events += "after sleep(-inf)"
      sleep(-Duration.INFINITE)
      getRunningLoop().time() shouldBe 0.0
    }
    events shouldContainExactly listOf("callback", "after sleep(-inf)")
  }

  test("a negative sleep counts as zero and still yields") {
    val events = mutableListOf<String>()
    runVirtual {
      getRunningLoop().callSoon { events += "callback" }
      sleep(-5.0)
      events += "after sleep(-5)"
      sleep((-1).seconds)
      sleep(java.time.Duration.ofSeconds(-3))
      getRunningLoop().time() shouldBe 0.0
    }
    events shouldContainExactly listOf("callback", "after sleep(-5)")
  }

  test("a cancelled sleep removes its timer: the virtual clock does not jump to it") {
    val loopTime = runVirtual {
      val t = createTask { sleep(3600.0) }
      sleep(0.0)
      t.cancel()
      sleep(1.0)
      t.cancelled() shouldBe true
      getRunningLoop()
    }.time()
    loopTime shouldBe 1.0
  }

  test("Asyncio.sleep (the Java face) awaited from Kotlin uses the same clock") {
    runVirtual {
      Asyncio.sleep(5.0, "java").await() shouldBe "java"
      getRunningLoop().time() shouldBe 5.0
    }
  }

  test("sleep off a jasyncio loop falls back to delay") {
    runBlocking {
      sleep(0.001)
      sleep(1.milliseconds)
      "done"
    } shouldBe "done"
  }
})
