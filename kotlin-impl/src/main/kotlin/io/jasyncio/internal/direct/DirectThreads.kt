package io.jasyncio.internal.direct

import java.util.concurrent.ThreadFactory
import java.util.concurrent.atomic.AtomicLong

/**
 * Where direct bodies run: a virtual thread on JDK 21+, a platform thread on JDK 17.
 *
 * The virtual-thread factory is looked up reflectively (`Thread.ofVirtual().name(..).factory()`),
 * so the bytecode stays Java 17 and one artifact serves both. `-Djasyncio.direct.threads=platform`
 * forces platform threads on any JDK (to compare them); `virtual` fails fast where the JDK has none.
 *
 * A platform thread costs what a thread costs: about 60-100 µs to create and start, a 1 MiB stack
 * reserved (a few tens of KiB committed for a shallow body), and a kernel thread for as long as
 * the task lives; so on JDK 17 a program holds thousands of live direct tasks, not millions.
 */
internal object DirectThreads {
  private val n = AtomicLong()

  /** The JDK's virtual thread factory, or null (JDK 17, or forced off). */
  private val virtualFactory: ThreadFactory? = lookup()

  /** True if direct bodies run on virtual threads. */
  @JvmField
  val virtual: Boolean = virtualFactory != null

  private fun lookup(): ThreadFactory? {
    val mode = System.getProperty("jasyncio.direct.threads", "auto")
    if (mode == "platform") return null
    return try {
      val builderClass = Class.forName("java.lang.Thread\$Builder")
      var b = Thread::class.java.getMethod("ofVirtual").invoke(null)
      b = builderClass.getMethod("name", String::class.java, java.lang.Long.TYPE).invoke(b, "jasyncio-direct-", 0L)
      val f = builderClass.getMethod("factory").invoke(b) as ThreadFactory
      runOneToItsEnd(f)
      f
    } catch (e: ReflectiveOperationException) {
      if (mode == "virtual") throw IllegalStateException("jasyncio.direct.threads=virtual needs JDK 21+", e)
      null
    }
  }

  /**
   * Runs one virtual thread to its end, once, before any body: the end of a virtual thread loads
   * and links what the JDK's `VirtualThread.run` uses last (its end event). Otherwise, when the
   * first bodies all park before any of them ends (100,000 waiters on an Event), the JIT compiles
   * `VirtualThread.run` with a trap at that point and every one of those bodies takes a
   * deoptimisation as it ends (the first wake-up of W7 took 1-2 s instead of 0.05 s).
   */
  private fun runOneToItsEnd(factory: ThreadFactory) {
    // not a lambda: its code would live in this object, whose initialisation (now) it would wait for
    try {
      val t = factory.newThread(NoOp())
      t.start()
      joinUninterruptibly(t)
    } catch (e: Throwable) {
      // only a warm-up: direct bodies work without it (an OutOfMemoryError recurs where it matters)
    }
  }

  private class NoOp : Runnable {
    override fun run() {}
  }

  /** A new, unstarted thread for [r]; a platform one is a daemon (a forgotten loop never holds the JVM). */
  fun newThread(r: Runnable): Thread {
    virtualFactory?.let { return it.newThread(r) }
    val t = Thread(r, "jasyncio-direct-p${n.incrementAndGet()}")
    t.isDaemon = true
    return t
  }

  /**
   * Whether a loop whose main task is direct runs on a virtual thread (JDK 21+, and
   * `-Djasyncio.direct.loopThread` is not `caller`): a hand-off between two virtual threads is a
   * continuation switch on one carrier, one between a platform loop thread and a virtual body a
   * wake-up of another OS thread each way (DECISIONS, "Where a direct body runs").
   */
  private val loopOnVirtual: Boolean =
    virtual && System.getProperty("jasyncio.direct.loopThread", "virtual") != "caller"

  private val isVirtualMethod: java.lang.reflect.Method? =
    try {
      Thread::class.java.getMethod("isVirtual")
    } catch (e: NoSuchMethodException) {
      null
    }

  fun isVirtual(t: Thread): Boolean = isVirtualMethod?.invoke(t) == true

  /**
   * Runs [loopBody] (a loop's run until its direct main task is done) on a new virtual thread and
   * waits for it uninterruptibly, rethrowing what it threw; on the calling thread when that is
   * already virtual or virtual loops are off.
   */
  fun runLoop(loopBody: Runnable) {
    val factory = virtualFactory
    // a loop that carries its bodies itself (Carrier) is best on the caller's platform thread
    if (!loopOnVirtual || factory == null || Carrier.available || isVirtual(Thread.currentThread())) {
      loopBody.run()
      return
    }
    runAndJoin(factory, loopBody)
  }

  /**
   * Runs [body] on a new thread of [factory] and waits for it uninterruptibly (an interrupt is
   * kept for later), rethrowing what it threw.
   */
  fun runAndJoin(factory: ThreadFactory, body: Runnable) {
    var failure: Throwable? = null
    val t = factory.newThread {
      try {
        body.run()
      } catch (e: Throwable) {
        failure = e
      }
    }
    t.start()
    joinUninterruptibly(t)
    failure?.let { throw it }
  }

  /** Waits until [t] ended; an interrupt meanwhile is kept (the thread's status is set again). */
  fun joinUninterruptibly(t: Thread) {
    var interrupted = false
    while (t.isAlive) {
      try {
        t.join()
      } catch (e: InterruptedException) {
        interrupted = true
      }
    }
    if (interrupted) Thread.currentThread().interrupt()
  }
}
