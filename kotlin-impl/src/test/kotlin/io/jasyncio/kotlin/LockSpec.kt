package io.jasyncio.kotlin

import io.jasyncio.CancelledError
import io.jasyncio.Lock
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.TimeoutCancellationException

/** CPython test_locks.LockTests, restated; plus jasyncio's hand-off and thread-safety. */
class LockSpec : FunSpec({
  test("a new lock is unlocked; acquire locks it, release unlocks it") {
    runVirtual {
      val lock = Lock()
      lock.locked().shouldBeFalse()
      lock.toString() shouldBe "Lock[unlocked]"
      lock.acquire()
      lock.locked().shouldBeTrue()
      lock.toString() shouldBe "Lock[locked, waiters=0]"
      lock.release()
      lock.locked().shouldBeFalse()
    }
  }

  test("waiters acquire in FIFO order, each when the previous holder releases") {
    val log = mutableListOf<String>()
    runVirtual {
      val lock = Lock()
      lock.acquire()
      val ts = (1..3).map { i ->
        createTask {
          lock.acquire()
          log += "t$i"
        }
      }
      sleep(0.0)
      lock.statistics().waiting shouldBe 3
      lock.toString() shouldBe "Lock[locked, waiters=3]"
      log += "release 1"
      lock.release()
      sleep(0.0)
      log += "release 2"
      lock.release()
      sleep(0.0)
      log += "release 3"
      lock.release()
      for (t in ts) t.await()
      lock.locked().shouldBeTrue()
      lock.release()
    }
    log shouldContainExactly listOf("release 1", "t1", "release 2", "t2", "release 3", "t3")
  }

  test("withLock releases on success and on failure") {
    runVirtual {
      val lock = Lock()
      lock.withLock { lock.locked().shouldBeTrue(); 42 } shouldBe 42
      lock.locked().shouldBeFalse()
      shouldThrow<IllegalStateException> { lock.withLock { throw IllegalStateException("boom") } }
      lock.locked().shouldBeFalse()
    }
  }

  test("an acquire cancelled while waiting leaves no waiter and never holds the lock") {
    runVirtual {
      val lock = Lock()
      lock.acquire()
      val t = createTask { lock.acquire() }
      sleep(0.0)
      t.cancel()
      shouldThrow<CancelledError> { t.await() }
      lock.statistics().waiting shouldBe 0
      lock.release()
      lock.locked().shouldBeFalse()
    }
  }

  test("cancel race: a waiter cancelled as the holder releases is skipped, the next gets the lock") {
    runVirtual {
      val lock = Lock()
      val gate = CompletableDeferred<Unit>()
      suspend fun lockit(blocker: CompletableDeferred<Unit>?) = lock.withLock { blocker?.await() }
      val ta = createTask { lockit(gate) }
      sleep(0.0)
      lock.locked().shouldBeTrue()
      val tb = createTask { lockit(null) }
      sleep(0.0)
      val tc = createTask { lockit(null) }
      sleep(0.0)
      lock.statistics().waiting shouldBe 2
      gate.complete(Unit)
      tb.cancel()
      sleep(0.0)
      ta.done().shouldBeTrue()
      tb.cancelled().shouldBeTrue()
      // jasyncio hands the lock to tc directly: it stays locked (CPython: briefly unlocked)
      lock.locked().shouldBeTrue()
      tc.await()
      lock.locked().shouldBeFalse()
    }
  }

  test("cancel-release race: cancelling a waiter and releasing in one callback lets one task in") {
    runVirtual {
      val lock = Lock()
      var taken = 0
      var calls = 0
      lock.acquire()
      val body: suspend () -> Unit = {
        calls++
        lock.acquire()
        taken++
      }
      val t1 = createTask { body() }
      val t2 = createTask { body() }
      val t3 = createTask { body() }
      sleep(0.0)
      getRunningLoop().callSoon {
        t1.cancel()
        lock.release()
      }
      shouldThrow<CancelledError> { t1.await() }
      t2.await()
      taken shouldBe 1
      calls shouldBe 3
      t3.done().shouldBeFalse()
      t3.cancel()
      sleep(0.0)
      t3.cancelled().shouldBeTrue()
    }
  }

  test("a waiter granted the lock and cancelled before it ran passes the lock on") {
    runVirtual {
      val lock = Lock()
      lock.acquire()
      val tb = createTask { lock.acquire() }
      sleep(0.0)
      val tc = createTask { lock.acquire() }
      sleep(0.0)
      lock.release() // granted to tb, which has not resumed yet
      tb.cancel()
      sleep(0.0)
      tb.cancelled().shouldBeTrue()
      lock.locked().shouldBeTrue()
      tc.await()
      lock.statistics().waiting shouldBe 0
      lock.release()
      lock.locked().shouldBeFalse()
    }
  }

  test("a task that releases and re-acquires queues behind older waiters (no barging)") {
    val log = mutableListOf<String>()
    runVirtual {
      val lock = Lock()
      lock.acquire()
      val other = createTask { lock.withLock { log += "other" } }
      sleep(0.0)
      lock.release()
      lock.acquire()
      log += "main again"
      lock.release()
      other.await()
    }
    log shouldContainExactly listOf("other", "main again")
  }

  test("release of an unlocked lock is IllegalStateException and the lock stays usable") {
    runVirtual {
      val lock = Lock()
      shouldThrow<IllegalStateException> { lock.release() }.message shouldContain "not acquired"
      lock.acquire()
      lock.release()
    }
  }

  test("a timeout that fires just after the grant leaks nothing") {
    runVirtual {
      val lock = Lock()
      lock.acquire()
      val t = createTask {
        try {
          withTimeout(1000) { lock.acquire() }
          "acquired"
        } catch (e: TimeoutCancellationException) {
          "timed out"
        }
      }
      sleep(0.0)
      sleep(1.0) // the timer is due at 1.0: release in the same iteration as the timeout
      lock.release()
      val outcome = t.await()
      if (outcome == "acquired") lock.release()
      lock.locked().shouldBeFalse()
      lock.statistics().waiting shouldBe 0
    }
  }

  test("a timeout that fires in the iteration after the grant, before the waiter ran, passes the lock on") {
    runVirtual {
      val lock = Lock()
      lock.acquire()
      val t = createTask {
        try {
          withTimeout(1000) { lock.acquire() }
          "acquired"
        } catch (e: TimeoutCancellationException) {
          "timed out"
        }
      }
      // main's timer is due at 1.0 before t's timeout (registered first): main releases, granting
      // t, and t's timeout fires before t resumes
      sleep(1.0)
      lock.release()
      lock.locked().shouldBeTrue() // handed to t
      t.await() shouldBe "timed out"
      lock.locked().shouldBeFalse() // t gave it back
      lock.statistics().waiting shouldBe 0
    }
  }

  test("tryAcquire takes a free lock only when nobody waits") {
    runVirtual {
      val lock = Lock()
      lock.tryAcquire().shouldBeTrue()
      lock.tryAcquire().shouldBeFalse()
      val t = createTask { lock.acquire() }
      sleep(0.0)
      lock.release()
      lock.tryAcquire().shouldBeFalse() // handed to t
      t.await()
      lock.release()
      lock.tryAcquire().shouldBeTrue()
    }
  }
})
