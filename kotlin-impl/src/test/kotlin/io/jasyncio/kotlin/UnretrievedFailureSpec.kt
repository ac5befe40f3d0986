package io.jasyncio.kotlin

import io.jasyncio.ExceptionContext
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import java.io.IOException

class UnretrievedFailureSpec : FunSpec({
  test("a task failure nobody retrieved is reported to the exception handler at close") {
    val reports = mutableListOf<ExceptionContext>()
    runVirtual {
      getRunningLoop().setExceptionHandler { _, ctx -> reports += ctx }
      createTask("doomed") { sleep(1.0); throw IllegalStateException("nobody looked") }
      sleep(2.0)
      reports.shouldBeEmpty()
    }
    reports shouldHaveSize 1
    val e = reports[0].exception()
    e.shouldBeInstanceOf<IllegalStateException>()
    e.message shouldBe "nobody looked"
    reports[0].message() shouldContain "never retrieved"
    reports[0].message() shouldContain "doomed"
  }

  test("a checked failure nobody retrieved is reported unwrapped") {
    val reports = mutableListOf<Throwable?>()
    runVirtual {
      getRunningLoop().setExceptionHandler { _, ctx -> reports += ctx.exception() }
      createTask<Unit> { throw IOException("lost") }
      sleep(0.0)
      sleep(0.0)
    }
    reports shouldHaveSize 1
    reports[0].shouldBeInstanceOf<IOException>().message shouldBe "lost"
  }

  test("an awaited failure is not reported") {
    val reports = mutableListOf<ExceptionContext>()
    runVirtual {
      getRunningLoop().setExceptionHandler { _, ctx -> reports += ctx }
      val t = createTask<Unit> { throw IllegalStateException("seen") }
      shouldThrow<IllegalStateException> { t.await() }
    }
    reports.shouldBeEmpty()
  }

  test("a toThread failure caught by the caller is not reported") {
    val reports = mutableListOf<ExceptionContext>()
    runVirtual {
      getRunningLoop().setExceptionHandler { _, ctx -> reports += ctx }
      shouldThrow<IOException> { toThread { throw IOException("caught") } }
    }
    reports.shouldBeEmpty()
  }

  test("a failure read through exception() is not reported") {
    val reports = mutableListOf<ExceptionContext>()
    runVirtual {
      getRunningLoop().setExceptionHandler { _, ctx -> reports += ctx }
      val t = createTask<Unit> { throw IllegalStateException("read") }
      sleep(0.0)
      sleep(0.0)
      t.exception()!!.message shouldBe "read"
    }
    reports.shouldBeEmpty()
  }

  test("the main block's own failure is rethrown, not reported") {
    val reports = mutableListOf<ExceptionContext>()
    shouldThrow<IllegalArgumentException> {
      runVirtual<Unit> {
        getRunningLoop().setExceptionHandler { _, ctx -> reports += ctx }
        throw IllegalArgumentException("main")
      }
    }
    reports.shouldBeEmpty()
  }
})
