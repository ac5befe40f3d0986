package io.jasyncio.kotlin

import io.jasyncio.CancelledError
import io.jasyncio.Condition
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.withContext

/** CPython test_locks.ConditionTests, restated. */
class ConditionSpec : FunSpec({
  test("notify wakes waiters one at a time, each re-acquiring the lock") {
    val log = mutableListOf<Int>()
    runVirtual {
      val cond = Condition()
      val ts = (1..3).map { i ->
        createTask {
          cond.withLock {
            cond.wait()
            log += i
          }
        }
      }
      sleep(0.0)
      log.size shouldBe 0
      cond.conditionStatistics().waiting shouldBe 3
      cond.locked().shouldBeFalse()
      cond.withLock { cond.notify() }
      sleep(0.0)
      log shouldContainExactly listOf(1)
      cond.withLock { cond.notify(2) }
      for (t in ts) t.await()
      cond.locked().shouldBeFalse()
    }
    log shouldContainExactly listOf(1, 2, 3)
  }

  test("notifyAll wakes every waiter; they take the lock in turn") {
    val log = mutableListOf<String>()
    runVirtual {
      val cond = Condition()
      val ts = (1..3).map { i ->
        createTask {
          cond.withLock {
            cond.wait()
            log += "in $i"
            sleep(0.0)
            log += "out $i"
          }
        }
      }
      sleep(0.0)
      cond.withLock { cond.notifyAll() }
      for (t in ts) t.await()
    }
    log shouldContainExactly listOf("in 1", "out 1", "in 2", "out 2", "in 3", "out 3")
  }

  test("a cancelled wait re-acquires the lock before it reports the cancellation") {
    runVirtual {
      val cond = Condition()
      var heldInFinally = false
      val t = createTask {
        cond.withLock {
          try {
            cond.wait()
          } finally {
            heldInFinally = cond.locked()
          }
        }
      }
      sleep(0.0)
      cond.acquire()
      t.cancel()
      sleep(0.0)
      t.done().shouldBeFalse() // it waits for the lock main holds
      cond.release()
      shouldThrow<CancelledError> { t.await() }
      heldInFinally.shouldBeTrue()
      cond.conditionStatistics().waiting shouldBe 0
      cond.locked().shouldBeFalse()
    }
  }

  test("a notified waiter that is cancelled while it re-acquires reports the cancellation and passes the notification on") {
    val log = mutableListOf<String>()
    runVirtual {
      val cond = Condition()
      val a = createTask {
        cond.withLock {
          log += "a waits"
          try {
            cond.wait()
            log += "a woken"
          } catch (e: CancelledError) {
            log += "a cancelled, locked=${cond.locked()}"
            throw e
          }
        }
      }
      val b = createTask { cond.withLock { cond.wait(); log += "b woken" } }
      sleep(0.0)
      cond.acquire()
      cond.notify()
      sleep(0.0) // a now waits for the lock
      a.cancel()
      sleep(0.0)
      cond.release()
      shouldThrow<CancelledError> { a.await() }
      b.await()
    }
    log shouldContainExactly listOf("a waits", "a cancelled, locked=true", "b woken")
  }

  test("a notification granted to a waiter cancelled before it ran goes to the next waiter") {
    runVirtual {
      val cond = Condition()
      val a = createTask { cond.withLock { cond.wait() } }
      val b = createTask { cond.withLock { cond.wait(); "b" } }
      sleep(0.0)
      cond.withLock {
        cond.notify(1)
        a.cancel()
      }
      shouldThrow<CancelledError> { a.await() }
      b.await() shouldBe "b"
    }
  }

  test("wait and notify without the lock are IllegalStateException") {
    runVirtual {
      val cond = Condition()
      shouldThrow<IllegalStateException> { cond.wait() }.message shouldContain "un-acquired"
      shouldThrow<IllegalStateException> { cond.notify() }.message shouldContain "un-acquired"
      shouldThrow<IllegalStateException> { cond.notifyAll() }
      shouldThrow<IllegalStateException> { cond.waitFor { false } }
      cond.withLock { shouldThrow<IllegalArgumentException> { cond.notify(-1) } }
      cond.locked().shouldBeFalse()
    }
  }

  test("waitFor checks the predicate before and after each notification") {
    val log = mutableListOf<String>()
    runVirtual {
      val cond = Condition()
      var value = 0
      val t = createTask {
        cond.withLock {
          cond.waitFor { log += "check $value"; value == 2 }
          log += "done"
        }
      }
      sleep(0.0)
      cond.withLock { value = 1; cond.notify() }
      sleep(0.0)
      cond.withLock { value = 2; cond.notify() }
      t.await()
    }
    log shouldContainExactly listOf("check 0", "check 1", "check 2", "done")
  }

  test("a condition over an explicit lock shares it") {
    runVirtual {
      val lock = Lock()
      val cond = Condition(lock)
      cond.lock() shouldBe lock
      lock.acquire()
      cond.locked().shouldBeTrue()
      cond.release()
      lock.locked().shouldBeFalse()
      Condition(cond).lock() shouldBe lock
      cond.toString() shouldBe "Condition[unlocked, waiters=0]"
    }
  }

  test("a cancellation is never swallowed, even after the notification") {
    runVirtual {
      val cond = Condition()
      val t = createTask {
        cond.withLock {
          cond.wait()
          "returned"
        }
      }
      sleep(0.0)
      cond.acquire()
      cond.notify()
      t.cancel() // before it resumed: the grant is handed back, the wait reports the cancellation
      cond.release()
      shouldThrow<CancelledError> { t.await() }
      withContext(NonCancellable) { cond.locked().shouldBeFalse() }
    }
  }

  test("wait returns true; waitFor returns the predicate's first true value") {
    val checks = mutableListOf<String?>()
    val seen = runVirtual {
      val cond = Condition()
      val items = ArrayDeque<String>()
      val getter = createTask {
        cond.withLock {
          val item: String = cond.waitFor { items.firstOrNull().also { checks += it } }
          item
        }
      }
      val waiter = createTask { cond.withLock { val ok: Boolean = cond.wait(); ok } }
      suspend fun untilWaiting(n: Int) {
        while (cond.conditionStatistics().waiting != n) sleep(0.0)
      }
      untilWaiting(2)
      cond.withLock { cond.notifyAll() } // the getter finds nothing and waits again
      untilWaiting(1)
      cond.withLock {
        items += "x"
        cond.notifyAll()
      }
      listOf(getter.await(), waiter.await())
    }
    seen shouldContainExactly listOf("x", true)
    checks shouldContainExactly listOf(null, null, "x")
  }

  test("waitFor: null and false are the false values; a true Boolean returns true") {
    val checks = mutableListOf<Boolean?>()
    val seen = runVirtual {
      val cond = Condition()
      val answers = ArrayDeque(listOf(null, false, true))
      val t = createTask {
        cond.withLock { cond.waitFor { answers.removeFirst().also { checks += it } } }
      }
      repeat(2) {
        while (cond.conditionStatistics().waiting != 1) sleep(0.0)
        cond.withLock { cond.notify() }
      }
      val atOnce = cond.withLock { cond.waitFor { 0 } } // 0 is not false on the JVM
      listOf(t.await(), atOnce)
    }
    seen shouldContainExactly listOf(true, 0)
    checks shouldContainExactly listOf(null, false, true)
  }

  test("waitFor: a predicate that throws propagates with the lock still held") {
    runVirtual {
      val cond = Condition()
      cond.acquire()
      shouldThrow<IllegalStateException> { cond.waitFor<Int> { error("boom") } }.message shouldBe "boom"
      cond.locked().shouldBeTrue()
      cond.release()
    }
  }

  test("a Condition not made by the engine is awaited through its Java futures, with their values") {
    val seen = runVirtual {
      val cond = object : Condition by Condition() {}
      var ready: String? = null
      val getter = createTask { cond.withLock { cond.waitFor { ready } } }
      val waiter = createTask { cond.withLock { cond.wait() } }
      while (cond.conditionStatistics().waiting != 2) sleep(0.0)
      cond.withLock {
        ready = "ready"
        cond.notifyAll()
      }
      listOf(getter.await(), waiter.await())
    }
    seen shouldContainExactly listOf("ready", true)
  }
})
