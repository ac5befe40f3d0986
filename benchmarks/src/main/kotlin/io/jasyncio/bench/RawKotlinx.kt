package io.jasyncio.bench

import java.util.concurrent.Executors
import java.util.concurrent.atomic.AtomicLong
import java.util.concurrent.atomic.AtomicReference
import kotlin.coroutines.ContinuationInterceptor
import kotlin.coroutines.EmptyCoroutineContext
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.Semaphore
import kotlinx.coroutines.sync.withLock
import kotlinx.coroutines.sync.withPermit
import kotlinx.coroutines.yield

/**
 * The workloads in raw kotlinx.coroutines, without jasyncio: the baseline the targets are
 * measured against.
 *
 * - [RB]: `runBlocking { }`, kotlinx's own event loop on the calling thread.
 * - [ST]: `runBlocking(dispatcher)` on `Executors.newSingleThreadExecutor()`: one loop thread.
 */
object RawKotlinx {
  const val RB: String = "rb"
  const val ST: String = "st"

  /** The workloads of one variant ([RB] or [ST]). */
  @JvmStatic
  fun workloads(variant: String): Map<String, Bench> {
    require(variant == RB || variant == ST) { "unknown variant $variant" }
    return linkedMapOf(
      Registry.SPAWN to Bench { on(variant) { spawn() } },
      Registry.SLEEPERS to Bench { on(variant) { sleepers() } },
      Registry.QUEUE_PINGPONG to Bench { on(variant) { queuePingpong() } },
      Registry.QUEUE_FAN to Bench { on(variant) { queueFan() } },
      Registry.LOCK to Bench { on(variant) { lock() } },
      Registry.SEMAPHORE to Bench { on(variant) { semaphore() } },
      Registry.EVENT to Bench { on(variant) { event() } },
      Registry.CALL_SOON to Bench { on(variant) { callSoon() } },
      // kotlinx's own W8 already goes through dispatch: the same run, under the extra's name
      Registry.CALL_SOON_DISPATCH to Bench { on(variant) { callSoon() } },
    )
  }

  /** Runs [block] as the main coroutine of the variant's loop. */
  private fun <T> on(variant: String, block: suspend CoroutineScope.() -> T): T =
    if (variant == RB) {
      runBlocking(block = block)
    } else {
      Executors.newSingleThreadExecutor { r -> Thread(r, "kx-loop") }
        .asCoroutineDispatcher()
        .use { runBlocking(it, block) }
    }

  /** W1: `async { }` in batches, each batch summed after `awaitAll()`. */
  private suspend fun CoroutineScope.spawn(
    n: Int = Registry.SPAWN_N,
    batch: Int = Registry.SPAWN_BATCH,
  ): Result {
    val t0 = System.nanoTime()
    var total = 0L
    var base = 0
    while (base < n) {
      val b = base
      total += List(batch) { i -> async { (b + i).toLong() } }.awaitAll().sum()
      base += batch
    }
    val dt = Result.secondsSince(t0)
    Result.checkSum(total, n)
    return Result.of("n=$n,batch=$batch", n.toLong(), dt)
  }

  /** W2: `launch { delay(d) }` n times, then `joinAll()` (the reference kit's shape). */
  private suspend fun CoroutineScope.sleepers(n: Int = Registry.SLEEPERS_N): Result {
    val delays = Registry.lcgDelaysMs(n)
    val ideal = Registry.idealSeconds(delays)
    val t0 = System.nanoTime()
    val jobs = List(n) { i -> launch { delay(delays[i].toLong()) } }
    val spawn = Result.secondsSince(t0)
    jobs.joinAll()
    val dt = Result.secondsSince(t0)
    return Result.of("n=$n", n.toLong(), dt)
      .with("ideal_s", "%.3f".format(ideal))
      .with("overhead_s", "%.4f".format(dt - ideal))
      .with("spawn_s", "%.4f".format(spawn))
  }

  /**
   * W8: `dispatch` on the loop's own dispatcher n times; the last callback completes a
   * deferred.
   */
  private suspend fun callSoon(n: Int = Registry.CALL_SOON_N): Result {
    val dispatcher = currentCoroutineContext()[ContinuationInterceptor] as CoroutineDispatcher
    val done = CompletableDeferred<Unit>()
    var count = 0
    val cb = Runnable { if (++count == n) done.complete(Unit) }
    val t0 = System.nanoTime()
    for (i in 0 until n) dispatcher.dispatch(EmptyCoroutineContext, cb)
    done.await()
    val dt = Result.secondsSince(t0)
    Result.checkCount(count.toLong(), n.toLong())
    return Result.of("n=$n", n.toLong(), dt).with("via", "dispatcher.dispatch")
  }

