package io.jasyncio.kotlin

import io.jasyncio.Asyncio
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.runBlocking
import kotlin.time.Duration
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

  test("sleep rejects NaN and infinite durations with IllegalArgumentException") {
    runVirtual {
      shouldThrow<IllegalArgumentException> { sleep(Double.NaN) }.message shouldContain "NaN"
      shouldThrow<IllegalArgumentException> { sleep(Double.POSITIVE_INFINITY) }
      shouldThrow<IllegalArgumentException> { sleep(Double.NEGATIVE_INFINITY) }
      shouldThrow<IllegalArgumentException> { sleep(Duration.INFINITE) }
      "loop still fine"
    } shouldBe "loop still fine"
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
