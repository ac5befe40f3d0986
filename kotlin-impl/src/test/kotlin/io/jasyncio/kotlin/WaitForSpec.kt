package io.jasyncio.kotlin

import io.jasyncio.CancelledError
import io.jasyncio.TimeoutError
import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.loop.EventLoopImpl
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.withContext

/** CPython's test_waitfor through the Kotlin face. */
class WaitForSpec : FunSpec({
  test("a block that finishes in time returns its value") {
    runVirtual {
      waitFor(1.seconds) { sleep(0.1); 5 } shouldBe 5
      getRunningLoop().time() shouldBe 0.1
    }
  }

  test("on timeout the block is cancelled, its finally runs, then TimeoutError caused by CancelledError") {
    val events = mutableListOf<String>()
    runVirtual {
      val e = shouldThrow<TimeoutError> {
        waitFor(0.1) {
          try {
            sleep(10.0)
          } finally {
            events += "finally at ${getRunningLoop().time()}"
          }
        }
      }
      e.cause.shouldBeInstanceOf<CancelledError>()
      getRunningLoop().time() shouldBe 0.1
    }
    events shouldContainExactly listOf("finally at 0.1")
  }

  test("the TimeoutError comes only after the block has finished cancelling") {
    runVirtual {
      shouldThrow<TimeoutError> {
        waitFor(100.milliseconds) {
          try {
            sleep(10.0)
          } finally {
            withContext(NonCancellable) { sleep(0.5) }
          }
        }
      }
      getRunningLoop().time() shouldBe 0.6
    }
  }

  test("an exception raised while cancelling is thrown instead of TimeoutError") {
    runVirtual {
      shouldThrow<IllegalStateException> {
        waitFor(0.1) {
          try {
            sleep(10.0)
          } finally {
            throw IllegalStateException("while cancelling")
          }
        }
      }.message shouldBe "while cancelling"
    }
  }

  test("timeout zero or less: the block never runs") {
    var ran = false
    runVirtual {
      shouldThrow<TimeoutError> { waitFor(0.0) { ran = true } }
      shouldThrow<TimeoutError> { waitFor((-1).seconds) { ran = true } }
    }
    ran.shouldBeFalse()
  }

  test("null, Duration.INFINITE and +Infinity mean no timeout") {
    runVirtual {
      waitFor(null as Duration?) { sleep(100.0); 1 } shouldBe 1
      waitFor(Duration.INFINITE) { sleep(100.0); 2 } shouldBe 2
      waitFor(Double.POSITIVE_INFINITY) { sleep(100.0); 3 } shouldBe 3
      getRunningLoop().time() shouldBe 300.0
    }
  }

  test("a NaN timeout is rejected; -Infinity counts as zero, as for sleep (asyncio times out at once)") {
    runVirtual {
      shouldThrow<IllegalArgumentException> { waitFor(Double.NaN) { 1 } }.message!! shouldContain "NaN"
      shouldThrow<TimeoutError> { waitFor(Double.NEGATIVE_INFINITY) { sleep(1.0); 1 } }
      shouldThrow<TimeoutError> { waitFor(-Duration.INFINITE) { sleep(1.0); 1 } }
      val never = getRunningLoop().createFuture<Int>()
      val (done, pending) = wait(listOf(never), Double.NEGATIVE_INFINITY)
      done.size shouldBe 0
      pending shouldBe setOf(never)
      val (done2, _) = wait(listOf(never), -Duration.INFINITE)
      done2.size shouldBe 0
      shouldThrow<TimeoutError> { asCompleted(listOf(never), Double.NEGATIVE_INFINITY).first() }
      getRunningLoop().time() shouldBe 0.0
    }
  }

  test("waitFor(future): done future at timeout zero gives its result; pending one is cancelled") {
    runVirtual {
      val loop = getRunningLoop()
      val done = loop.createFuture<Int>().also { it.setResult(7) }
      waitFor(done, 0.0) shouldBe 7
      val pending = loop.createFuture<Int>()
      shouldThrow<TimeoutError> { waitFor(pending, -1.0) }
      pending.cancelled().shouldBeTrue()
    }
  }

  test("waitFor(task) times out, cancels the task, and waits for it") {
    runVirtual {
      val t = createTask {
        try {
          sleep(10.0)
        } finally {
          withContext(NonCancellable) { sleep(0.2) }
        }
      }
      shouldThrow<TimeoutError> { waitFor(t, 0.1.seconds) }.cause.shouldBeInstanceOf<CancelledError>()
      t.cancelled().shouldBeTrue()
      getRunningLoop().time() shouldBe 0.3
    }
  }

  test("a caller cancelled in the iteration the inner finishes ends cancelled") {
    runVirtual {
      val loop = getRunningLoop()
      val inner = loop.createFuture<Int>()
      val waiter = createTask { waitFor(inner, 10.0) }
      loop.callLater(0.1) {
        inner.setResult(1)
        waiter.cancel()
      }
      shouldThrow<CancelledError> { waiter.await() }
      waiter.cancelled().shouldBeTrue()
    }
  }

  test("a caller of the block form cancelled as the timeout expires ends cancelled, not timed out") {
    runVirtual {
      val loop = getRunningLoop()
      val waiter = createTask { waitFor(0.1) { sleep(10.0) } }
      loop.callLater(0.1) { waiter.cancel("outer") }
      val e = shouldThrow<CancelledError> { waiter.await() }
      waiter.cancelled().shouldBeTrue()
      e.shouldBeInstanceOf<CancelledError>()
    }
  }

  test("an inner that suppresses the cancellation and finishes: its value is returned") {
    runVirtual {
      val loop = getRunningLoop() as EventLoopImpl
      val inner = object : FutureImpl<Int>(loop) {
        var cancelCalls = 0

        override fun cancel(msg: String?): Boolean {
          cancelCalls++
          return !isDone
        }
      }
      loop.callLater(0.5) { inner.setResult(42) }
      waitFor(inner, 0.1) shouldBe 42
      inner.cancelCalls shouldBe 1
      loop.time() shouldBe 0.5
    }
  }

  test("timeout zero on a started task: cancelled, waited for, then TimeoutError") {
    // CPython test_wait_for_waits_for_task_cancellation_w_timeout_0
    var done = false
    runVirtual {
      val t = createTask {
        try {
          sleep(10.0)
        } finally {
          withContext(NonCancellable) { sleep(0.01) }
          done = true
        }
      }
      sleep(0.01)
      shouldThrow<TimeoutError> { waitFor(t, 0.0) }.cause.shouldBeInstanceOf<CancelledError>()
      done.shouldBeTrue()
    }
  }

  test("a task that raises while being cancelled: its exception, not TimeoutError") {
    // CPython test_wait_for_reraises_exception_during_cancellation
    runVirtual {
      val t = createTask {
        try {
          sleep(0.2)
        } finally {
          throw java.io.IOException("foo")
        }
      }
      shouldThrow<java.io.IOException> { waitFor(t, 0.01) }.message shouldBe "foo"
    }
  }

  test("cancelling the caller of the block form runs the block's finally") {
    // CPython test_asyncio_wait_for_cancelled
    var exited = false
    runVirtual {
      val waiter = createTask {
        waitFor(10.0) {
          try {
            sleep(5.0)
          } finally {
            exited = true
          }
        }
      }
      sleep(0.0)
      waiter.cancel()
      shouldThrow<CancelledError> { waiter.await() }
      exited.shouldBeTrue()
    }
  }

  test("an inner task finishing at the very time of the timeout is cancelled, and the outcome says so") {
    runVirtual {
      val t = createTask { sleep(0.3); 5 }
      shouldThrow<TimeoutError> { waitFor(t, 0.3) }
      t.cancelled().shouldBeTrue()
      getRunningLoop().time() shouldBe 0.3
    }
  }
})