  /** W3: `Channel(maxsize)`, a producer coroutine sends, the main coroutine receives and sums. */
  private suspend fun CoroutineScope.queuePingpong(
    n: Int = Registry.QUEUE_PINGPONG_N,
    cap: Int = Registry.QUEUE_PINGPONG_MAXSIZE,
  ): Result {
    val ch = Channel<Int>(cap)
    val t0 = System.nanoTime()
    val producer = launch { for (i in 0 until n) ch.send(i) }
    var total = 0L
    repeat(n) { total += ch.receive() }
    producer.join()
    val dt = Result.secondsSince(t0)
    Result.checkSum(total, n)
    return Result.of("n=$n,maxsize=$cap", n.toLong(), dt)
  }

  /** W4: `Channel(maxsize)` and a counter plus a deferred for taskDone/join (../shared/bench). */
  private suspend fun CoroutineScope.queueFan(
    n: Int = Registry.QUEUE_FAN_N,
    tasks: Int = Registry.QUEUE_FAN_TASKS,
    cap: Int = Registry.QUEUE_FAN_MAXSIZE,
  ): Result {
    val ch = Channel<Int>(cap)
    val per = n / tasks
    val unfinished = AtomicLong()
    val joinWaiter = AtomicReference<CompletableDeferred<Unit>?>()
    val processed = AtomicLong()
    val t0 = System.nanoTime()
    val cs = List(tasks) {
      launch {
        while (true) {
          ch.receive()
          processed.incrementAndGet()
          if (unfinished.decrementAndGet() == 0L) joinWaiter.get()?.complete(Unit)
        }
      }
    }
    val ps = List(tasks) { launch { repeat(per) { i -> unfinished.incrementAndGet(); ch.send(i) } } }
    ps.joinAll()
    if (unfinished.get() != 0L) {
      val w = CompletableDeferred<Unit>()
      joinWaiter.set(w)
      if (unfinished.get() == 0L) w.complete(Unit)
      w.await()
    }
    val dt = Result.secondsSince(t0)
    cs.forEach { it.cancel() }
    cs.joinAll()
    Result.checkCount(processed.get(), per.toLong() * tasks)
    return Result.of("n=$n,p=$tasks,c=$tasks,maxsize=$cap", n.toLong(), dt)
  }

  /** W5: `Mutex.withLock` in every coroutine; `yield()` inside every 10th time. */
  private suspend fun lock(tasks: Int = Registry.LOCK_TASKS, iters: Int = Registry.LOCK_ITERS): Result =
    coroutineScope {
      val mutex = Mutex()
      var counter = 0L
      val t0 = System.nanoTime()
      List(tasks) {
        launch {
          for (j in 0 until iters) {
            mutex.withLock {
              counter++
              if (j % 10 == 0) yield()
            }
          }
        }
      }.joinAll()
      val dt = Result.secondsSince(t0)
      val n = tasks.toLong() * iters
      Result.checkCount(counter, n)
      Result.of("tasks=$tasks,iters=$iters", n, dt)
    }

  /** W6: `Semaphore.withPermit { delay(1) }` in every coroutine. */
  private suspend fun semaphore(tasks: Int = Registry.SEM_TASKS, permits: Int = Registry.SEM_PERMITS): Result =
    coroutineScope {
      val sem = Semaphore(permits)
      val t0 = System.nanoTime()
      List(tasks) { launch { sem.withPermit { delay(1) } } }.joinAll()
      val dt = Result.secondsSince(t0)
      val ideal = tasks / permits * 0.001
      Result.of("tasks=$tasks,permits=$permits", tasks.toLong(), dt)
        .with("ideal_s", "%.3f".format(ideal))
        .with("overhead_s", "%.4f".format(dt - ideal))
    }

  /** W7: every coroutine awaits one CompletableDeferred; timed from complete() until all finished. */
  private suspend fun event(n: Int = Registry.EVENT_N): Result = coroutineScope {
    val ev = CompletableDeferred<Unit>()
    var started = 0
    var done = 0
    val tSetup = System.nanoTime()
    val jobs = List(n) { launch { started++; ev.await(); done++ } }
    while (started < n) yield()
    val t0 = System.nanoTime()
    ev.complete(Unit)
    jobs.joinAll()
    val dt = Result.secondsSince(t0)
    Result.checkCount(done.toLong(), n.toLong())
    Result.of("n=$n", n.toLong(), dt).with("setup_s", "%.4f".format((t0 - tSetup) / 1e9))
  }
}
