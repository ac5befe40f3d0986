package io.jasyncio.internal.direct

import java.lang.invoke.MethodHandle
import java.lang.invoke.MethodHandles
import java.lang.invoke.MethodType
import java.lang.reflect.Method
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.Executor
import java.util.concurrent.ThreadFactory
import java.util.concurrent.locks.LockSupport

/**
 * The loop's own thread as the carrier of its direct bodies (JDK 24+, when `java.lang` is open to
 * jasyncio: `--add-opens java.base/java.lang=ALL-UNNAMED`).
 *
 * A body's virtual thread is created with this object as its scheduler, so its continuation is
 * never run by the JDK's ForkJoinPool: whenever the JDK would schedule it (start, unpark), the
 * continuation lands in [queue], and the platform thread that handed the baton over runs it
 * itself, in [drive], until the body gives the baton back. A hand-off is then a continuation
 * switch on one OS thread (about 0.15 µs a round trip here) instead of waking a ForkJoinPool
 * carrier on another core and waiting for it (about 1.3 µs).
 *
 * The lock-step rule is the same as in the default mode ([DirectTask]): only the baton holder
 * runs. A body that blocks the JDK way while holding the baton (`Thread.sleep`, a
 * `java.util.concurrent` lock) parks its virtual thread; the JDK wakes it through [execute] from
 * another thread, which unparks the driver. A body that blocks *pinned* (inside a native frame or
 * a class initialiser; inside `synchronized` before JDK 24) blocks the loop thread itself — the
 * loop waits for the baton anyway — but an `await` under such a pin would never give the baton
 * back, which is why the mode is only chosen by itself on JDK 24+ (JEP 491: `synchronized` no
 * longer pins) and `-Djasyncio.direct.carrier=off` turns it off.
 *
 * A virtual thread that a body creates inherits its creator's scheduler (the JDK's rule), so this
 * carrier also receives the continuations of threads it does not carry: a pipe pump, a user's
 * `Thread.ofVirtual().start(..)`. Those must run as any virtual thread does, concurrently with the
 * loop: each body has a scheduler of its own ([BodyScheduler]) that knows its body's continuation
 * task and passes every other one to the JDK's default scheduler.
 *
 * The JDK offers a virtual-thread scheduler only through non-public API
 * (`ThreadBuilders.newVirtualThread(scheduler, ..)`, JDK 21-25), reached reflectively; without the `--add-opens` (or on a
 * JDK that lacks it) [available] is false and bodies run on the default virtual-thread scheduler.
 */
internal class Carrier private constructor() {
  /** Continuations scheduled by other threads: any thread offers, only the driver polls. */
  private val queue = ConcurrentLinkedQueue<Runnable>()

  /**
   * Continuations scheduled by the driver itself or by a carried body (which only ever runs on the
   * driver, inside [drive]): confined to the driver's OS thread, so no synchronisation.
   */
  private val local = ArrayDeque<Runnable>()

  /** The platform thread in a [handOff][DirectTask]'s drive now (set before the body is scheduled), or null. */
  @Volatile
  private var driver: Thread? = null

  /** True while the driver is parked for want of a continuation (Dekker pair with [queue]). */
  @Volatile
  private var driverParked = false

  /**
   * Each body's virtual thread gets a scheduler of its own, which is also the thread's task (it
   * runs the body). The first continuation task it is handed is the body's own (its start, which
   * only [DirectTask]'s hand-off does); any other one belongs to a virtual thread the body
   * created, which inherited this scheduler (the JDK's rule), and goes to the JDK's default
   * scheduler, to run beside the loop as any virtual thread. It also tells a thread which body it
   * carries without a thread-local ([carriedBody]).
   */
  internal class BodyScheduler(private val carrier: Carrier, @JvmField val task: DirectTask<*>) : Executor, Runnable {
    @Volatile
    private var cont: Runnable? = null

    override fun execute(r: Runnable) {
      val c = cont
      when {
        c === r -> carrier.schedule(r)
        c == null -> {
          cont = r
          carrier.schedule(r)
        }
        else -> internals!!.defaultScheduler.execute(r)
      }
    }

    /** The body's virtual thread. */
    override fun run() {
      task.runBody()
    }
  }

  /** A new, unstarted virtual thread running [task]'s body, carried by this carrier. */
  fun newBody(task: DirectTask<*>): Thread {
    val s = BodyScheduler(this, task)
    return internals!!.newVirtualThread.invoke(null, s, NAME, 0, s) as Thread
  }

  /** A body's continuation, scheduled by the JDK (start, unpark, yield, a timed park's end). */
  private fun schedule(r: Runnable) {
    val t = Thread.currentThread()
    if (t === driver || carriedBody()?.carrier === this) {
      local.addLast(r) // on the driver's OS thread: the driver itself, or a body it carries now
      return
    }
    queue.offer(r)
    if (driverParked) driver?.let { LockSupport.unpark(it) }
  }

  /** Called by a platform thread about to hand the baton to a carried body and [drive] it. */
  fun willDrive(me: Thread) {
    driver = me
  }

