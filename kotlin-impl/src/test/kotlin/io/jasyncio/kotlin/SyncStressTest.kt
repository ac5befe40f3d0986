package io.jasyncio.kotlin

import io.jasyncio.Condition
import io.jasyncio.Event
import io.jasyncio.Lock
import io.jasyncio.Semaphore
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.future.await
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong

/**
 * Plain Java threads and several loops (Kotlin tasks and the Java face) share one primitive.
 * Invariants: holders <= permits, every permit comes back, no wake-up is lost. Scaled by
 * -Djasyncio.stress (1 = a few seconds on 2 cores).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SyncStressTest {
  private val scale = Integer.getInteger("jasyncio.stress", 1)

  /** Runs [loops] loops, each running [body] (given the loop index), and [threads] plain threads. */
  private fun shared(loops: Int, threads: Int, body: suspend (Int) -> Unit, thread: (Int) -> Unit) {
    val all = ArrayList<CompletableFuture<Unit>>()
    repeat(loops) { i -> all += CompletableFuture.supplyAsync({ asyncioRun { body(i) } }, newThread()) }
    repeat(threads) { i -> all += CompletableFuture.supplyAsync({ thread(i) }, newThread()) }
    CompletableFuture.allOf(*all.toTypedArray()).get(50, TimeUnit.SECONDS)
    for (f in all) f.join()
  }

  private fun newThread() = java.util.concurrent.Executor { r -> Thread(r).apply { isDaemon = true }.start() }

  private fun permitStress(permits: Int, sem: Semaphore?, lock: Lock?) {
    val holders = AtomicInteger()
    val maxSeen = AtomicInteger()
    val rounds = 300 * scale
    val timeouts = AtomicLong()
    fun enter() {
      val h = holders.incrementAndGet()
      maxSeen.accumulateAndGet(h, ::maxOf)
      check(h <= permits) { "$h holders for $permits permits" }
    }
    suspend fun acquireK() = if (sem != null) sem.acquire() else lock!!.acquire()
    fun acquireJ() = if (sem != null) sem.acquireAsync() else lock!!.acquireAsync()
    fun release() = if (sem != null) sem.release() else lock!!.release()
    shared(
      loops = 2,
      threads = 2,
      body = { _ ->
        val tasks = (1..3).map { k ->
          createTask {
            repeat(rounds) { r ->
              if (k == 3 && r % 7 == 0) {
                // Java face on the loop
                acquireJ().await()
              } else if (r % 5 == 0) {
                try {
                  withTimeout(1) { acquireK() }
                } catch (e: TimeoutCancellationException) {
                  timeouts.incrementAndGet()
                  return@repeat
                }
              } else {
                acquireK()
              }
              enter()
              if (r % 3 == 0) sleep(0.0)
              holders.decrementAndGet()
              release()
            }
          }
        }
        for (t in tasks) t.await()
      },
      thread = { _ ->
        repeat(rounds) { r ->
          val f = acquireJ()
          if (r % 11 == 0 && f.cancel(false)) return@repeat
          f.get(20, TimeUnit.SECONDS)
          enter()
          holders.decrementAndGet()
          release()
        }
      },
    )
    assertEquals(0, holders.get())
    assertTrue(maxSeen.get() in 1..permits)
    if (sem != null) {
      assertEquals(permits, sem.availablePermits())
      assertEquals(0, sem.statistics().waiting)
    } else {
      assertEquals(false, lock!!.locked())
      assertEquals(0, lock.statistics().waiting)
    }
  }

  @Test
  fun lock_sharedByThreadsAndLoops_neverTwoHolders() = permitStress(1, null, Lock.create())

  @Test
  fun semaphore_sharedByThreadsAndLoops_holdersAtMostPermits() = permitStress(3, Semaphore.bounded(3), null)

  @Test
  fun event_sharedByThreadsAndLoops_oneSetWakesEveryWaiter() {
    val rounds = 40 * scale
    val parties = 2 * 4 + 2
    repeat(rounds) {
      val ev = Event.create()
      val woken = AtomicInteger()
      shared(
        loops = 2,
        threads = 3,
        body = { _ ->
          val ts = (1..4).map { k ->
            createTask {
              if (k % 2 == 0) ev.wait() else ev.waitAsync().await()
              woken.incrementAndGet()
            }
          }
          for (t in ts) t.await()
        },
        thread = { i ->
          if (i < 2) {
            ev.waitAsync().get(20, TimeUnit.SECONDS)
            woken.incrementAndGet()
          } else {
            // one set, once every party waits: each of them must wake
            val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20)
            while (ev.statistics().waiting < parties) {
              check(System.nanoTime() < deadline) { "parties never all waited: $ev" }
              Thread.onSpinWait()
            }
            ev.set()
          }
        },
      )
      assertEquals(parties, woken.get())
    }
  }

  @Test
  fun condition_producersAndConsumers_noLostWakeups() {
    val cond = Condition.create()
    var available = 0 // guarded by cond's lock
    val items = 200 * scale
    val consumed = AtomicInteger()
    shared(
      loops = 2,
      threads = 2,
      body = { i ->
        if (i == 0) {
          // consumers
          val ts = (1..3).map {
            createTask {
              while (true) {
                val got = cond.withLock {
                  cond.waitFor { available > 0 || consumed.get() >= items }
                  if (available > 0) {
                    available--
                    true
                  } else {
                    false
                  }
                }
                if (!got) break
                if (consumed.incrementAndGet() >= items) cond.withLock { cond.notifyAll() }
              }
            }
          }
          for (t in ts) t.await()
        } else {
          // a Kotlin producer
          repeat(items / 2) {
            cond.withLock {
              available++
              cond.notify()
            }
            if (it % 4 == 0) sleep(0.0)
          }
        }
      },
      thread = { i ->
        if (i == 0) {
          // a Java producer
          repeat(items / 2) {
            cond.acquireAsync().get(20, TimeUnit.SECONDS)
            try {
              available++
              cond.notifyOne()
            } finally {
              cond.release()
            }
          }
        } else {
          // a Java consumer through waitForAsync, stopping when everything was consumed
          while (consumed.get() < items) {
            cond.acquireAsync().get(20, TimeUnit.SECONDS)
            var took = false
            try {
              if (available > 0) {
                available--
                took = true
              }
            } finally {
              cond.release()
            }
            if (took && consumed.incrementAndGet() >= items) {
              cond.acquireAsync().get(20, TimeUnit.SECONDS)
              cond.notifyAllWaiters()
              cond.release()
            }
            if (!took) Thread.onSpinWait()
          }
        }
      },
    )
    assertEquals(items, consumed.get())
    assertEquals(0, available)
    assertEquals(false, cond.locked())
  }
}
