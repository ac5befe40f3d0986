package io.jasyncio.kotlin

import io.jasyncio.Asyncio
import io.jasyncio.CancelledError
import io.jasyncio.EventLoop
import io.jasyncio.Runner
import io.jasyncio.testing.VirtualClock
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.throwables.shouldThrowExactly
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeSameInstanceAs
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.launch
import java.io.IOException

class RunSpec : FunSpec({
  test("asyncioRun returns the block's result") {
    runVirtual { sleep(1.0); "done" } shouldBe "done"
  }

  test("asyncioRun rethrows the block's unchecked exception as it is") {
    val boom = IllegalArgumentException("boom")
    val thrown = shouldThrowExactly<IllegalArgumentException> {
      runVirtual<Unit> { sleep(0.0); throw boom }
    }
    thrown shouldBeSameInstanceAs boom
  }

  test("asyncioRun rethrows a checked IOException unwrapped") {
    val io = IOException("disk gone")
    val thrown = shouldThrowExactly<IOException> {
      runVirtual<Unit> { sleep(5.0); throw io }
    }
    thrown shouldBeSameInstanceAs io
  }

  test("asyncioRun of a block that cancels itself throws CancelledError") {
    shouldThrow<CancelledError> {
      runVirtual { currentTask()!!.cancel("self"); sleep(1.0) }
    }.message shouldBe "self"
  }

  test("asyncioRun runs on the calling thread with the given clock") {
    val clock = VirtualClock()
    bounded {
      val caller = Thread.currentThread()
      asyncioRun(clock) {
        Thread.currentThread() shouldBeSameInstanceAs caller
        getRunningLoop().clock() shouldBeSameInstanceAs clock
        sleep(2.5)
      }
    }
    clock.nanos() shouldBe 2_500_000_000L
  }

  test("nested asyncioRun inside a running loop throws IllegalStateException") {
    runVirtual {
      shouldThrow<IllegalStateException> { asyncioRun { 1 } }
      "outer goes on"
    } shouldBe "outer goes on"
  }

  test("asyncioRun closes its loop") {
    val loop = runVirtual { getRunningLoop() }
    loop.isClosed.shouldBeTrue()
  }

  test("asyncioRun cancels the tasks still pending when the block returns") {
    val events = mutableListOf<String>()
    runVirtual {
      createTask {
        try {
          events += "started"
          awaitCancellation()
        } finally {
          events += "finally"
        }
      }
      sleep(0.0)
      events += "main done"
    }
    events shouldContainExactly listOf("started", "main done", "finally")
  }

  test("Runner.runSuspending runs twice on one loop") {
    bounded {
      Runner { Asyncio.newEventLoop(VirtualClock()) }.use { runner ->
        val first = runner.runSuspending { sleep(10.0); getRunningLoop() }
        val second = runner.runSuspending {
          sleep(5.0)
          getRunningLoop() to getRunningLoop().time()
        }
        second.first shouldBeSameInstanceAs first
        second.second shouldBe 15.0
        runner.loop shouldBeSameInstanceAs first
      }
    }
  }

  test("Runner.runSuspending rethrows a checked exception as it is") {
    bounded {
      Runner { Asyncio.newEventLoop(VirtualClock()) }.use { runner ->
        shouldThrowExactly<IOException> { runner.runSuspending { throw IOException("io") } }
          .message shouldBe "io"
        runner.runSuspending { "still usable" } shouldBe "still usable"
      }
    }
  }

  test("Runner.runSuspending inside a running loop throws IllegalStateException") {
    runVirtual {
      Runner().use { shouldThrow<IllegalStateException> { it.runSuspending { 1 } } }
    }
  }

  test("Runner.runSuspending on a closed runner throws IllegalStateException") {
    val runner = Runner { Asyncio.newEventLoop(VirtualClock()) }
    bounded { runner.runSuspending { 1 } }
    runner.close()
    shouldThrow<IllegalStateException> { runner.runSuspending { 2 } }
  }

  test("EventLoop.runUntilComplete runs a block on the loop and leaves it open") {
    val loop = Asyncio.newEventLoop(VirtualClock())
    try {
      bounded { loop.runUntilComplete { sleep(3.0); getRunningLoop() } } shouldBeSameInstanceAs loop
      loop.time() shouldBe 3.0
      bounded { loop.runUntilComplete { sleep(1.0); loop.time() } } shouldBe 4.0
    } finally {
      loop.close()
    }
  }

  test("EventLoop.task before the loop runs starts when it runs") {
    val loop = Asyncio.newEventLoop(VirtualClock())
    try {
      val events = mutableListOf<String>()
      val early = loop.task("early") { events += "early"; 1 }
      bounded { loop.runUntilComplete { events += "main"; early.await() } } shouldBe 1
      events shouldContainExactly listOf("early", "main")
    } finally {
      loop.close()
    }
  }

  test("EventLoop.runUntilComplete on the running loop throws and never runs the block") {
    var ran = false
    runVirtual {
      val loop: EventLoop = getRunningLoop()
      shouldThrow<IllegalStateException> { loop.runUntilComplete { ran = true } }
      sleep(1.0)
    }
    ran shouldBe false
  }

  // ---- shutdown as CPython's asyncio.run (issue 14); expected lists are CPython 3.11's ----

  /** A timer due in 0.1 s, a callback that blocks 0.2 s (virtual: it moves the clock), a chain. */
  fun EventLoop.blockerTimerAndChain(seen: MutableList<Any>) {
    fun chain(k: Int) {
      seen += k
      if (k < 10) callSoon { chain(k + 1) }
    }
    callLater(0.1) { seen += "timer" }
    callSoon {
      seen += "blocker"
      (clock() as VirtualClock).advance(java.time.Duration.ofMillis(200))
    }
    callSoon { chain(1) }
  }

  test("asyncioRun: a timer that fell due while a callback blocked runs at shutdown, as in CPython") {
    val seen = mutableListOf<Any>()
    runVirtual { getRunningLoop().blockerTimerAndChain(seen) }
    seen shouldContainExactly listOf("blocker", 1, 2, "timer", 3, 4, 5)
  }

  test("asyncioRun shuts down the same way after the default executor was used") {
    val seen = mutableListOf<Any>()
    runVirtual {
      toThread { 1 }
      getRunningLoop().blockerTimerAndChain(seen)
    }
    // the executor's threads take a few more iterations to end, as in CPython
    seen.take(7) shouldContainExactly listOf("blocker", 1, 2, "timer", 3, 4, 5)
  }

  test("Runner.runSuspending: callbacks scheduled by the block's last step run before it returns") {
    val seen = mutableListOf<String>()
    bounded {
      Runner { Asyncio.newEventLoop(VirtualClock()) }.use { runner ->
        runner.runSuspending { getRunningLoop().callSoon { seen += "soon" } }
        seen shouldContainExactly listOf("soon")
      }
    }
  }

  test("asyncioRun waits for the block's launch children (structured), cancels createTask tasks") {
    val events = mutableListOf<String>()
    val clock = VirtualClock()
    val result = bounded {
      asyncioRun(clock) {
        launch { sleep(5.0); events += "child done at ${getRunningLoop().time()}" }
        createTask {
          try {
            awaitCancellation()
          } finally {
            events += "task cancelled at ${getRunningLoop().time()}"
          }
        }
        events += "block returns"
        "main"
      }
    }
    result shouldBe "main"
    events shouldContainExactly listOf("block returns", "child done at 5.0", "task cancelled at 5.0")
  }
})