  /**
   * On a platform thread that called [willDrive]: runs carried continuations until [task] gives
   * the baton back. Other bodies' continuations met on the way (a spurious wake-up) run too: they
   * find it is not their turn and park again.
   */
  fun drive(task: DirectTask<*>) {
    val me = Thread.currentThread()
    var interrupted = false
    while (!task.batonReturned()) {
      val r = local.removeFirstOrNull() ?: queue.poll()
      if (r != null) {
        r.run()
        continue
      }
      driverParked = true
      if (queue.isEmpty() && !task.batonReturned()) {
        LockSupport.park(this)
        if (Thread.interrupted()) interrupted = true
      }
      driverParked = false
    }
    driver = null
    if (interrupted) me.interrupt()
  }

  /** [drive] on a new platform thread while the caller (a virtual thread) waits for it. */
  fun driveFromVirtual(task: DirectTask<*>) {
    DirectThreads.runAndJoin(DRIVERS) {
      willDrive(Thread.currentThread())
      drive(task)
    }
  }

  companion object {
    /** Platform daemon threads for [driveFromVirtual]. */
    private val DRIVERS = ThreadFactory { r -> Thread(r, "jasyncio-direct-driver").also { it.isDaemon = true } }

    private const val NAME = "jasyncio-direct"

    /** The JDK internals the mode uses; all there when [available]. */
    private class Internals(
      /** `ThreadBuilders.newVirtualThread(Executor, String, int, Runnable)`. */
      val newVirtualThread: Method,
      /** `VirtualThread.DEFAULT_SCHEDULER`, where the threads a body creates run. */
      val defaultScheduler: Executor,
      /** `java.lang.VirtualThread`. */
      val virtualThreadClass: Class<*>,
      /** The getter of `VirtualThread.scheduler`, `(Thread) -> Executor`. */
      val schedulerOf: MethodHandle,
    )

    /**
     * True when bodies are not carried only because `java.lang` is not open to jasyncio (JDK 24+,
     * virtual threads, the mode not turned off). Debug mode says so ([Direct.carrierFor]).
     */
    @JvmField
    internal var notOpen: Boolean = false

    private val internals: Internals? = lookup()

    /** Whether loops carry their direct bodies on their own thread (see the class comment). */
    @JvmField
    val available: Boolean = internals != null

    // the two read on hot paths ([carriedBody]) as static finals, which the JIT folds into constants
    @JvmField
    internal val virtualThreadClass: Class<*>? = internals?.virtualThreadClass

    @JvmField
    internal val schedulerOf: MethodHandle? = internals?.schedulerOf

    /**
     * The carried body whose virtual thread the current thread is, or null (any other thread, and
     * always when the mode is not [available]). It reads the thread's scheduler (a [BodyScheduler]
     * names its task) instead of a thread-local: a thread-local set on a body's thread would cost
     * each body a map of its own (about 170 bytes, a sixth of a parked body) and its creation.
     */
    @JvmStatic
    fun carriedBody(): DirectTask<*>? {
      val t = Thread.currentThread()
      if (t.javaClass !== virtualThreadClass) return null // never equal when not available
      val s = schedulerOf!!.invokeExact(t) as Executor
      if (s !is BodyScheduler) return null
      val d = s.task
      return if (d.thread === t) d else null // a thread the body started inherits the scheduler
    }

    private fun lookup(): Internals? {
      val mode = System.getProperty("jasyncio.direct.carrier", "auto")
      if (mode == "off" || !DirectThreads.virtual) return null
      if (mode != "on" && Runtime.version().feature() < 24) return null
      return try {
        val m = Class.forName("java.lang.ThreadBuilders").getDeclaredMethod(
          "newVirtualThread", Executor::class.java, String::class.java, Integer.TYPE, Runnable::class.java,
        )
        m.isAccessible = true // throws InaccessibleObjectException without --add-opens java.base/java.lang
        val vt = Class.forName("java.lang.VirtualThread")
        val ds = vt.getDeclaredField("DEFAULT_SCHEDULER")
        ds.isAccessible = true
        val sf = vt.getDeclaredField("scheduler")
        sf.isAccessible = true
        val getter = MethodHandles.lookup().unreflectGetter(sf).asType(MethodType.methodType(Executor::class.java, Thread::class.java))
        // one trial thread, so that a JDK that changed these internals fails here, not later
        m.invoke(null, Executor { }, NAME, 0, Runnable { }) as Thread
        Internals(m, ds.get(null) as Executor, vt, getter)
      } catch (e: Exception) {
        if (mode == "on") throw IllegalStateException("jasyncio.direct.carrier=on needs JDK 21+ and --add-opens java.base/java.lang=ALL-UNNAMED", e)
        notOpen = e is java.lang.reflect.InaccessibleObjectException
        null
      }
    }

    /** A carrier for a loop, or null when the mode is off or unavailable. */
    fun create(): Carrier? = if (available) Carrier() else null
  }
}
