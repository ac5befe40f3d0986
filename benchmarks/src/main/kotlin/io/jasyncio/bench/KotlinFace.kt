package io.jasyncio.bench

import io.jasyncio.QueueShutDown
import io.jasyncio.kotlin.Event
import io.jasyncio.kotlin.Lock
import io.jasyncio.kotlin.Queue
import io.jasyncio.kotlin.Semaphore
import io.jasyncio.kotlin.asyncioRun
import io.jasyncio.kotlin.await
import io.jasyncio.kotlin.createTask
import io.jasyncio.kotlin.dispatcher
import io.jasyncio.kotlin.gather
import io.jasyncio.kotlin.get
import io.jasyncio.kotlin.getRunningLoop
import io.jasyncio.kotlin.join
import io.jasyncio.kotlin.put
import io.jasyncio.kotlin.sleep
import io.jasyncio.kotlin.wait
import io.jasyncio.kotlin.withLock
import io.jasyncio.kotlin.withPermit
import kotlin.coroutines.EmptyCoroutineContext

/** The workloads through jasyncio's Kotlin face: `asyncioRun { }` and suspend functions. */
object KotlinFace {
  /** This implementation's workloads. */
  @JvmStatic
  fun workloads(): Map<String, Bench> = linkedMapOf(
    Registry.SPAWN to Bench { spawn() },
    Registry.SLEEPERS to Bench { sleepers() },
    Registry.QUEUE_PINGPONG to Bench { queuePingpong() },
    Registry.QUEUE_FAN to Bench { queueFan() },
    Registry.LOCK to Bench { lock() },
    Registry.SEMAPHORE to Bench { semaphore() },
    Registry.EVENT to Bench { event() },
    Registry.CALL_SOON to Bench { callSoon() },
    Registry.CALL_SOON_DISPATCH to Bench { callSoonDispatch() },
    Registry.TCP_ECHO to Bench { NetKotlin.echo(twoLoops = false) },
    Registry.TCP_ECHO_2L to Bench { NetKotlin.echo(twoLoops = true) },
    Registry.TCP_ECHO_TLS to Bench { NetJava.overTls { NetKotlin.echo(twoLoops = false) } }, // W9-TLS (issue 11)
    Registry.BULK to Bench { NetKotlin.bulk() },
    Registry.BULK_INTO to Bench { NetKotlin.bulk(into = true) },
    Registry.IDLE to Bench { NetKotlin.idle(Registry.IDLE_N) },
    Registry.UDP_PINGPONG to Bench { UdpKotlin.pingpong() }, // issue 11 (udp)
    Registry.PROC_SPAWN to Bench { ProcKotlin.spawn() },
    Registry.PROC_PIPE to Bench { ProcKotlin.pipe() },
  )

  /** W1: `createTask { }` in batches, each batch summed with `await()`. */
  fun spawn(n: Int = Registry.SPAWN_N, batch: Int = Registry.SPAWN_BATCH): Result = asyncioRun {
    val t0 = System.nanoTime()
    var total = 0L
    var base = 0
    while (base < n) {
      val b = base
      val tasks = List(batch) { i -> createTask { (b + i).toLong() } }
      total += tasks.sumOf { it.await() }
      base += batch
    }
    val dt = Result.secondsSince(t0)
    Result.checkSum(total, n)
    Result.of("n=$n,batch=$batch", n.toLong(), dt)
  }

  /** W2: n tasks `createTask { sleep(d) }`, then `gather(tasks)`. */
  fun sleepers(n: Int = Registry.SLEEPERS_N): Result {
    val delays = Registry.lcgDelaysMs(n)
    val ideal = Registry.idealSeconds(delays)
    return asyncioRun {
      val t0 = System.nanoTime()
      val tasks = List(n) { i -> val d = delays[i] / 1000.0; createTask { sleep(d) } }
      val spawn = Result.secondsSince(t0)
      val results = gather(tasks)
      val dt = Result.secondsSince(t0)
      Result.checkCount(results.size.toLong(), n.toLong())
      Result.of("n=$n", n.toLong(), dt)
        .with("ideal_s", "%.3f".format(ideal))
        .with("overhead_s", "%.4f".format(dt - ideal))
        .with("spawn_s", "%.4f".format(spawn))
    }
  }

  /** W8: `loop.callSoon(cb)` n times; the last callback completes a loop future we await. */
  fun callSoon(n: Int = Registry.CALL_SOON_N): Result = asyncioRun {
    val loop = getRunningLoop()
    val done = loop.createFuture<Unit>()
    var count = 0
    val cb = Runnable { if (++count == n) done.setResult(Unit) }
    val t0 = System.nanoTime()
    for (i in 0 until n) loop.callSoon(cb)
    done.await()
    val dt = Result.secondsSince(t0)
    Result.checkCount(count.toLong(), n.toLong())
    Result.of("n=$n", n.toLong(), dt).with("via", "callSoon")
  }

