package io.jasyncio.kotlin

import io.jasyncio.CancelledError
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.throwables.shouldThrowExactly
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.types.shouldBeSameInstanceAs
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.future.await
import java.io.IOException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.ExecutionException
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread

class ThreadsSpec : FunSpec({
  test("toThread runs the block off the loop and resumes on the loop thread") {
    runVirtual {
      val loopThread = Thread.currentThread()
      val worker = toThread { Thread.currentThread() }
      worker shouldNotBe loopThread
      worker.name.startsWith("jasyncio-executor-").shouldBeTrue()
      Thread.currentThread() shouldBeSameInstanceAs loopThread
    }
  }

  test("toThread rethrows the block's exception with type and message") {
    runVirtual {
      shouldThrowExactly<IOException> { toThread { throw IOException("blocked io") } }
        .message shouldBe "blocked io"
    }
  }

  test("the virtual clock waits while a toThread job runs") {
    runVirtual {
      val sleeper = createTask { sleep(3600.0) }
      sleep(0.0)
      toThread { (1..1000).sum() } shouldBe 500500
      getRunningLoop().time() shouldBe 0.0
      sleeper.cancel()
    }
  }

  test("submit from a plain thread runs the block as a task on the loop") {
    runVirtual {
      val loop = getRunningLoop()
      val loopThread = Thread.currentThread()
      val answer = CompletableFuture<Pair<Thread, Boolean>>()
      thread(name = "plain") {
        try {
          val f = loop.submit { sleep(60.0); Thread.currentThread() to (currentTask() != null) }
          answer.complete(f.get(LIMIT_SECONDS, TimeUnit.SECONDS))
        } catch (e: Throwable) {
          answer.completeExceptionally(e)
        }
      }
      val (ranOn, inTask) = answer.await()
      ranOn shouldBeSameInstanceAs loopThread
      inTask.shouldBeTrue()
      loop.time() shouldBe 60.0
    }
  }

  test("submit passes the block's exception to the plain thread as the cause") {
    runVirtual {
      val loop = getRunningLoop()
      val seen = CompletableFuture<Throwable>()
      thread(name = "plain") {
        try {
          loop.submit<Int> { throw IOException("submitted") }.get(LIMIT_SECONDS, TimeUnit.SECONDS)
          seen.complete(null)
        } catch (e: ExecutionException) {
          seen.complete(e.cause)
        }
      }
      val cause = seen.await()
      (cause is IOException) shouldBe true
      cause.message shouldBe "submitted"
    }
  }

  test("cancelling submit's future cancels the task") {
    val events = mutableListOf<String>()
    runVirtual {
      val loop = getRunningLoop()
      val started = CompletableFuture<Unit>()
      val handed = CompletableFuture<CompletableFuture<Unit>>()
      thread(name = "plain") {
        handed.complete(
          loop.submit {
            try {
              started.complete(Unit)
              awaitCancellation()
            } finally {
              events += "finally"
            }
          }
        )
      }
      val f = handed.await()
      started.await()
      toThread { f.cancel(false) }.shouldBeTrue()
      sleep(0.0)
      sleep(0.0)
      shouldThrow<java.util.concurrent.CancellationException> { f.join() }
    }
    events shouldBe listOf("finally")
  }

  test("submit to a closed loop throws IllegalStateException") {
    val loop = runVirtual { getRunningLoop() }
    shouldThrow<IllegalStateException> { loop.submit { 1 } }
  }
})
