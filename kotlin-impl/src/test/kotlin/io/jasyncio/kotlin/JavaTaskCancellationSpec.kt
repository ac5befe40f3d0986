package io.jasyncio.kotlin

import io.jasyncio.Asyncio
import io.jasyncio.CancelledError
import io.jasyncio.Event
import io.jasyncio.Lock
import io.jasyncio.Semaphore
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import java.util.concurrent.CompletableFuture
import kotlinx.coroutines.future.await

/**
 * Issue 9 from Kotlin: Java-face tasks made and cancelled from Kotlin code, and Kotlin getters,
 * sharing the primitives. A cancel after a grant consumes nothing; a cancel reaches the wait a
 * Java chain is suspended in; continuations run as asyncio's awaiters do.
 */
class JavaTaskCancellationSpec : FunSpec({
  test("a Java get task cancelled after a put granted it ends cancelled and the item stays") {
    runVirtual {
      val q = Queue<Int>()
      val r = Asyncio.createTask { q.getAsync() }
      sleep(0.0)
      q.putNowait(1)
      r.cancel()
      shouldThrow<CancelledError> { r.await() }
      q.qsize() shouldBe 1
      q.get() shouldBe 1
    }
  }

  test("a Java acquire task cancelled after the grant leaks no permit and no lock") {
    runVirtual {
      val sem = Semaphore.create(0)
      val lock = Lock.create()
      lock.acquire()
      val s = Asyncio.createTask { sem.acquireAsync() }
      val l = Asyncio.createTask { lock.acquireAsync() }
      sleep(0.0)
      sem.release()
      lock.release()
      s.cancel()
      l.cancel()
      shouldThrow<CancelledError> { s.await() }
      shouldThrow<CancelledError> { l.await() }
      sem.toString() shouldBe "Semaphore[unlocked, value=1, waiters=0]"
      lock.locked() shouldBe false
    }
  }

  test("a Java put task cancelled after the grant stores nothing") {
    runVirtual {
      val q = Queue<Int>(1)
      q.putNowait(0)
      val p = Asyncio.createTask { q.putAsync(1) }
      sleep(0.0)
      q.getNowait() shouldBe 0
      p.cancel()
      shouldThrow<CancelledError> { p.await() }
      q.qsize() shouldBe 0
    }
  }

  test("cancelling a Java chain task reaches the event wait inside it and runs its whenComplete") {
    runVirtual {
      val ev = Event.create()
      val seen = mutableListOf<Any?>()
      val t = Asyncio.createTask {
        ev.waitAsync().thenApply { "woke" }.whenComplete { _, e -> seen += e?.javaClass; seen += Asyncio.currentTask() }
      }
      sleep(0.0)
      t.cancel()
      shouldThrow<CancelledError> { t.await() }
      ev.statistics().waiting() shouldBe 0
      seen shouldContainExactly listOf(CancelledError::class.java, t)
    }
  }

  test("a Kotlin getter cancelled after a put promised it an item never reorders the producer's items") {
    runVirtual {
      val q = Queue<Int>()
      val g = createTask { q.get() }
      sleep(0.0)
      q.putNowait(1)
      q.putNowait(2)
      g.cancel()
      listOf(q.getNowait(), q.getNowait()) shouldContainExactly listOf(1, 2)
      shouldThrow<CancelledError> { g.await() }
    }
  }

  test("a continuation attached from Kotlin runs after the done callback registered before it") {
    runVirtual {
      val events = mutableListOf<String>()
      val f = Asyncio.getRunningLoop().createFuture<Int>()
      f.addDoneCallback { events += "cb" }
      val k = f.thenAccept { events += "k$it" }
      f.setResult(1)
      events += "set"
      k.await()
      events shouldContainExactly listOf("set", "cb", "k1")
    }
  }

  test("a recursive Java consumer chain over 1,000,000 items runs in constant stack") {
    val q = Queue<Int?>()
    repeat(1_000_000) { q.putNowait(it) }
    q.putNowait(null)
    fun drain(n: Long): CompletableFuture<Long> =
      q.getAsync().thenCompose { x -> if (x == null) CompletableFuture.completedFuture(n) else drain(n + 1) }
    runVirtual { drain(0).await() } shouldBe 1_000_000L
  }

  test("cancelling a Java task whose chain is 100,000 stages deep reaches the wait in constant stack") {
    runVirtual {
      val ev = Event.create()
      val done = Asyncio.getRunningLoop().createFuture<Void>()
      done.setResult(null)
      fun deep(n: Int): java.util.concurrent.CompletionStage<Void> =
        if (n == 0) ev.waitAsync().thenApply { null } else done.thenCompose { deep(n - 1) }
      val t = Asyncio.createTask { deep(100_000) }
      sleep(0.001) // the virtual clock jumps only when idle: the whole chain is built by then
      ev.statistics().waiting() shouldBe 1
      t.cancel()
      shouldThrow<CancelledError> { t.await() }
      ev.statistics().waiting() shouldBe 0
    }
  }
})
