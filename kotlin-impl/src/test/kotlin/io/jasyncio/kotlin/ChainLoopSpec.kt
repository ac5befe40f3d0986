package io.jasyncio.kotlin

import io.jasyncio.Asyncio
import io.jasyncio.CancelledError
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe

/**
 * Asyncio.doWhile / Asyncio.repeat (the chain-style loops of the Java face) from Kotlin code, beside
 * Kotlin coroutines on one loop. Kotlin itself writes `while` and `repeat` in a coroutine.
 */
class ChainLoopSpec : FunSpec({
  test("a Java repeat loop consumer cancelled mid-way consumes nothing more: a Kotlin coroutine gets the rest in order") {
    val (got, rest) = runVirtual {
      val q = Queue<Int>()
      val got = ArrayList<Int>()
      val java = Asyncio.createTask { Asyncio.repeat(10) { q.getAsync().thenAccept { x -> got.add(x) } } }
      for (i in 0 until 10) {
        q.put(i)
        sleep(1.0)
        if (i == 4) {
          java.cancel()
          q.put(100) // put in the same step as the cancel: the withdrawn get must not take it
        }
      }
      shouldThrow<CancelledError> { java.await() }
      val rest = ArrayList<Int>()
      while (!q.empty()) rest.add(q.get())
      got to rest
    }
    got shouldContainExactly listOf(0, 1, 2, 3, 4)
    rest shouldContainExactly listOf(100, 5, 6, 7, 8, 9)
  }

  test("a Kotlin coroutine awaiting a doWhile loop, when cancelled, cancels the loop and its pending wait") {
    val out = runVirtual {
      val ev = Event()
      var iterations = 0
      val loop = Asyncio.doWhile { iterations++; ev.waitAsync() }
      val waiter = createTask { loop.await() }
      sleep(1.0)
      waiter.cancel()
      shouldThrow<CancelledError> { waiter.await() }
      listOf(loop.isCancelled, iterations, ev.toString())
    }
    out shouldContainExactly listOf(true, 1, "Event[unset, waiters=0]")
  }

  test("a doWhile loop goes on while its iterations complete with true, awaited from Kotlin") {
    val n = runVirtual {
      var i = 0
      Asyncio.doWhile { Asyncio.sleep(0.0).thenApply { ++i < 5 } }.await()
      i
    }
    n shouldBe 5
  }
})
