package io.jasyncio.interop

import io.jasyncio.Asyncio
import io.jasyncio.Condition
import io.jasyncio.Event
import io.jasyncio.Lock
import io.jasyncio.Semaphore
import io.jasyncio.kotlin.acquire
import io.jasyncio.kotlin.await
import kotlinx.coroutines.future.await
import io.jasyncio.kotlin.createTask
import io.jasyncio.kotlin.notifyAll
import io.jasyncio.kotlin.sleep
import io.jasyncio.kotlin.wait
import io.jasyncio.kotlin.waitFor
import io.jasyncio.kotlin.withLock
import io.jasyncio.kotlin.withPermit
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Test
import java.util.concurrent.CompletableFuture

/** Java and Kotlin code sharing one primitive, on one loop. */
class SharedSyncInteropTest {
  @Test
  fun javaAndKotlinWaitersShareOneFifoLock() {
    val order = runVirtual {
      val lock = Lock.create()
      val order = mutableListOf<String>()
      lock.acquire()
      val k1 = createTask { lock.withLock { order += "kotlin 1" } }
      sleep(0.0)
      val j = Asyncio.createTask {
        lock.withLockAsync {
          order += "java"
          CompletableFuture.completedFuture(null)
        }
      }
      sleep(0.0)
      val k2 = createTask { lock.withLock { order += "kotlin 2" } }
      sleep(0.0)
      lock.release()
      k1.await()
      j.await()
      k2.await()
      assertFalse(lock.locked())
      order
    }
    assertEquals(listOf("kotlin 1", "java", "kotlin 2"), order)
  }

  @Test
  fun aJavaSetWakesKotlinWaitersAndAJavaNotifyWakesAKotlinWaiter() {
    runVirtual {
      val ev = Event.create()
      val cond = Condition.create()
      val waiting = createTask { ev.wait(); "event" }
      val condWaiter = createTask { cond.withLock { cond.wait(); "condition" } }
      sleep(0.0)
      // the Java face, as Java code would call it
      ev.set()
      cond.acquireAsync().thenRun {
        cond.notifyAllWaiters()
        cond.release()
      }.await()
      assertEquals("event", waiting.await())
      assertEquals("condition", condWaiter.await())
    }
  }

  @Test
  fun kotlinNotifyAllAndJavaWaitForAsync() {
    runVirtual {
      val cond = Condition.create()
      var ready = false
      val j = cond.withLockAsync { cond.waitForAsync { ready } }
      sleep(0.0)
      cond.withLock {
        ready = true
        cond.notifyAll()
      }
      assertEquals(true, j.await())
      assertFalse(cond.locked())
    }
  }

  @Test
  fun javaAndKotlinWaitersOfOneEventBothGetTrue() {
    val seen = runVirtual {
      val ev = Event.create()
      val javaTask = JavaSide.eventWaiter(ev)
      val kotlinTask = createTask { ev.wait() }
      sleep(0.0)
      ev.set()
      listOf(javaTask.await(), kotlinTask.await(), ev.waitAsync().await(), ev.wait())
    }
    assertEquals(listOf(true, true, true, true), seen)
  }

  @Test
  fun javaAndKotlinWaitersOfOneConditionGetThePredicatesValueAndTrue() {
    val seen = runVirtual {
      val cond = Condition.create()
      val items = java.util.ArrayDeque<String>()
      val javaTaker = JavaSide.conditionTaker(cond, items)
      val javaWaiter = JavaSide.conditionWaiter(cond)
      val kotlinTaker = createTask { cond.withLock { cond.waitFor { items.peekFirst() } } }
      val kotlinWaiter = createTask { cond.withLock { cond.wait() } }
      while (cond.conditionStatistics().waiting != 4) sleep(0.0)
      cond.withLock { cond.notifyAll() } // the takers find nothing and wait again
      while (cond.conditionStatistics().waiting != 2) sleep(0.0)
      cond.withLock {
        items.add("x")
        cond.notifyAll()
      }
      listOf(javaTaker.await(), kotlinTaker.await(), javaWaiter.await(), kotlinWaiter.await())
    }
    assertEquals(listOf("x", "x", true, true), seen)
  }

  @Test
  fun javaAndKotlinShareSemaphorePermits() {
    runVirtual {
      val sem = Semaphore.bounded(1)
      var holders = 0
      var max = 0
      val ks = (1..3).map {
        createTask { sem.withPermit { max = maxOf(max, ++holders); sleep(0.0); holders-- } }
      }
      val js = (1..3).map {
        sem.withPermitAsync<Void> {
          max = maxOf(max, ++holders)
          Asyncio.sleep(0.0).thenRun { holders-- }
        }
      }
      for (t in ks) t.await()
      for (f in js) f.await()
      assertEquals(1, max)
      assertEquals(1, sem.availablePermits())
    }
  }
}
