package io.jasyncio.kotlin

import io.jasyncio.CancelledError
import io.jasyncio.ExceptionContext
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
import java.util.concurrent.CountDownLatch
import java.util.concurrent.ExecutionException
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread

private fun singleWorker(): ExecutorService = Executors.newSingleThreadExecutor { r ->
  Thread(r, "single-worker").also { it.isDaemon = true }
}

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

  test("toThread(interruptible = true): cancelling the caller interrupts the running block, not the worker's next job") {
    val worker = singleWorker()
    try {
      val events = java.util.concurrent.CopyOnWriteArrayList<String>()
      runVirtual {
        getRunningLoop().setDefaultExecutor(worker)
        val started = CountDownLatch(1)
        val t = createTask {
          toThread(interruptible = true) {
            started.countDown()
            try {
              CountDownLatch(1).await(10, TimeUnit.SECONDS)
              events += "not interrupted"
            } catch (e: InterruptedException) {
              events += "interrupted"
            }
          }
        }
        // waits on another thread: the single worker is the one the block holds
        val waiter = singleWorker()
        try {
          getRunningLoop().runInExecutor(waiter) { started.await(5, TimeUnit.SECONDS) }.await().shouldBeTrue()
        } finally {
          waiter.shutdownNow()
        }
        t.cancel()
        toThread { Thread.currentThread().isInterrupted } shouldBe false
        t.isCancelled.shouldBeTrue()
        toThread(interruptible = false) { 1 } shouldBe 1
      }
      events shouldBe listOf("interrupted")
    } finally {
      worker.shutdownNow()
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

  test("toThread cancelled while queued behind a busy worker never runs its block") {
    val worker = singleWorker()
    try {
      val events = mutableListOf<String>()
      runVirtual {
        val loop = getRunningLoop()
        loop.setDefaultExecutor(worker)
        val gate = CountDownLatch(1)
        worker.execute { gate.await(LIMIT_SECONDS, TimeUnit.SECONDS) }
        val t = createTask { toThread { synchronized(events) { events += "ran" } } }
        sleep(0.0) // t is now awaiting its call, queued behind the busy worker
        t.cancel()
        gate.countDown()
        // the single worker gets to the cancelled call's slot first, then to this one
        toThread { "marker" } shouldBe "marker"
        t.cancelled().shouldBeTrue()
      }
      events shouldBe emptyList()
    } finally {
      worker.shutdownNow()
    }
  }

  test("toThread cancelled while running: not interrupted, its late failure dropped unreported") {
    val worker = singleWorker()
    try {
      val events = mutableListOf<String>()
      val errors = mutableListOf<ExceptionContext>()
      runVirtual {
        val loop = getRunningLoop()
        loop.setExceptionHandler { _, ctx -> errors += ctx }
        loop.setDefaultExecutor(worker)
        val started = CompletableFuture<Unit>()
        val release = CountDownLatch(1)
        val t = createTask {
          toThread {
            started.complete(Unit)
            release.await(LIMIT_SECONDS, TimeUnit.SECONDS)
            synchronized(events) { events += "interrupted=${Thread.currentThread().isInterrupted}" }
            throw IOException("late")
          }
        }
        started.await()
        t.cancel()
        release.countDown()
        // the single worker posts the late outcome before this call's
        toThread { "after" } shouldBe "after"
        sleep(0.0)
        t.cancelled().shouldBeTrue()
      }
      events shouldBe listOf("interrupted=false")
      errors shouldBe emptyList()
    } finally {
      worker.shutdownNow()
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
