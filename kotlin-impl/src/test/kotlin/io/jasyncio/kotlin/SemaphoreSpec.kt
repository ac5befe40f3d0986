package io.jasyncio.kotlin

import io.jasyncio.CancelledError
import io.jasyncio.Semaphore
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.withTimeout

/** CPython test_locks.SemaphoreTests, restated. */
class SemaphoreSpec : FunSpec({
  test("initial value 0 is locked; negative values are rejected") {
    Semaphore(0).locked().shouldBeTrue()
    shouldThrow<IllegalArgumentException> { Semaphore(-1) }.message shouldContain "-1"
    shouldThrow<IllegalArgumentException> { BoundedSemaphore(-1) }
    shouldThrow<IllegalArgumentException> { Semaphore.create(-2) }
    shouldThrow<IllegalArgumentException> { Semaphore.bounded(-2) }
  }

  test("toString and statistics show value, bound and waiters") {
    runVirtual {
      val sem = Semaphore(1)
      sem.toString() shouldBe "Semaphore[unlocked, value=1, waiters=0]"
      sem.acquire()
      val t = createTask { sem.acquire() }
      sleep(0.0)
      sem.toString() shouldBe "Semaphore[locked, value=0, waiters=1]"
      sem.statistics() shouldBe Semaphore.SemaphoreStatistics(0, 1, -1)
      t.cancel()
      sleep(0.0)
      BoundedSemaphore(2).toString() shouldBe "BoundedSemaphore[unlocked, value=2, bound=2, waiters=0]"
    }
  }

  test("acquire counts down; the third acquirer waits for a release") {
    val log = mutableListOf<String>()
    runVirtual {
      val sem = Semaphore(2)
      sem.acquire()
      sem.acquire()
      sem.availablePermits() shouldBe 0
      sem.locked().shouldBeTrue()
      val t = createTask { sem.acquire(); log += "third" }
      sleep(0.0)
      log += "release"
      sem.release()
      t.await()
      sem.availablePermits() shouldBe 0
    }
    log shouldContainExactly listOf("release", "third")
  }

  test("waiters cancelled before they were woken consume nothing (acquire_cancel_before_awoken)") {
    runVirtual {
      val sem = Semaphore(0)
      val ts = (1..4).map { createTask { sem.acquire() } }
      sleep(0.0)
      ts[0].cancel()
      ts[1].cancel()
      sem.release()
      sleep(0.0)
      sleep(0.0)
      ts[2].done().shouldBeTrue()
      ts[3].done().shouldBeFalse()
      ts[3].cancel()
      sleep(0.0)
      sem.availablePermits() shouldBe 0
    }
  }

  test("a waiter woken then cancelled never wedges the semaphore (acquire_hang)") {
    runVirtual {
      val sem = Semaphore(0)
      val t1 = createTask { sem.acquire() }
      val t2 = createTask { sem.acquire() }
      sleep(0.0)
      sem.release() // granted to t1, not yet resumed
      t1.cancel()
      sleep(0.0)
      sleep(0.0)
      t2.done().shouldBeTrue()
      sem.locked().shouldBeTrue()
      sem.availablePermits() shouldBe 0
    }
  }

  test("a task cancelled while waiting in withPermit does not hang the semaphore (acquire_no_hang)") {
    runVirtual {
      val sem = Semaphore(1)
      lateinit var t2: io.jasyncio.Task<Unit>
      val t1 = createTask {
        sem.withPermit { sleep(0.0) }
        t2.cancel()
      }
      t2 = createTask { sem.withPermit { error("not reached") } }
      t1.await()
      shouldThrow<CancelledError> { t2.await() }
      withTimeout(1000) { sem.acquire() }
    }
  }

  test("BoundedSemaphore over-release is IllegalArgumentException and changes nothing") {
    runVirtual {
      val sem = BoundedSemaphore(1)
      shouldThrow<IllegalArgumentException> { sem.release() }.message shouldContain "too many"
      sem.availablePermits() shouldBe 1
      sem.acquire()
      sem.release()
      sem.bound() shouldBe 1
    }
  }

  test("release with no waiters unlocks") {
    runVirtual {
      val sem = Semaphore(1)
      sem.acquire()
      sem.locked().shouldBeTrue()
      sem.release()
      sem.locked().shouldBeFalse()
    }
  }

  test("FIFO: tasks that release and re-acquire go behind the others (acquire_fifo_order)") {
    val result = mutableListOf<String>()
    runVirtual {
      val sem = Semaphore(1)
      val ts = listOf("c1", "c2", "c3").map { tag ->
        createTask {
          sem.acquire(); result += "${tag}_1"; sleep(0.01); sem.release()
          sem.acquire(); result += "${tag}_2"; sleep(0.01); sem.release()
        }
      }
      for (t in ts) t.await()
    }
    result shouldContainExactly listOf("c1_1", "c2_1", "c3_1", "c1_2", "c2_2", "c3_2")
  }

  test("FIFO: two releases grant the two oldest waiters their permits (acquire_fifo_order_2)") {
    val result = mutableListOf<Int>()
    runVirtual {
      val sem = Semaphore(1)
      val t1 = createTask { sem.acquire(); result += 1 }
      val t2 = createTask {
        sem.acquire(); result += 2; sem.release()
        sem.acquire(); result += 4
      }
      val t3 = createTask { sem.acquire(); result += 3 }
      sleep(0.0)
      sem.release()
      sem.release()
      t1.await(); t2.await(); t3.await()
    }
    // the grants are hand-offs: t3 holds its permit before t2 runs, so t2's release frees a permit
    // nobody waits for and its re-acquire takes it at once (CPython: 1, 2, 3, 4, as its woken t3
    // still counts as a waiter until it runs)
    result shouldContainExactly listOf(1, 2, 4, 3)
  }

  test("FIFO: a cancelled waiter is skipped (acquire_fifo_order_3)") {
    val result = mutableListOf<Int>()
    runVirtual {
      val sem = Semaphore(0)
      val ts = (1..3).map { i -> createTask { sem.acquire(); result += i } }
      sleep(0.0)
      ts[0].cancel()
      sleep(0.0)
      sem.release()
      sem.release()
      ts[1].await()
      ts[2].await()
    }
    result shouldContainExactly listOf(2, 3)
  }

  test("a timeout that fires after the grant, before the waiter ran, leaks no permit") {
    runVirtual {
      val sem = BoundedSemaphore(1)
      sem.acquire()
      val t = createTask {
        try {
          withTimeout(1000) { sem.acquire() }
          true
        } catch (e: TimeoutCancellationException) {
          false
        }
      }
      sleep(1.0) // due before t's timeout: the release grants t, then t's timeout fires
      sem.release()
      t.await() shouldBe false
      sem.availablePermits() shouldBe 1
      sem.statistics().waiting shouldBe 0
    }
  }

  test("a timeout that fires as the permit is granted leaks no permit") {
    runVirtual {
      val sem = BoundedSemaphore(1)
      sem.acquire()
      val t = createTask {
        try {
          withTimeout(1000) { sem.acquire() }
          true
        } catch (e: TimeoutCancellationException) {
          false
        }
      }
      sleep(0.0)
      sleep(1.0)
      sem.release()
      if (t.await()) sem.release()
      sem.availablePermits() shouldBe 1
      sem.statistics().waiting shouldBe 0
    }
  }
})
