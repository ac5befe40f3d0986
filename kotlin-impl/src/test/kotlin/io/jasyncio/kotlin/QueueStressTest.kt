package io.jasyncio.kotlin

import io.jasyncio.QueueShutDown
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.CountDownLatch
import java.util.concurrent.ExecutionException
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import kotlin.random.Random
import io.jasyncio.Queue as JQueue

/**
 * Conservation under concurrency: producers and consumers on two jasyncio loops, on kotlinx's
 * Dispatchers.Default and on plain threads (Java face) share one bounded queue and cancel puts
 * and gets at random; the queue is shut down while they run. Every item offered is either
 * received exactly once (its put returned) or rejected (its put was cancelled or met the
 * shutdown), never both, never duplicated, never lost. Scaled by -Djasyncio.stress.
 */
class QueueStressTest : FunSpec({
  val scale = Integer.getInteger("jasyncio.stress", 1)

  fun conservation(make: () -> JQueue<Int>) {
    val q = make()
    val perProducer = 3000 * scale
    val sent = ConcurrentHashMap.newKeySet<Int>()
    val rejected = ConcurrentHashMap.newKeySet<Int>()
    val received = ConcurrentHashMap<Int, AtomicInteger>()
    val failures = ConcurrentHashMap.newKeySet<Throwable>()
    val producersLeft = CountDownLatch(4)
    val offeredCount = AtomicInteger()
    val halfway = CountDownLatch(1)

    fun accept(x: Int) {
      sent += x
      if (offeredCount.incrementAndGet() == perProducer * 2) halfway.countDown()
    }

    fun reject(x: Int) {
      rejected += x
      if (offeredCount.incrementAndGet() == perProducer * 2) halfway.countDown()
    }

    val consumersDone = CountDownLatch(4)

    fun record(x: Int) {
      received.computeIfAbsent(x) { AtomicInteger() }.incrementAndGet()
    }

    suspend fun kotlinProducer(id: Int, rnd: Random) = coroutineScope {
      try {
        for (i in 0 until perProducer) {
          val x = id * 1_000_000 + i
          val job = launch {
            try {
              q.put(x)
              accept(x)
            } catch (e: CancellationException) {
              reject(x)
              throw e
            } catch (e: QueueShutDown) {
              reject(x)
            }
          }
          if (rnd.nextInt(4) == 0) {
            repeat(rnd.nextInt(2)) { yield() }
            job.cancel()
          }
          job.join()
          if (q.statistics().shutdown) break
        }
      } finally {
        producersLeft.countDown()
      }
    }

    suspend fun kotlinConsumer(rnd: Random) = coroutineScope {
      try {
        while (true) {
          // the item is recorded inside the child: a job cancelled after its get returned would
          // discard its result (kotlinx), which is the caller's loss, not the queue's
          val d = async {
            val x = try {
              q.get()
            } catch (e: QueueShutDown) {
              return@async false
            }
            record(x)
            q.taskDone()
            true
          }
          if (rnd.nextInt(4) == 0) {
            repeat(rnd.nextInt(2)) { yield() }
            d.cancel()
          }
          val goOn = try {
            d.await()
          } catch (e: CancellationException) {
            true
          }
          if (!goOn) break
        }
      } finally {
        consumersDone.countDown()
      }
    }

    fun javaProducer(id: Int, rnd: Random) {
      try {
        for (i in 0 until perProducer) {
          val x = id * 1_000_000 + i
          val f = q.putAsync(x)
          if (rnd.nextInt(4) == 0 && f.cancel(false)) {
            reject(x)
            continue
          }
          try {
            f.get(20, TimeUnit.SECONDS)
            accept(x)
          } catch (e: ExecutionException) {
            if (e.cause !is QueueShutDown) throw e
            reject(x)
            break
          }
        }
      } finally {
        producersLeft.countDown()
      }
    }

    fun javaConsumer(rnd: Random) {
      try {
        while (true) {
          val f = q.getAsync()
          if (rnd.nextInt(4) == 0 && f.cancel(false)) continue
          val x = try {
            f.get(20, TimeUnit.SECONDS)
          } catch (e: ExecutionException) {
            if (e.cause is QueueShutDown) break
            throw e
          }
          record(x)
          q.taskDone()
        }
      } finally {
        consumersDone.countDown()
      }
    }

    fun thread(name: String, body: () -> Unit) = Thread({
      try {
        body()
      } catch (t: Throwable) {
        failures += t
      }
    }, name).also { it.start() }

    val threads = listOf(
      thread("loop-1") {
        asyncioRun {
          val p = createTask { kotlinProducer(1, Random(11)) }
          val c = createTask { kotlinConsumer(Random(12)) }
          p.await()
          c.await()
        }
      },
      thread("loop-2") {
        asyncioRun {
          val p = createTask { kotlinProducer(2, Random(21)) }
          val c = createTask { kotlinConsumer(Random(22)) }
          p.await()
          c.await()
        }
      },
      thread("default") {
        runBlocking(Dispatchers.Default) {
          launch { kotlinProducer(3, Random(31)) }
          launch { kotlinConsumer(Random(32)) }
        }
      },
      thread("plain-producer") { javaProducer(4, Random(41)) },
      thread("plain-consumer") { javaConsumer(Random(42)) },
    )
    // shut down while the producers still run, once half of the items were offered
    halfway.await(30L * scale, TimeUnit.SECONDS) shouldBe true
    q.shutdown()
    producersLeft.await(30, TimeUnit.SECONDS) shouldBe true
    consumersDone.await(30, TimeUnit.SECONDS) shouldBe true
    for (t in threads) t.join(30_000)

    failures.shouldBeEmpty()
    received.filterValues { it.get() != 1 }.keys.shouldBeEmpty() // no duplicates
    sent.intersect(rejected).shouldBeEmpty() // never both
    withClue("sent but not received: ${sent - received.keys}; received but not sent: ${received.keys - sent}; ${q.statistics()}") {
      received.keys shouldBe sent // never lost, nothing received that was not sent
    }
    q.statistics().unfinishedTasks shouldBe 0
    q.statistics().waitingGetters shouldBe 0
    sent.size shouldBeGreaterThan 0
    rejected.size shouldBeGreaterThan 0
  }

  test("FIFO queue: every item is received exactly once or rejected") {
    bounded(60L * scale) { conservation { Queue(4) } }
  }

  test("priority queue: every item is received exactly once or rejected") {
    bounded(60L * scale) { conservation { PriorityQueue(8) } }
  }

  test("LIFO queue: every item is received exactly once or rejected") {
    bounded(60L * scale) { conservation { LifoQueue(2) } }
  }
})