  /** W8 as kotlinx code would do it: `loop.dispatcher.dispatch`, no Handle per callback. */
  fun callSoonDispatch(n: Int = Registry.CALL_SOON_N): Result = asyncioRun {
    val loop = getRunningLoop()
    val dispatcher = loop.dispatcher
    val done = loop.createFuture<Unit>()
    var count = 0
    val cb = Runnable { if (++count == n) done.setResult(Unit) }
    val t0 = System.nanoTime()
    for (i in 0 until n) dispatcher.dispatch(EmptyCoroutineContext, cb)
    done.await()
    val dt = Result.secondsSince(t0)
    Result.checkCount(count.toLong(), n.toLong())
    Result.of("n=$n", n.toLong(), dt).with("via", "dispatcher.dispatch")
  }

  /** W3: a producer task puts, the main task gets and sums; `Queue(maxsize)`. */
  fun queuePingpong(n: Int = Registry.QUEUE_PINGPONG_N, maxsize: Int = Registry.QUEUE_PINGPONG_MAXSIZE): Result =
    asyncioRun {
      val q = Queue<Int>(maxsize)
      val t0 = System.nanoTime()
      val producer = createTask { for (i in 0 until n) q.put(i) }
      var total = 0L
      repeat(n) { total += q.get() }
      producer.await()
      val dt = Result.secondsSince(t0)
      Result.checkSum(total, n)
      Result.of("n=$n,maxsize=$maxsize", n.toLong(), dt)
    }

  /** W4: 8 producer tasks, 8 consumer tasks (get, count, taskDone), the main task joins. */
  fun queueFan(
    n: Int = Registry.QUEUE_FAN_N,
    tasks: Int = Registry.QUEUE_FAN_TASKS,
    maxsize: Int = Registry.QUEUE_FAN_MAXSIZE,
  ): Result = asyncioRun {
    val q = Queue<Int>(maxsize)
    val per = n / tasks
    var processed = 0L
    val t0 = System.nanoTime()
    val consumers = List(tasks) {
      createTask {
        try {
          while (true) {
            q.get()
            processed++
            q.taskDone()
          }
        } catch (e: QueueShutDown) {
          // done
        }
      }
    }
    val producers = List(tasks) { createTask { for (i in 0 until per) q.put(i) } }
    for (p in producers) p.await()
    q.join()
    val dt = Result.secondsSince(t0)
    q.shutdown()
    for (c in consumers) c.await()
    Result.checkCount(processed, per.toLong() * tasks)
    Result.of("n=$n,p=$tasks,c=$tasks,maxsize=$maxsize", n.toLong(), dt)
  }

  /** W5: `lock.withLock { }` in every task; `sleep(0.0)` inside every 10th time. */
  fun lock(tasks: Int = Registry.LOCK_TASKS, iters: Int = Registry.LOCK_ITERS): Result = asyncioRun {
    val lock = Lock()
    var counter = 0L
    val t0 = System.nanoTime()
    val ts = List(tasks) {
      createTask {
        for (j in 0 until iters) {
          lock.withLock {
            counter++
            if (j % 10 == 0) sleep(0.0)
          }
        }
      }
    }
    for (t in ts) t.await()
    val dt = Result.secondsSince(t0)
    val n = tasks.toLong() * iters
    Result.checkCount(counter, n)
    Result.of("tasks=$tasks,iters=$iters", n, dt)
  }

  /** W6: `sem.withPermit { sleep(0.001) }` in every task. */
  fun semaphore(tasks: Int = Registry.SEM_TASKS, permits: Int = Registry.SEM_PERMITS): Result = asyncioRun {
    val sem = Semaphore(permits)
    val t0 = System.nanoTime()
    val ts = List(tasks) { createTask { sem.withPermit { sleep(0.001) } } }
    for (t in ts) t.await()
    val dt = Result.secondsSince(t0)
    val ideal = tasks / permits * 0.001
    Result.of("tasks=$tasks,permits=$permits", tasks.toLong(), dt)
      .with("ideal_s", "%.3f".format(ideal))
      .with("overhead_s", "%.4f".format(dt - ideal))
  }

  /** W7: every task `ev.wait()`s; timed from `set()` until all finished. */
  fun event(n: Int = Registry.EVENT_N): Result = asyncioRun {
    val ev = Event()
    var started = 0
    var done = 0
    val tSetup = System.nanoTime()
    val ts = List(n) {
      createTask {
        started++
        ev.wait()
        done++
      }
    }
    while (started < n) sleep(0.0)
    val t0 = System.nanoTime()
    ev.set()
    for (t in ts) t.await()
    val dt = Result.secondsSince(t0)
    Result.checkCount(done.toLong(), n.toLong())
    Result.of("n=$n", n.toLong(), dt).with("setup_s", "%.4f".format((t0 - tSetup) / 1e9))
  }
}
