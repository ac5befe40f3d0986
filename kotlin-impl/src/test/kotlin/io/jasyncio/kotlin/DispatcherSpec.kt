package io.jasyncio.kotlin

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.types.shouldBeSameInstanceAs
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.withTimeoutOrNull
import kotlinx.coroutines.yield
import kotlin.coroutines.ContinuationInterceptor
import kotlin.coroutines.coroutineContext
import kotlin.time.Duration.Companion.hours
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds

class DispatcherSpec : FunSpec({
  test("the loop is the dispatcher of the coroutines it runs") {
    runVirtual {
      val loop = getRunningLoop()
      coroutineContext[ContinuationInterceptor] shouldBeSameInstanceAs loop.dispatcher
    }
  }

  test("delay uses the loop's timers on the virtual clock") {
    runVirtual {
      delay(1.hours)
      getRunningLoop().time()
    } shouldBe 3600.0
  }

  test("withTimeout(1.hours) around a 2-hour sleep times out at 3600.0") {
    runVirtual {
      shouldThrow<TimeoutCancellationException> {
        withTimeout(1.hours) { sleep(2.hours) }
      }
      getRunningLoop().time()
    } shouldBe 3600.0
  }

  test("withTimeout returns the block's value when it is in time") {
    runVirtual {
      withTimeout(1.minutes) { sleep(30.0); "in time" } shouldBe "in time"
      getRunningLoop().time() shouldBe 30.0
    }
  }

  test("withTimeoutOrNull gives null at the deadline") {
    runVirtual {
      withTimeoutOrNull(10.seconds) { delay(1.hours); "late" }.shouldBeNull()
      getRunningLoop().time() shouldBe 10.0
    }
  }

  test("delay and sleep share one timer heap, ordered by deadline") {
    val events = mutableListOf<String>()
    runVirtual {
      val a = createTask { delay(2.seconds); events += "delay 2" }
      val b = createTask { sleep(1.0); events += "sleep 1" }
      val c = createTask { delay(3.seconds); events += "delay 3" }
      a.await(); b.await(); c.await()
    }
    events shouldContainExactly listOf("sleep 1", "delay 2", "delay 3")
  }

  test("a timeout inside a task does not cancel the task") {
    runVirtual {
      val t = createTask {
        withTimeoutOrNull(1.seconds) { sleep(10.0) }
        "survived"
      }
      t.await() shouldBe "survived"
      t.cancelled() shouldBe false
    }
  }

  test("launch inside a task runs on the loop thread") {
    runVirtual {
      val loopThread = Thread.currentThread()
      var seen: Thread? = null
      launch { seen = Thread.currentThread() }.join()
      seen shouldBeSameInstanceAs loopThread
    }
  }

  test("withContext(loop.dispatcher) comes back to the loop thread from another dispatcher") {
    runVirtual {
      val loop = getRunningLoop()
      val loopThread = Thread.currentThread()
      val (away, back) = withContext(Dispatchers.Default) {
        val away = Thread.currentThread()
        away to withContext(loop.dispatcher) { Thread.currentThread() }
      }
      away shouldNotBe loopThread
      back shouldBeSameInstanceAs loopThread
      Thread.currentThread() shouldBeSameInstanceAs loopThread
    }
  }

  test("kotlinx yield() is one loop iteration, like sleep(0.0)") {
    val events = mutableListOf<String>()
    runVirtual {
      val loop = getRunningLoop()
      loop.callSoon { events += "cb1"; loop.callSoon { events += "cb2" } }
      yield()
      events += "after yield"
    }
    events shouldContainExactly listOf("cb1", "after yield", "cb2")
  }
})
