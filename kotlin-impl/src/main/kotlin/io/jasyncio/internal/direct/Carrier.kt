package io.jasyncio.internal.direct

import java.lang.reflect.Constructor
import java.lang.reflect.Field
import java.util.concurrent.ConcurrentHashMap
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
 * loop, so [execute] tells its bodies apart (it knows each body's continuation task) and passes
 * every other continuation to the JDK's default scheduler.
 *
 * The JDK offers a virtual-thread scheduler only through `ThreadBuilders.VirtualThreadBuilder`'s
 * non-public constructor (JDK 21-25), reached reflectively; without the `--add-opens` (or on a
 * JDK that lacks it) [available] is false and bodies run on the default virtual-thread scheduler.
 */
internal class Carrier private constructor(builderCtor: Constructor<*>) : Executor {
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

  /** Makes the bodies' virtual threads, scheduled by this carrier. */
  private val factory: ThreadFactory = newFactory(builderCtor, this)

  /** The continuation tasks of the live bodies this carrier carries (the JDK's `runContinuation`). */
  private val bodies = ConcurrentHashMap<Runnable, Boolean>()

  /** A new, unstarted virtual thread for a body, carried by this carrier. */
  fun newBody(r: Runnable): Thread {
    val t = factory.newThread(r)
    bodies[runContinuationOf(t)] = true
    return t
  }

  /** The body on [t] returned: from now on its thread only ends (nothing schedules it again). */
  fun bodyEnded(t: Thread) {
    bodies.remove(runContinuationOf(t))
  }

  /**
   * The JDK schedules a continuation of a thread with this scheduler: a body's (start, unpark,
   * yield, a timed park's end) or a thread a body created.
   */
  override fun execute(r: Runnable) {
    if (r === expected && Thread.currentThread() === driver) {
      expected = null // the hand-off in progress (the common case: no map lookup)
      local.addLast(r)
      return
    }
    if (!bodies.containsKey(r)) {
      defaultScheduler.execute(r) // not a body: it runs as any virtual thread, beside the loop
      return
    }
    val t = Thread.currentThread()
    if (t === driver || (DirectTask.CURRENT.get() as DirectTask<*>?)?.carrier === this) {
      local.addLast(r)
      return
    }
    queue.offer(r)
    if (driverParked) driver?.let { LockSupport.unpark(it) }
  }

  /** The continuation task of the body that the driver is handing the baton to now; driver only. */
  private var expected: Runnable? = null

  /** The JDK's continuation task for a body's thread [t] (what [execute] receives for it). */
  fun continuationOf(t: Thread): Runnable = runContinuationOf(t)

  /**
   * Called by a platform thread about to hand the baton to a carried body and [drive] it;
   * [cont] is the body's [continuationOf] (null when not known).
   */
  fun willDrive(me: Thread, cont: Runnable?) {
    driver = me
    expected = cont
  }

  /**
   * On a platform thread: runs carried continuations until [task] gives the baton back. Other
   * bodies' continuations met on the way (a spurious wake-up) run too: they find it is not their
   * turn and park again.
   */
  fun drive(task: DirectTask<*>) {
    val me = Thread.currentThread()
    driver = me
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
      willDrive(Thread.currentThread(), null)
      drive(task)
    }
  }

  companion object {
    /** Platform daemon threads for [driveFromVirtual]. */
    private val DRIVERS = ThreadFactory { r -> Thread(r, "jasyncio-direct-driver").also { it.isDaemon = true } }

    /** `java.lang.ThreadBuilders$VirtualThreadBuilder(Executor)`, if usable here. */
    private val builderCtor: Constructor<*>? = lookup()

    /** `VirtualThread.runContinuation`: the task the JDK hands a scheduler for that thread. */
    private lateinit var runContinuation: Field

    /** `VirtualThread.DEFAULT_SCHEDULER`, where the threads a body creates run. */
    private lateinit var defaultScheduler: Executor

    /** Whether loops carry their direct bodies on their own thread (see the class comment). */
    @JvmField
    val available: Boolean = builderCtor != null

    private fun runContinuationOf(t: Thread): Runnable = runContinuation.get(t) as Runnable

    private fun lookup(): Constructor<*>? {
      val mode = System.getProperty("jasyncio.direct.carrier", "auto")
      if (mode == "off" || !DirectThreads.virtual) return null
      if (mode != "on" && Runtime.version().feature() < 24) return null
      return try {
        val c = Class.forName("java.lang.ThreadBuilders\$VirtualThreadBuilder").getDeclaredConstructor(Executor::class.java)
        c.isAccessible = true // throws InaccessibleObjectException without --add-opens java.base/java.lang
        val vt = Class.forName("java.lang.VirtualThread")
        val rc = vt.getDeclaredField("runContinuation").also { it.isAccessible = true }
        val ds = vt.getDeclaredField("DEFAULT_SCHEDULER").also { it.isAccessible = true }
        // one trial thread, so that a JDK that changed these internals fails here, not later
        val trial = newFactory(c, Executor { }).newThread { }
        rc.get(trial) as Runnable
        defaultScheduler = ds.get(null) as Executor
        runContinuation = rc
        c
      } catch (e: Exception) {
        if (mode == "on") throw IllegalStateException("jasyncio.direct.carrier=on needs JDK 21+ and --add-opens java.base/java.lang=ALL-UNNAMED", e)
        null
      }
    }

    private fun newFactory(c: Constructor<*>, scheduler: Executor): ThreadFactory {
      val builderClass = Class.forName("java.lang.Thread\$Builder")
      var b = c.newInstance(scheduler)
      // one name for all (a numbered name costs a string per body; the task's name says which)
      b = builderClass.getMethod("name", String::class.java).invoke(b, "jasyncio-direct")
      return builderClass.getMethod("factory").invoke(b) as ThreadFactory
    }

    /** A carrier for a loop, or null when the mode is off or unavailable. */
    fun create(): Carrier? = builderCtor?.let { Carrier(it) }
  }
}
