package io.jasyncio.internal.process

import io.jasyncio.internal.loop.EventLoopImpl

/**
 * The children of one loop that have not finished yet (exit seen and every pipe closed), so that
 * closing the loop can report them, stop their pumps and kill them (asyncio warns with a
 * ResourceWarning and kills the child when its transport is collected). Loop-confined.
 */
internal class LoopProcesses {
  private val live = LinkedHashSet<SubprocessTransportImpl>()

  /** Children started by a starter thread and not yet wired on the loop (any thread). */
  @JvmField val pending: MutableSet<Process> = java.util.concurrent.ConcurrentHashMap.newKeySet()

  fun add(t: SubprocessTransportImpl) {
    live.add(t)
  }

  fun remove(t: SubprocessTransportImpl) {
    live.remove(t)
  }

  fun size(): Int = live.size

  internal companion object {
    fun of(loop: EventLoopImpl): LoopProcesses = loop.processes ?: synchronized(loop) {
      loop.processes ?: LoopProcesses().also { loop.processes = it }
    }

    /** Called by EventLoopImpl.close(). */
    fun onLoopClose(loop: EventLoopImpl) {
      val lp = loop.processes ?: return
      val all = ArrayList(lp.live)
      lp.live.clear()
      for (t in all) t.loopClosing()
      for (p in ArrayList(lp.pending)) {
        if (!lp.pending.remove(p)) continue
        if (p.isAlive) {
          loop.callExceptionHandler(
            io.jasyncio.ExceptionContext("Event loop closed while a child process was starting; it was killed: pid ${p.pid()}", null, null, null),
          )
          p.destroyForcibly()
        }
      }
    }
  }
}
