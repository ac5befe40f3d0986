package io.jasyncio.internal.debug

import java.lang.ref.Cleaner
import java.util.concurrent.atomic.AtomicBoolean

/**
 * asyncio's `ResourceWarning: unclosed …` in debug mode: a loop, server or transport that is
 * garbage-collected without having been closed is logged once, with where it was created. The
 * watch holds no reference to the resource (a [Cleaner] runs the report after the resource was
 * collected), so watching never keeps anything alive.
 */
internal object ResourceLeaks {
  private val CLEANER: Cleaner = Cleaner.create()

  /** A watched resource; [closed] when the resource is closed (then nothing is reported). */
  class Watch internal constructor(private val state: State) {
    internal var cleanable: Cleaner.Cleanable? = null

    /** The resource was closed: nothing to report. Any thread, idempotent. */
    fun closed() {
      state.closed.set(true)
      cleanable?.clean()
    }
  }

  /**
   * Watches [resource]: if it is collected before [Watch.closed], logs "unclosed [kind]
   * [description] was garbage-collected" with the creation stack captured now. [description] is
   * computed now: the report cannot reach the resource.
   */
  fun watch(resource: Any, kind: String, description: String): Watch {
    val st = State(kind, description, CreationTraces.capture().asList())
    val w = Watch(st)
    w.cleanable = CLEANER.register(resource, st)
    return w
  }

  internal class State(val kind: String, val description: String, val trace: List<StackTraceElement>) : Runnable {
    val closed = AtomicBoolean()

    override fun run() {
      if (closed.compareAndSet(false, true)) {
        DebugDefaults.LOG.log(
          System.Logger.Level.WARNING,
          "unclosed $kind $description was garbage-collected" + CreationTraces.format(trace),
        )
      }
    }
  }
}
