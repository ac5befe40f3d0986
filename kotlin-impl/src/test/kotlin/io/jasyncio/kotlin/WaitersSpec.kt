package io.jasyncio.kotlin

import io.jasyncio.CancelledError
import io.jasyncio.internal.sync.SyncCore
import io.jasyncio.internal.sync.Undelivered
import io.jasyncio.internal.sync.WaitQueue
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit
import kotlinx.coroutines.future.await

/**
 * A toy permit pool on the shared waiter mechanism: what every primitive relies on (FIFO grants,
 * a cancelled waiter consumes nothing, grants overtaken by a cancellation are handed back, Java
 * futures complete on their own loop or off any loop thread).
 */
private class Pool(var free: Int) : SyncCore() {
  val waiters = WaitQueue<Int>()
  var handedBack = 0

  private val giveBack = Undelivered<Int> {
    handedBack++
    release()
  }

  suspend fun take(): Int {
    lock.lock()
    if (free > 0 && !waiters.hasLiveWaiter()) {
      free--
      lock.unlock()
      return -1
    }
    return parkKotlin(waiters, giveBack)
  }

  fun takeAsync(): CompletableFuture<Int> {
    lock.lock()
    if (free > 0 && !waiters.hasLiveWaiter()) {
      free--
      lock.unlock()
      return completedJava(-1)
    }
    return parkJava(waiters, null, giveBack)
  }

  private var grants = 0

  fun release() {
    lock.lock()
    val w = try {
      waiters.grantFirst(++grants) ?: run { free++; null }
    } finally {
      lock.unlock()
    }
    w?.deliver()
  }

  fun linked(): Int {
    lock.lock()
    try {
      return waiters.size
    } finally {
      lock.unlock()
    }
  }
}

class WaitersSpec : FunSpec({
  test("waiters are granted in FIFO order and resume on their loop in the next iteration") {
    val log = mutableListOf<String>()
    runVirtual {
      val pool = Pool(0)
      val ts = (1..3).map { i -> createTask { log += "t$i got ${pool.take()}" } }
      sleep(0.0)
      pool.release()
      pool.release()
      log += "released twice"
      sleep(0.0)
      pool.release()
      for (t in ts) t.await()
      pool.linked() shouldBe 0
    }
    log shouldContainExactly listOf("released twice", "t1 got 1", "t2 got 2", "t3 got 3")
  }

  test("a waiter cancelled before any grant is unlinked and consumes nothing") {
    runVirtual {
      val pool = Pool(0)
      val a = createTask { pool.take() }
      val b = createTask { pool.take() }
      sleep(0.0)
      pool.linked() shouldBe 2
      a.cancel().shouldBeTrue()
      sleep(0.0)
      pool.linked() shouldBe 1
      pool.release()
      b.await() shouldBe 1
      pool.free shouldBe 0
      pool.handedBack shouldBe 0
    }
  }

  test("a grant overtaken by a cancellation is handed back and reaches the next waiter") {
    runVirtual {
      val pool = Pool(0)
      val a = createTask { pool.take() }
      val b = createTask { pool.take() }
      sleep(0.0)
      pool.release() // granted to a, which has not run yet
      a.cancel().shouldBeTrue()
      shouldThrow<CancelledError> { a.await() }
      b.await() shouldBe 2
      pool.handedBack shouldBe 1
      pool.free shouldBe 0
    }
  }

  test("a Java waiter on a loop gets a loop future completed on the loop thread, even when another thread releases") {
    runVirtual {
      val pool = Pool(0)
      val loopThread = Thread.currentThread()
      val f = pool.takeAsync()
      (f is io.jasyncio.Future<*>).shouldBeTrue()
      val seen = f.thenApply { Thread.currentThread() }
      toThread { pool.release() }
      f.await() shouldBe 1
      seen.await() shouldBe loopThread
    }
  }

  test("a cancelled Java loop waiter is unlinked; one granted but not yet delivered withdraws and gives the grant back") {
    runVirtual {
      val pool = Pool(0)
      val f1 = pool.takeAsync()
      val f2 = pool.takeAsync()
      f1.cancel(false).shouldBeTrue()
      pool.linked() shouldBe 1
      val done = pool.takeAsync()
      pool.release() // grants f2; its delivery is a later loop step
      f2.cancel(false).shouldBeTrue() // before the delivery: the grant goes back, on to `done`
      pool.handedBack shouldBe 1
      shouldThrow<CancelledError> { f2.await() }
      done.await() shouldBe 2
      pool.release()
      pool.takeAsync().await() shouldBe -1 // the permit was not lost
    }
  }

  test("a plain-thread waiter completes off the loop thread and can be cancelled before its grant") {
    val pool = Pool(0)
    val (cancelled, waiting) = bounded { pool.takeAsync() to pool.takeAsync() }
    (cancelled is io.jasyncio.Future<*>).shouldBeFalse()
    cancelled.cancel(false).shouldBeTrue()
    pool.linked() shouldBe 1
    runVirtual {
      val loopThread = Thread.currentThread()
      val seen = waiting.thenApply { Thread.currentThread() }
      pool.release() // from the loop thread: the plain future completes on the common pool
      val t = toThread { seen.get(10, TimeUnit.SECONDS) }
      (t === loopThread).shouldBeFalse()
    }
    waiting.get(10, TimeUnit.SECONDS) shouldBe 1
    pool.linked() shouldBe 0
  }

  test("many coroutines and plain threads share one pool: every permit is returned, none duplicated") {
    val pool = Pool(2)
    val rounds = 200
    val threads = (1..2).map {
      Thread {
        repeat(rounds) {
          pool.takeAsync().get(10, TimeUnit.SECONDS)
          pool.release()
        }
      }.also { it.start() }
    }
    runVirtual {
      val ts = (1..4).map {
        createTask {
          repeat(rounds) {
            pool.take()
            sleep(0.0)
            pool.release()
          }
        }
      }
      for (t in ts) t.await()
    }
    for (t in threads) t.join(10_000)
    pool.free shouldBe 2
    pool.linked() shouldBe 0
  }
})
