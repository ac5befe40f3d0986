package io.jasyncio.internal.signal

import io.jasyncio.Task
import io.jasyncio.internal.loop.EventLoopImpl
import sun.misc.Signal
import sun.misc.SignalHandler

/*
 * asyncio's add_signal_handler / remove_signal_handler on the JDK's sun.misc.Signal (module
 * jdk.unsupported): the only signal API the JDK has.
 *
 * A signal has one handler per process, so the table is JVM-wide: each entry remembers the loop
 * that installed it and the handler it replaced, which remove (or the loop's close) puts back.
 * The JVM delivers a signal on a short-lived "SIG... handler" thread; a loop's entry only posts
 * the callback to its loop (callSoonThreadsafe), so callbacks run on the loop thread, as in
 * asyncio. Runner's SIGINT entry acts on the signal thread itself: its second signal must work
 * even when the loop is stuck (that is the point of a second Ctrl-C).
 */
internal object Signals {
  /** Signals the JVM uses itself and that jasyncio never takes (QUIT: the thread dump). */
  private val RESERVED = setOf("QUIT")

  private class Entry(
    @JvmField val loop: EventLoopImpl,
    @JvmField val name: String,
    @JvmField @Volatile var callback: Runnable?,
    @JvmField val direct: ((Entry, Signal) -> Unit)?,
  ) : SignalHandler {
    @JvmField var signal: Signal? = null
    @JvmField var previous: SignalHandler? = null

    override fun handle(sig: Signal) {
      val d = direct
      if (d != null) {
        d(this, sig)
        return
      }
      val cb = callback ?: return
      try {
        loop.callSoonThreadsafe(cb)
      } catch (e: IllegalStateException) {
        // the loop closed meanwhile: nothing to run it on
      }
    }
  }

  private val table = HashMap<String, Entry>()

  fun add(loop: EventLoopImpl, sig: String?, callback: Runnable?) {
    java.util.Objects.requireNonNull(callback, "callback")
    install(loop, sig, callback, null)
  }

  @Synchronized
  private fun install(loop: EventLoopImpl, sig: String?, callback: Runnable?, direct: ((Entry, Signal) -> Unit)?): Entry {
    val name = SignalNames.normalize(sig)
    loop.checkClosed()
    if (name in RESERVED) {
      throw IllegalArgumentException("signal SIG$name is reserved by the JVM (thread dumps); it cannot be handled")
    }
    table[name]?.let { e ->
      if (e.loop === loop && direct == null && e.direct == null) {
        e.callback = callback
        return e
      }
      throw IllegalStateException("SIG$name is already handled by ${if (e.loop === loop) "this loop's runner" else "another event loop: ${e.loop}"}")
    }
    val s = try {
      Signal(name)
    } catch (e: IllegalArgumentException) {
      throw IllegalArgumentException("signal SIG$name is not known to this JVM: ${e.message}", e)
    }
    val entry = Entry(loop, name, callback, direct)
    entry.signal = s
    entry.previous = try {
      Signal.handle(s, entry)
    } catch (e: IllegalArgumentException) {
      throw IllegalArgumentException("signal SIG$name cannot be handled: the JVM refuses it (${e.message})", e)
    }
    table[name] = entry
    return entry
  }

  @Synchronized
  fun remove(loop: EventLoopImpl, sig: String?): Boolean {
    val name = SignalNames.normalize(sig)
    val e = table[name] ?: return false
    if (e.loop !== loop || e.direct != null) return false
    uninstall(e)
    return true
  }

  private fun uninstall(e: Entry) {
    table.remove(e.name)
    try {
      Signal.handle(e.signal!!, e.previous!!)
    } catch (ignored: IllegalArgumentException) {
      // cannot happen: the previous handler was accepted for this signal before
    }
  }

  /** Called by EventLoopImpl.close(): every handler of [loop] is removed. */
  @Synchronized
  fun onLoopClose(loop: EventLoopImpl) {
    for (e in table.values.filter { it.loop === loop }) uninstall(e)
  }

  @Synchronized
  fun handles(name: String): Boolean = table.containsKey(name)

  // ---- Runner: Ctrl-C cancels the main task (asyncio 3.11) ---------------------------------------

  /**
   * On the main thread, while [main] runs: the first SIGINT cancels [main] (on its loop thread), so
   * its finally blocks run; a second one goes to the handler that was there before (the JVM's
   * runs the shutdown hooks and exits with status 130, 128 + SIGINT). Not installed off the main
   * thread, or when a loop already handles SIGINT, or where the JDK has no signals.
   */
  fun interruptOnSigint(loop: EventLoopImpl, main: Task<*>): AutoCloseable {
    val t = Thread.currentThread()
    if (t.name != "main" || t.isDaemon) return NOTHING
    var count = 0
    val entry = try {
      synchronized(this) {
        if (table.containsKey("INT")) return NOTHING
        install(loop, "INT", null) { e, sig ->
          count++
          if (count == 1 && !main.done()) {
            try {
              loop.callSoonThreadsafe { main.cancel() }
            } catch (ignored: IllegalStateException) {
              // closed meanwhile
            }
          } else {
            passOn(e, sig)
          }
        }
      }
    } catch (e: RuntimeException) {
      return NOTHING // no signal support here (IllegalArgumentException, UnsupportedOperationException...)
    } catch (e: LinkageError) {
      return NOTHING
    }
    return AutoCloseable {
      synchronized(this) { if (table["INT"] === entry) uninstall(entry) }
    }
  }

  /** The second Ctrl-C: what would have happened without us. */
  private fun passOn(e: Entry, sig: Signal) {
    val prev = e.previous
    when {
      prev === SignalHandler.SIG_IGN -> {}
      prev === SignalHandler.SIG_DFL || prev == null -> {
        synchronized(this) { if (table[e.name] === e) uninstall(e) }
        Signal.raise(sig)
      }
      else -> prev.handle(sig)
    }
  }

  private val NOTHING = AutoCloseable {}
}
