package io.jasyncio.porting

// Outside io.jasyncio.kotlin on purpose: what a porter's file sees with the one star import.
import io.jasyncio.CancelledError
import io.jasyncio.TimeoutError
import io.jasyncio.kotlin.*
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeSameInstanceAs
import java.io.IOException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.toList

/** The Kotlin conveniences a porter reached for (issue 14), with only `import io.jasyncio.kotlin.*`. */
class PortingConveniencesSpec : FunSpec({
  test("await() on any CompletionStage: resumes on the loop thread, failure unwrapped") {
    val io = IOException("disk")
    runVirtual {
      val loopThread = Thread.currentThread()
      val cf = CompletableFuture<String>()
      Thread { cf.complete("from another thread") }.start()
      cf.await() shouldBe "from another thread"
      Thread.currentThread() shouldBeSameInstanceAs loopThread
      val stage: CompletionStage<String> = CompletableFuture.supplyAsync { throw io }
      // the original type and message, never a CompletionException (kotlinx's debug mode may
      // hand the coroutine a copy of the exception, so not necessarily the same instance)
      shouldThrow<IOException> { stage.await() }.message shouldBe "disk"
      val jasyncioFuture = Future<Int>()
      jasyncioFuture.setResult(3)
      jasyncioFuture.await() shouldBe 3
    }
  }

  test("await() on a CompletableFuture: cancelling the awaiting task cancels it") {
    val cf = CompletableFuture<String>()
    runVirtual {
      val t = createTask { cf.await() }
      sleep(0.0)
      t.cancel()
      shouldThrow<CancelledError> { t.await() }
    }
    cf.isCancelled.shouldBeTrue()
  }

  test("val (done, pending) = wait(...)") {
    runVirtual {
      val a = createTask { sleep(0.1, "a") }
      val b = createTask { sleep(1.0, "b") }
      val (done, pending) = wait(listOf(a, b), 0.5)
      done shouldContainExactly setOf(a)
      pending shouldContainExactly setOf(b)
    }
  }

  test("gather over a collection of suspend blocks, and over none") {
    runVirtual {
      val blocks: List<suspend CoroutineScope.() -> String> = listOf("x", "y", "z").map { s -> { sleep(0.1); s.uppercase() } }
      gather(blocks) shouldContainExactly listOf("X", "Y", "Z")
      gather(emptyList<suspend CoroutineScope.() -> Int>()) shouldBe emptyList()
      getRunningLoop().time() shouldBe 0.1
    }
  }

  test("Future() and sleep(d, result), as on the Java side") {
    runVirtual {
      val f = Future<String>()
      getRunningLoop().callLater(2.0) { f.setResult("set") }
      f.await() shouldBe "set"
      sleep(0.5, 42) shouldBe 42
      sleep(kotlin.time.Duration.parse("0.5s"), "d") shouldBe "d"
      sleep(java.time.Duration.ofMillis(500), 'j') shouldBe 'j'
      getRunningLoop().time() shouldBe 3.5
    }
  }

  test("asCompletedResults goes on past a failure and yields TimeoutError for each one left") {
    runVirtual {
      val ok = createTask { sleep(0.1, "ok") }
      val bad: io.jasyncio.Task<String> = createTask { sleep(0.2); throw IllegalStateException("bad") }
      val late = createTask { sleep(0.3, "late") }
      val slow = createTask { sleep(10.0, "slow") }
      val slower = createTask { sleep(20.0, "slower") }
      val out = asCompletedResults(listOf(ok, bad, late, slow, slower), 1.0).toList()
      out.map { r -> r.fold({ it }, { it::class.simpleName + ":" + it.message }) } shouldContainExactly listOf(
        "ok", "IllegalStateException:bad", "late",
        "TimeoutError:asCompleted timed out after 1.0 s", "TimeoutError:asCompleted timed out after 1.0 s",
      )
      (out[3].exceptionOrNull() is TimeoutError).shouldBeTrue()
      getRunningLoop().time() shouldBe 1.0
    }
  }
})
