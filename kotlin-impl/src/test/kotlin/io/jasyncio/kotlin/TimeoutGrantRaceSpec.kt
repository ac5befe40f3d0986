package io.jasyncio.kotlin

import io.jasyncio.TimeoutError
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.shouldBe

/**
 * jasyncio's own timeouts (`timeout { }`, `waitFor`) firing in the very iteration a primitive
 * granted the waiter what it asked for: the grant comes first (its timer was scheduled first),
 * the timeout cancels the body before the waiter ran, and the granted permit, lock or item is
 * handed back instead of leaking.
 */
class TimeoutGrantRaceSpec : FunSpec({
  test("timeout { sem.acquire() } expiring right after the grant leaks no permit") {
    runVirtual {
      val sem = Semaphore(1)
      sem.acquire()
      getRunningLoop().callLater(1.0) { sem.release() } // due at 1.0, before the scope's timer
      shouldThrow<TimeoutError> { timeout(1.0) { sem.acquire() } }
      sem.locked().shouldBeFalse()
      sem.statistics().waiting() shouldBe 0
      sem.acquire() // the permit is there
      sem.release()
    }
  }

  test("timeout { lock.acquire() } expiring right after the hand-off passes the lock on") {
    runVirtual {
      val lock = Lock()
      lock.acquire()
      val order = mutableListOf<String>()
      getRunningLoop().callLater(1.0) { lock.release() }
      val late = createTask {
        sleep(0.5)
        lock.withLock { order += "late waiter" }
      }
      shouldThrow<TimeoutError> { timeout(1.0) { lock.acquire() } }
      late.await()
      order shouldBe listOf("late waiter")
      lock.locked().shouldBeFalse()
    }
  }

  test("waitFor(1.0) { q.get() } expiring right after an item was handed over loses no item") {
    runVirtual {
      val q = Queue<String>()
      getRunningLoop().callLater(1.0) { q.putNowait("x") }
      shouldThrow<TimeoutError> { waitFor(1.0) { q.get() } }
      q.qsize() shouldBe 1
      q.getNowait() shouldBe "x"
    }
  }
})
