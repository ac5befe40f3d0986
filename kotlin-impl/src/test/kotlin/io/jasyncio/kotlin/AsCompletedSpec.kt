package io.jasyncio.kotlin

import io.jasyncio.TimeoutError
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.toList
import kotlin.time.Duration.Companion.seconds

/** CPython test_tasks' as_completed tests through the Kotlin face (a Flow). */
class AsCompletedSpec : FunSpec({
  test("results flow in completion order") {
    runVirtual {
      val a = createTask { sleep(0.3); "a" }
      val b = createTask { sleep(0.1); "b" }
      val c = createTask { sleep(0.2); "c" }
      asCompleted(a, b, c).toList() shouldContainExactly listOf("b", "c", "a")
      getRunningLoop().time() shouldBe 0.3
    }
  }

  test("a timeout throws TimeoutError after the results that made it; the rest keep running") {
    val seen = mutableListOf<String>()
    runVirtual {
      val slow = createTask { sleep(10.0); "slow" }
      shouldThrow<TimeoutError> {
        asCompleted(listOf(createTask { sleep(0.1); "a" }, slow), 1.seconds).collect { seen += it }
      }
      getRunningLoop().time() shouldBe 1.0
      slow.done().shouldBeFalse()
      slow.await() shouldBe "slow"
    }
    seen shouldContainExactly listOf("a")
  }

  test("a failure is thrown by collect") {
    runVirtual {
      shouldThrow<IllegalStateException> {
        asCompleted(createTask<String> { sleep(0.1); throw IllegalStateException("x") }).toList()
      }.message shouldBe "x"
    }
  }

  test("stopping early does not cancel the awaitables") {
    runVirtual {
      val a = createTask { sleep(0.1); 1 }
      val b = createTask { sleep(0.2); 2 }
      asCompleted(a, b).first() shouldBe 1
      b.await() shouldBe 2
      b.cancelled().shouldBeFalse()
    }
  }

  test("seconds as Double (+Infinity means none) and java.time.Duration") {
    runVirtual {
      asCompleted(listOf(createTask { sleep(5.0); 1 }), Double.POSITIVE_INFINITY).toList() shouldContainExactly listOf(1)
      shouldThrow<TimeoutError> { asCompleted(listOf(createTask { sleep(5.0); 1 }), 0.5).toList() }
      shouldThrow<TimeoutError> {
        asCompleted(listOf(createTask { sleep(5.0); 1 }), java.time.Duration.ofMillis(100)).toList()
      }
    }
  }

  test("an awaitable finishing at the very time of the timeout is delivered, not timed out") {
    val seen = mutableListOf<String>()
    runVirtual {
      val a = createTask { sleep(0.3); "a" }
      val slow = createTask { sleep(10.0); "slow" }
      shouldThrow<TimeoutError> { asCompleted(listOf(a, slow), 0.3).collect { seen += it } }
      getRunningLoop().time() shouldBe 0.3
    }
    seen shouldContainExactly listOf("a")
  }
})
