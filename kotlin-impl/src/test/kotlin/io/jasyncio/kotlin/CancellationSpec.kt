package io.jasyncio.kotlin

import io.jasyncio.CancelledError
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

class CancellationSpec : FunSpec({
  test("cancel delivers CancelledError with the message where the task waits") {
    val events = mutableListOf<String>()
    runVirtual {
      val t = createTask {
        try {
          events += "waiting"
          sleep(3600.0)
          events += "not reached"
        } catch (e: CancelledError) {
          events += "caught ${e.message}"
          throw e
        } finally {
          events += "finally"
        }
      }
      sleep(0.0)
      t.cancel("bye").shouldBeTrue()
      shouldThrow<CancelledError> { t.await() }.message shouldBe "bye"
      t.cancelled().shouldBeTrue()
      t.done().shouldBeTrue()
      getRunningLoop().time() shouldBe 0.0
    }
    events shouldContainExactly listOf("waiting", "caught bye", "finally")
  }

  test("the CancelledError of a cancelled task is what Java's handle sees") {
    runVirtual {
      val t = createTask { awaitCancellation() }
      sleep(0.0)
      t.cancel("stop")
      shouldThrow<CancelledError> { t.await() }
      shouldThrow<CancelledError> { t.result() }.message shouldBe "stop"
      t.isCancelled.shouldBeTrue()
      t.toCompletableFuture().isCompletedExceptionally.shouldBeTrue()
    }
  }

  test("a task cancelled before its first step never runs its body") {
    var ran = false
    runVirtual {
      val t = createTask { ran = true }
      t.cancel("early").shouldBeTrue()
      shouldThrow<CancelledError> { t.await() }.message shouldBe "early"
    }
    ran.shouldBeFalse()
  }

  test("cancel of a done task returns false and changes nothing") {
    runVirtual {
      val t = createTask { 5 }
      t.await()
      t.cancel("late").shouldBeFalse()
      t.cancelled().shouldBeFalse()
      t.result() shouldBe 5
    }
  }

  test("cancelling a task cancels the coroutines it launched") {
    val events = mutableListOf<String>()
    runVirtual {
      val t = createTask {
        launch {
          try {
            awaitCancellation()
          } finally {
            events += "child finally"
          }
        }
        try {
          awaitCancellation()
        } finally {
          events += "task finally"
        }
      }
      sleep(0.0)
      sleep(0.0)
      t.cancel("all")
      shouldThrow<CancelledError> { t.await() }
    }
    events shouldContainExactlyInAnyOrder listOf("task finally", "child finally")
  }

  test("cancelling the awaiting coroutine cancels the awaited task") {
    val steps = Steps()
    runVirtual {
      val inner = createTask("inner") {
        try {
          steps.expect(2)
          awaitCancellation()
        } finally {
          steps.expect(4)
        }
      }
      val outer = createTask("outer") { inner.await() }
      steps.expect(1)
      sleep(0.0)
      steps.expect(3)
      outer.cancel("stop outer")
      shouldThrow<CancelledError> { outer.await() }.message shouldBe "stop outer"
      shouldThrow<CancelledError> { inner.await() }
      inner.cancelled().shouldBeTrue()
      steps.finish(5)
    }
    steps.assertFinished(5)
  }

  test("the cancel message reaches the awaited task, as asyncio passes it on") {
    runVirtual {
      val inner = createTask { awaitCancellation() }
      val outer = createTask { inner.await() }
      sleep(0.0)
      outer.cancel("stop outer")
      shouldThrow<CancelledError> { outer.await() }
      shouldThrow<CancelledError> { inner.await() }.message shouldBe "stop outer"
    }
  }

  test("cancelling the awaiting coroutine leaves a task that is already done alone") {
    runVirtual {
      val inner = createTask { 3 }
      val outer = createTask { inner.await(); awaitCancellation() }
      sleep(0.0)
      sleep(0.0)
      outer.cancel()
      shouldThrow<CancelledError> { outer.await() }
      inner.cancelled().shouldBeFalse()
      inner.result() shouldBe 3
    }
  }

  test("a body that swallows CancelledError still ends cancelled (unlike CPython)") {
    runVirtual {
      val t = createTask {
        try {
          awaitCancellation()
        } catch (e: CancellationException) {
          "swallowed"
        }
      }
      sleep(0.0)
      t.cancel("x")
      shouldThrow<CancelledError> { t.await() }
      t.cancelled().shouldBeTrue()
    }
  }

  test("cleanup that must suspend runs under NonCancellable") {
    val events = mutableListOf<String>()
    runVirtual {
      val t = createTask {
        try {
          awaitCancellation()
        } finally {
          withContext(NonCancellable) {
            sleep(2.0)
            events += "cleaned at ${getRunningLoop().time()}"
          }
        }
      }
      sleep(0.0)
      t.cancel()
      shouldThrow<CancelledError> { t.await() }
    }
    events shouldContainExactly listOf("cleaned at 2.0")
  }

  test("cancelling() counts requests and uncancel() takes one back") {
    runVirtual {
      val t = createTask { awaitCancellation() }
      sleep(0.0)
      t.cancelling() shouldBe 0
      t.cancel("one")
      t.cancelling() shouldBe 1
      t.uncancel() shouldBe 0
      t.uncancel() shouldBe 0
      shouldThrow<CancelledError> { t.await() }
    }
  }

  test("a cancelled task is never reported as an unretrieved failure") {
    val reports = mutableListOf<Throwable?>()
    runVirtual {
      getRunningLoop().setExceptionHandler { _, ctx -> reports += ctx.exception() }
      val t = createTask { awaitCancellation() }
      sleep(0.0)
      t.cancel()
      sleep(0.0)
      sleep(0.0)
      t.done().shouldBeTrue()
    }
    reports.shouldBeEmpty()
  }

  test("cancelling a task from another thread is carried to the loop") {
    runVirtual {
      val t = createTask { awaitCancellation() }
      sleep(0.0)
      toThread { t.cancel("from afar") }.shouldBeTrue()
      shouldThrow<CancelledError> { t.await() }.message shouldBe "from afar"
      t.cancelled().shouldBeTrue()
    }
  }

  test("the awaiter sees CancelledError, which is a CancellationException") {
    runVirtual {
      val t = createTask { awaitCancellation() }
      sleep(0.0)
      t.cancel()
      val e = shouldThrow<CancellationException> { t.await() }
      e.shouldBeInstanceOf<CancelledError>()
    }
  }
})
