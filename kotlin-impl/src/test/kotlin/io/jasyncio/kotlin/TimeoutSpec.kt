package io.jasyncio.kotlin

import io.jasyncio.Asyncio
import io.jasyncio.CancelledError
import io.jasyncio.Timeout
import io.jasyncio.TimeoutError
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/** CPython's test_timeouts restated for the Kotlin face (`timeout { }`), virtual clock. */
class TimeoutSpec : FunSpec({
  test("basic: the body is cancelled and TimeoutError (not a cancellation) is raised, caused by it") {
    runVirtual {
      var cm: Timeout? = null
      val e = shouldThrow<TimeoutError> {
        timeout(0.01) {
          cm = this
          sleep(10.0)
        }
      }
      e.cause.shouldBeInstanceOf<CancelledError>()
      CancellationException::class.java.isInstance(e).shouldBeFalse()
      cm!!.expired().shouldBeTrue()
      getRunningLoop().time() shouldBe 0.01
    }
  }

  test("timeoutAt keeps its deadline") {
    runVirtual {
      val deadline = getRunningLoop().time() + 0.01
      var cm: Timeout? = null
      shouldThrow<TimeoutError> { timeoutAt(deadline) { cm = this; sleep(10.0) } }
      cm!!.expired().shouldBeTrue()
      cm.deadline shouldBe deadline
    }
  }

  test("nested with one deadline: only the outer raises TimeoutError, the inner sees a cancel") {
    runVirtual {
      val deadline = getRunningLoop().time() + 0.01
      var cancelled = false
      var cm1: Timeout? = null
      var cm2: Timeout? = null
      shouldThrow<TimeoutError> {
        timeoutAt(deadline) {
          cm1 = this
          try {
            timeoutAt(deadline) {
              cm2 = this
              sleep(10.0)
            }
          } catch (e: CancellationException) {
            cancelled = true
            throw e
          }
        }
      }
      cancelled.shouldBeTrue()
      cm1!!.expired().shouldBeTrue()
      cm2!!.expired().shouldBeTrue()
    }
  }

  test("the waiter is cancelled, its finally runs before the scope raises") {
    val events = mutableListOf<String>()
    runVirtual {
      try {
        timeout(0.01) {
          try {
            sleep(10.0)
          } catch (e: CancelledError) {
            events += "cancelled"
            throw e
          } finally {
            events += "finally"
          }
        }
      } catch (e: TimeoutError) {
        events += "timeout"
      }
    }
    events shouldContainExactly listOf("cancelled", "finally", "timeout")
  }

  test("not called, disabled, infinite") {
    runVirtual {
      var cm: Timeout? = null
      timeout(10.0) { cm = this; sleep(0.01) }
      cm!!.expired().shouldBeFalse()
      (cm.deadline!! > getRunningLoop().time()).shouldBeTrue()
      timeoutAt(null) { cm = this; sleep(0.01) }
      cm!!.expired().shouldBeFalse()
      cm!!.deadline.shouldBeNull()
      timeout(Duration.INFINITE) { cm = this; sleep(1e6); "late" } shouldBe "late"
      cm.deadline.shouldBeNull()
      timeout(Double.POSITIVE_INFINITY) { sleep(1.0); 1 } shouldBe 1
    }
  }

  test("timeout(null): no deadline (asyncio timeout(None)); the block can set one") {
    val seen = runVirtual {
      val loop = getRunningLoop()
      var cm: Timeout? = null
      val late = timeout(null) { cm = this; sleep(3600.0); "late" }
      val unarmed = listOf(late, cm!!.deadline, cm!!.expired(), loop.time())
      val e = shouldThrow<TimeoutError> {
        timeout(null) {
          cm = this
          sleep(1.0)
          reschedule(loop.time() + 0.5)
          sleep(10.0)
        }
      }
      unarmed + listOf(e.cause is CancelledError, cm!!.expired(), cm!!.deadline, loop.time())
    }
    seen shouldContainExactly listOf("late", null, false, 3600.0, true, true, 3601.5, 3601.5)
  }

  test("timeout(null) rescheduled by another coroutine expires then") {
    runVirtual {
      val loop = getRunningLoop()
      val scope = CompletableDeferred<Timeout>()
      val t = createTask {
        shouldThrow<TimeoutError> { timeout(null) { scope.complete(this); sleep(3600.0) } }
        loop.time()
      }
      val cm = scope.await()
      sleep(2.0)
      cm.reschedule(loop.time() + 1.0)
      t.await() shouldBe 3.0
      cm.expired().shouldBeTrue()
    }
  }

  test("zero, zero with sleep(0), in the past: expire at the next iteration") {
    runVirtual {
      shouldThrow<TimeoutError> { timeout(0.0) { sleep(10.0) } }
      shouldThrow<TimeoutError> { timeout(0.0) { sleep(0.0) } }
      var cm: Timeout? = null
      shouldThrow<TimeoutError> { timeout(-11.0) { cm = this; sleep(0.0) } }
      (cm!!.deadline!! <= getRunningLoop().time()).shouldBeTrue()
      shouldThrow<TimeoutError> { timeout((-5).milliseconds) { sleep(1.0) } }
      shouldThrow<TimeoutError> { timeout(java.time.Duration.ofMillis(10)) { sleep(1.0) } }
      getRunningLoop().time() shouldBe 0.01
    }
  }

  test("a foreign exception passes through and nothing expired") {
    runVirtual {
      var cm: Timeout? = null
      shouldThrow<NoSuchElementException> { timeout(0.01) { cm = this; throw NoSuchElementException("key") } }
      cm!!.expired().shouldBeFalse()
    }
  }

  test("a body that fails in its cleanup after expiry: that failure, with the TimeoutError suppressed") {
    runVirtual {
      val e = shouldThrow<ArithmeticException> {
        timeout(0.01) {
          try {
            sleep(1.0)
          } finally {
            throw ArithmeticException("/ by zero")
          }
        }
      }
      val te = e.suppressed.single()
      te.shouldBeInstanceOf<TimeoutError>()
      te.cause.shouldBeInstanceOf<CancelledError>()
    }
  }

  test("a cleanup that waits (in NonCancellable) runs before TimeoutError is raised") {
    runVirtual {
      shouldThrow<TimeoutError> {
        timeout(0.01) {
          try {
            sleep(10.0)
          } finally {
            withContext(NonCancellable) { sleep(1.0) }
          }
        }
      }
      getRunningLoop().time() shouldBe 1.01
    }
  }

  test("a foreign cancel does not become a TimeoutError when not expired") {
    runVirtual {
      var cm: Timeout? = null
      val t = createTask { timeout(10.0) { cm = this; sleep(10.0) } }
      sleep(1.0)
      t.cancel("outside")
      shouldThrow<CancelledError> { t.await() }.message shouldBe "outside"
      cm!!.expired().shouldBeFalse()
    }
  }

  test("a foreign cancel in the iteration the scope expires stays a cancel") {
    runVirtual {
      var cm: Timeout? = null
      val loop = getRunningLoop()
      val t = createTask {
        val me = currentTask()!!
        timeout(1.0) {
          cm = this
          // same deadline, armed after the scope's timer: both fire in one iteration
          loop.callAt(deadline!!) { me.cancel("outside") }
          sleep(10.0)
        }
      }
      shouldThrow<CancelledError> { t.await() }
      t.cancelled().shouldBeTrue()
      cm!!.expired().shouldBeTrue()
    }
  }

  test("the outer task is not cancelled by a timeout") {
    runVirtual {
      val t = createTask { shouldThrow<TimeoutError> { timeout(0.001) { sleep(10.0) } } }
      t.await()
      t.cancelled().shouldBeFalse()
      t.done().shouldBeTrue()
    }
  }

  test("nested: the outer expires first, the inner lets the cancel through") {
    runVirtual {
      var inner: Throwable? = null
      shouldThrow<TimeoutError> {
        timeout(0.002) {
          try {
            timeout(0.1) { sleep(1.0) }
          } catch (e: Throwable) {
            inner = e
            throw e
          }
        }
      }
      inner.shouldBeInstanceOf<CancellationException>()
      (inner is TimeoutError).shouldBeFalse()
    }
  }

  test("nested: the inner expires and is handled, then the outer stops the rest") {
    runVirtual {
      shouldThrow<TimeoutError> {
        timeout(0.1) {
          shouldThrow<TimeoutError> { timeout(0.01) { sleep(1.0) } }
          sleep(10.0)
        }
      }
      getRunningLoop().time() shouldBe 0.1
    }
  }

  test("reschedule from another task: move, disable, then cancel") {
    runVirtual {
      val loop = getRunningLoop()
      val fut = loop.createFuture<Timeout>()
      val d1 = loop.time() + 10
      val d2 = d1 + 20
      val task = createTask {
        timeoutAt(d1) {
          fut.setResult(this)
          sleep(50.0)
        }
      }
      val cm = fut.await()
      cm.deadline shouldBe d1
      cm.reschedule(d2)
      cm.deadline shouldBe d2
      cm.reschedule(null)
      cm.deadline.shouldBeNull()
      task.cancel()
      shouldThrow<CancelledError> { task.await() }
      cm.expired().shouldBeFalse()
    }
  }

  test("reschedule later lets the body finish; into the past expires at once") {
    runVirtual {
      timeout(1.0) {
        reschedule(getRunningLoop().time() + 5)
        sleep(2.0)
        "ok"
      } shouldBe "ok"
      shouldThrow<TimeoutError> {
        timeout(100.0) {
          sleep(1.0)
          reschedule(0.0)
          sleep(10.0)
        }
      }
      getRunningLoop().time() shouldBe 3.0
    }
  }

  test("toString shows the state") {
    runVirtual {
      var cm: Timeout? = null
      timeoutAt(5.0) { toString() shouldBe "Timeout[active, when=5.000]"; cm = this }
      cm.toString() shouldBe "Timeout[finished]"
      timeoutAt(null) { toString() shouldBe "Timeout[active, when=never]" }
      shouldThrow<TimeoutError> { timeout(0.01) { cm = this; sleep(1.0) } }
      cm.toString() shouldBe "Timeout[expired]"
    }
  }

  test("misuse: enter twice, reschedule when finished, expired, expiring, not entered") {
    runVirtual {
      timeout(0.01) {
        shouldThrow<IllegalStateException> { enterSuspending { } }.message shouldContain "has already been entered"
      }
      var cm: Timeout? = null
      timeout(0.01) { cm = this }
      shouldThrow<IllegalStateException> { cm!!.enterSuspending { } }.message shouldContain "has already been entered"
      shouldThrow<IllegalStateException> { cm!!.reschedule(0.02) }.message shouldBe "Cannot change state of finished Timeout"
      shouldThrow<TimeoutError> { timeout(0.01) { cm = this; sleep(1.0) } }
      shouldThrow<IllegalStateException> { cm!!.reschedule(0.02) }.message shouldBe "Cannot change state of expired Timeout"
      createTask {
        timeout(0.01) {
          try {
            sleep(1.0)
          } finally {
            shouldThrow<IllegalStateException> { reschedule(0.02) }.message shouldBe "Cannot change state of expiring Timeout"
          }
        }
      }.let { shouldThrow<TimeoutError> { it.await() } }
      val notEntered = Asyncio.timeout(0.01)
      shouldThrow<IllegalStateException> { notEntered.reschedule(0.02) }.message shouldBe "Timeout has not been entered"
      notEntered.enterSuspending { sleep(0.001); 3 } shouldBe 3
    }
  }

  test("a timeout after the task was cancelled works in NonCancellable cleanup") {
    runVirtual {
      val t = createTask {
        try {
          sleep(1.0)
        } finally {
          withContext(NonCancellable) {
            shouldThrow<TimeoutError> { timeout(0.0) { sleep(1.0) } }
          }
        }
      }
      sleep(0.0)
      t.cancel()
      shouldThrow<CancelledError> { t.await() }
    }
  }

  test("launch children inside the scope are cancelled by expiry too") {
    runVirtual {
      val events = mutableListOf<String>()
      shouldThrow<TimeoutError> {
        timeout(1.0) {
          launch {
            try {
              sleep(10.0)
            } finally {
              events += "child finally"
            }
          }
          sleep(10.0)
        }
      }
      events shouldContainExactly listOf("child finally")
    }
  }

  test("differs from kotlinx withTimeout, which throws a CancellationException") {
    runVirtual {
      val kx = shouldThrow<CancellationException> { withTimeout(10.milliseconds) { sleep(1.0) } }
      TimeoutError::class.java.isInstance(kx).shouldBeFalse()
      shouldThrow<TimeoutError> { timeout(10.milliseconds) { sleep(1.0) } }
    }
  }

  test("bad input: NaN, another loop's timeout, no loop") {
    runVirtual {
      shouldThrow<IllegalArgumentException> { timeout(Double.NaN) { } }
      shouldThrow<IllegalArgumentException> { timeoutAt(Double.NaN) { } }
      timeout(1.0) {
        shouldThrow<IllegalArgumentException> { reschedule(Double.NaN) }
        reschedule(7.0)
        deadline shouldBe 7.0
      }
    }
    val foreign = runVirtual { Asyncio.timeout(1.0) }
    runVirtual {
      shouldThrow<IllegalStateException> { foreign.enterSuspending { } }.message shouldContain "another loop"
    }
    shouldThrow<IllegalStateException> { kotlinx.coroutines.runBlocking { timeout(1.seconds) { } } }
  }
})
