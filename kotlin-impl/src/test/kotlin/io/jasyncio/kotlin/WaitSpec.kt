package io.jasyncio.kotlin

import io.jasyncio.ReturnWhen
import io.jasyncio.Task
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlin.time.Duration.Companion.milliseconds

/** CPython test_tasks' wait tests through the Kotlin face. */
class WaitSpec : FunSpec({
  test("ALL_COMPLETED by default") {
    runVirtual {
      val a = createTask { sleep(0.1); 1 }
      val b = createTask { sleep(0.15); 2 }
      val r = wait(listOf(a, b))
      r.done() shouldContainExactly setOf(a, b)
      r.pending().shouldBeEmpty()
      getRunningLoop().time() shouldBe 0.15
    }
  }

  test("FIRST_COMPLETED returns the first; the others keep running") {
    runVirtual {
      val a = createTask { sleep(10.0); 1 }
      val b = createTask { sleep(0.1); 2 }
      val r = wait(listOf(a, b), returnWhen = ReturnWhen.FIRST_COMPLETED)
      r.done() shouldContainExactly setOf(b)
      r.pending() shouldContainExactly setOf(a)
      a.cancelled().shouldBeFalse()
      a.await() shouldBe 1
    }
  }

  test("FIRST_EXCEPTION returns at the first failure") {
    runVirtual {
      val a = createTask { sleep(10.0); 1 }
      val b: Task<Int> = createTask { sleep(0.1); throw IllegalStateException("boom") }
      val r = wait(listOf(a, b), returnWhen = ReturnWhen.FIRST_EXCEPTION)
      r.done() shouldContainExactly setOf(b)
      b.exception()!!.message shouldBe "boom"
      getRunningLoop().time() shouldBe 0.1
    }
  }

  test("a timeout returns the pending ones, which keep running") {
    runVirtual {
      val a = createTask { sleep(0.1); 1 }
      val b = createTask { sleep(0.15); 2 }
      val r = wait(listOf(a, b), 110.milliseconds)
      r.done() shouldContainExactly setOf(a)
      r.pending() shouldContainExactly setOf(b)
      getRunningLoop().time() shouldBe 0.11
      b.await() shouldBe 2
      wait(listOf(createTask { sleep(1.0) }), 0.5).pending().size shouldBe 1
      wait(listOf(createTask { sleep(1.0) }), java.time.Duration.ofMillis(100)).pending().size shouldBe 1
    }
  }

  test("cancelling the caller leaves the awaitables running") {
    runVirtual {
      val a = createTask { sleep(1.0); 1 }
      val waiter = createTask { wait(listOf(a)) }
      sleep(0.1)
      waiter.cancel()
      sleep(0.0)
      waiter.cancelled() shouldBe true
      a.await() shouldBe 1
    }
  }

  test("an empty collection is rejected") {
    runVirtual {
      shouldThrow<IllegalArgumentException> { wait(emptyList<Task<Int>>()) }.message!! shouldContain "empty"
    }
  }

  // ---- the timeout's edge (issue 14) ----

  test("a task finishing at the very time of the timeout is done, never pending and done") {
    runVirtual {
      val a = createTask { sleep(0.3); 1 }
      val r = wait(listOf(a), 0.3)
      r.done() shouldContainExactly setOf(a)
      r.pending().shouldBeEmpty()
      getRunningLoop().time() shouldBe 0.3
    }
  }

  test("what the caller finds in pending is not done when it resumes") {
    runVirtual {
      val loop = getRunningLoop()
      val a = createTask { sleep(10.0); 1 }
      val b = loop.createFuture<Int>()
      val w = createTask { wait(listOf<io.jasyncio.Future<Int>>(a, b), 0.3) }
      sleep(0.0) // w's wait (and its timer) starts
      // b ends in the iteration after the timeout's, the one in which the engine takes its sets
      loop.callLater(0.3) { loop.callSoon { b.setResult(2) } }
      val r = w.await()
      r.pending().filter { it.done() }.shouldBeEmpty()
      r.done() shouldContainExactly setOf(b)
      r.pending() shouldContainExactly setOf(a)
    }
  }

  test("the timeout starts at the call") {
    runVirtual {
      val a = createTask { sleep(0.3); 1 }
      sleep(0.1)
      val r = wait(listOf(a), 0.3)
      r.done() shouldContainExactly setOf(a)
      getRunningLoop().time() shouldBe 0.3
      wait(listOf(createTask { sleep(10.0) }), 0.3).pending().size shouldBe 1
      getRunningLoop().time() shouldBe 0.6
    }
  }
})
