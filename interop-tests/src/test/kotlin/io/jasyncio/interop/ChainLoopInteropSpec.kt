package io.jasyncio.interop

import io.jasyncio.CancelledError
import io.jasyncio.kotlin.Lock
import io.jasyncio.kotlin.Queue
import io.jasyncio.kotlin.await
import io.jasyncio.kotlin.createTask
import io.jasyncio.kotlin.get
import io.jasyncio.kotlin.put
import io.jasyncio.kotlin.sleep
import io.jasyncio.kotlin.withLock
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import java.util.concurrent.CopyOnWriteArrayList

/** Java chain-style loops (Asyncio.repeat) and Kotlin coroutines sharing one queue and one lock. */
class ChainLoopInteropSpec : FunSpec({
  test("a Kotlin producer and a Java repeat consumer move every item once, in order; a cancel mid-way takes nothing more") {
    val got = CopyOnWriteArrayList<Int>()
    val rest = runVirtual {
      val q = Queue<Int>(1)
      val java = JavaChainLoopSide.drain(q, 100, got)
      for (i in 0 until 50) q.put(i)
      sleep(0.0)
      java.cancel()
      q.put(50)
      shouldThrow<CancelledError> { java.await() }
      listOf(q.get())
    }
    got shouldContainExactly (0 until 50).toList()
    rest shouldContainExactly listOf(50)
  }

  test("Java repeat loops and Kotlin coroutines increment one counter under one lock: exact count") {
    val counter = longArrayOf(0)
    runVirtual {
      val lock = Lock()
      val java = (0 until 5).map { JavaChainLoopSide.locked(lock, counter, 100) }
      val kotlin = (0 until 5).map {
        createTask {
          repeat(100) {
            lock.withLock {
              val c = counter[0]
              sleep(0.0)
              counter[0] = c + 1
            }
          }
        }
      }
      (java + kotlin).forEach { it.await() }
      lock.locked() shouldBe false
    }
    counter[0] shouldBe 1000L
  }
})
