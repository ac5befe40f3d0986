package io.jasyncio.kotlin

import io.jasyncio.CancelledError
import io.jasyncio.Event
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe

/** CPython test_locks.EventTests, restated. */
class EventSpec : FunSpec({
  test("toString and statistics") {
    runVirtual {
      val ev = Event()
      ev.toString() shouldBe "Event[unset, waiters=0]"
      val t = createTask { ev.wait() }
      sleep(0.0)
      ev.toString() shouldBe "Event[unset, waiters=1]"
      ev.statistics() shouldBe Event.EventStatistics(false, 1)
      ev.set()
      ev.toString() shouldBe "Event[set]"
      t.await()
    }
  }

  test("set wakes every waiter, in the order they waited") {
    val log = mutableListOf<Int>()
    runVirtual {
      val ev = Event()
      val ts = (1..3).map { i -> createTask { ev.wait(); log += i } }
      sleep(0.0)
      log.size shouldBe 0
      ev.set()
      ev.isSet().shouldBeTrue()
      for (t in ts) t.await()
    }
    log shouldContainExactly listOf(1, 2, 3)
  }

  test("wait on a set event returns at once") {
    runVirtual {
      val ev = Event()
      ev.set()
      ev.wait()
      ev.waitAsync().isDone.shouldBeTrue()
    }
  }

  test("a cancelled wait leaves no waiter") {
    runVirtual {
      val ev = Event()
      val t = createTask { ev.wait() }
      sleep(0.0)
      t.cancel()
      shouldThrow<CancelledError> { t.await() }
      ev.statistics().waiting shouldBe 0
    }
  }

  test("clear resets the flag") {
    runVirtual {
      val ev = Event()
      ev.set()
      ev.clear()
      ev.isSet().shouldBeFalse()
      ev.set()
      ev.set()
      ev.isSet().shouldBeTrue()
    }
  }

  test("waiters woken by set still complete when clear follows at once") {
    runVirtual {
      val ev = Event()
      val ts = (1..3).map { createTask { ev.wait(); true } }
      sleep(0.0)
      ev.set()
      ev.clear()
      ev.isSet().shouldBeFalse()
      for (t in ts) t.await().shouldBeTrue()
      ev.statistics().waiting shouldBe 0
    }
  }

  test("wait returns true, after set and at once (asyncio's wait() returns True)") {
    val seen = runVirtual {
      val ev = Event()
      val t = createTask { val ok: Boolean = ev.wait(); ok }
      sleep(0.0)
      ev.set()
      listOf(t.await(), ev.wait())
    }
    seen shouldContainExactly listOf(true, true)
  }

  test("an Event not made by the engine is awaited through its Java future, with its value") {
    val seen = runVirtual {
      val ev = object : Event by Event() {}
      val t = createTask { ev.wait() }
      sleep(0.0)
      ev.set()
      listOf(t.await(), ev.wait())
    }
    seen shouldContainExactly listOf(true, true)
  }
})
