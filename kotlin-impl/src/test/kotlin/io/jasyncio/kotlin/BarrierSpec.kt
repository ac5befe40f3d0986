package io.jasyncio.kotlin

import io.jasyncio.Barrier
import io.jasyncio.BrokenBarrierError
import io.jasyncio.CancelledError
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.shouldBe

/** CPython test_locks.BarrierTests, restated for jasyncio's atomic release. */
class BarrierSpec : FunSpec({
  test("parties, toString and bad parties") {
    val b = Barrier(3)
    b.parties() shouldBe 3
    b.nWaiting() shouldBe 0
    b.broken().shouldBeFalse()
    b.toString() shouldBe "Barrier[filling, waiters=0/3]"
    shouldThrow<IllegalArgumentException> { Barrier(0) }
    shouldThrow<IllegalArgumentException> { Barrier.create(-1) }
  }

  test("one party passes at once with index 0, twice") {
    runVirtual {
      val b = Barrier(1)
      b.wait() shouldBe 0
      b.wait() shouldBe 0
      b.nWaiting() shouldBe 0
    }
  }

  test("the parties are released together when the last arrives; indices are arrival order") {
    val log = mutableListOf<String>()
    runVirtual {
      val b = Barrier(3)
      val ts = (0..2).map { i ->
        createTask {
          val idx = b.wait()
          log += "t$i got $idx"
          idx
        }
      }
      sleep(0.0)
      // all three arrived in one iteration; t2 was last
      ts.map { it.await() } shouldContainExactly listOf(0, 1, 2)
    }
    log shouldContainExactlyInAnyOrder listOf("t0 got 0", "t1 got 1", "t2 got 2")
  }

  test("filling task by task: waiting count grows, then the barrier is empty again") {
    runVirtual {
      val b = Barrier(3)
      val t1 = createTask { b.wait() }
      sleep(0.0)
      b.nWaiting() shouldBe 1
      b.toString() shouldBe "Barrier[filling, waiters=1/3]"
      val t2 = createTask { b.wait() }
      sleep(0.0)
      b.nWaiting() shouldBe 2
      b.wait() shouldBe 2
      b.nWaiting() shouldBe 0
      t1.await() shouldBe 0
      t2.await() shouldBe 1
    }
  }

  test("the barrier can be used again; every round has indices 0..parties-1") {
    runVirtual {
      val b = Barrier(2)
      val ts = (0..1).map { createTask { listOf(b.wait(), b.wait(), b.wait()) } }
      val rounds = ts.map { it.await() }
      for (r in 0..2) listOf(rounds[0][r], rounds[1][r]) shouldContainExactlyInAnyOrder listOf(0, 1)
    }
  }

  test("a waiter cancelled before the release leaves the barrier and does not break it") {
    runVirtual {
      val b = Barrier(2)
      val t1 = createTask { b.wait() }
      sleep(0.0)
      t1.cancel()
      shouldThrow<CancelledError> { t1.await() }
      b.nWaiting() shouldBe 0
      b.broken().shouldBeFalse()
      val t2 = createTask { b.wait() }
      sleep(0.0)
      b.wait() shouldBe 1
      t2.await() shouldBe 0
    }
  }

  test("reset wakes the waiters with BrokenBarrierError and leaves the barrier usable") {
    runVirtual {
      val b = Barrier(3)
      val ts = (0..1).map { createTask { b.wait() } }
      sleep(0.0)
      b.reset()
      for (t in ts) shouldThrow<BrokenBarrierError> { t.await() }.message shouldBe "Barrier reset"
      b.broken().shouldBeFalse()
      b.nWaiting() shouldBe 0
      val again = (0..1).map { createTask { b.wait() } }
      sleep(0.0)
      b.wait() shouldBe 2
      again.map { it.await() } shouldContainExactly listOf(0, 1)
    }
  }

  test("abort breaks the barrier for current and later waiters until reset") {
    runVirtual {
      val b = Barrier(2)
      val t = createTask { b.wait() }
      sleep(0.0)
      b.abort()
      shouldThrow<BrokenBarrierError> { t.await() }
      b.broken().shouldBeTrue()
      b.toString() shouldBe "Barrier[broken, waiters=0/2]"
      shouldThrow<BrokenBarrierError> { b.wait() }
      b.waitAsync().isCompletedExceptionally.shouldBeTrue()
      b.reset()
      b.broken().shouldBeFalse()
      val t2 = createTask { b.wait() }
      sleep(0.0)
      b.wait() shouldBe 1
      t2.await() shouldBe 0
    }
  }

  test("abort when a party fails: the others see BrokenBarrierError (abort_barrier_when_exception)") {
    runVirtual {
      val b = Barrier(3)
      val ok = createTask { b.wait() }
      val failing = createTask {
        try {
          error("oops")
        } catch (e: IllegalStateException) {
          b.abort()
          throw e
        }
      }
      shouldThrow<BrokenBarrierError> { ok.await() }
      shouldThrow<IllegalStateException> { failing.await() }
      b.statistics() shouldBe Barrier.BarrierStatistics(3, 0, true)
    }
  }
})
