package io.jasyncio.kotlin

import io.jasyncio.CancelledError
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe

/** CPython test_tasks' shield tests through the Kotlin face. */
class ShieldSpec : FunSpec({
  test("the result and the exception pass through") {
    runVirtual {
      shield(createTask { sleep(0.1); 4 }) shouldBe 4
      shouldThrow<IllegalStateException> {
        shield(createTask<Int> { sleep(0.1); throw IllegalStateException("inner") })
      }.message shouldBe "inner"
    }
  }

  test("cancelling the caller leaves the shielded task running") {
    val events = mutableListOf<String>()
    runVirtual {
      val inner = createTask { sleep(1.0); events += "inner done"; 9 }
      val waiter = createTask { shield(inner) }
      sleep(0.1)
      waiter.cancel()
      shouldThrow<CancelledError> { waiter.await() }
      inner.cancelled().shouldBeFalse()
      inner.await() shouldBe 9
      getRunningLoop().time() shouldBe 1.0
    }
    events shouldContainExactly listOf("inner done")
  }

  test("an inner cancelled from elsewhere cancels the caller's wait") {
    runVirtual {
      val inner = createTask { sleep(1.0); 9 }
      getRunningLoop().callLater(0.1) { inner.cancel("inner stop") }
      shouldThrow<CancelledError> { shield(inner) }.message shouldBe "inner stop"
    }
  }

  test("shield { } runs the block as a task that outlives the caller's cancellation") {
    val events = mutableListOf<String>()
    runVirtual {
      val waiter = createTask { shield { sleep(0.5); events += "block done" } }
      sleep(0.1)
      waiter.cancel()
      sleep(1.0)
      waiter.cancelled().shouldBeTrue()
    }
    events shouldContainExactly listOf("block done")
  }
})
