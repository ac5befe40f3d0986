package io.jasyncio.internal.net

import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.internal.loop.IoSource
import java.nio.channels.SelectionKey

/**
 * What the selector transports ([SocketTransport], [DatagramTransportImpl]) share: they are bound
 * to [loop] (every public method calls [checkThread]), keep the interest ops they want in
 * [interest] (the key is touched only when that changes), and get a readiness event as
 * [readReady]/[writeReady] only for the ops they still ask for: an event for an op dropped since
 * the select (a paused reader, a drained writer) is stale and ignored. Loop thread.
 */
internal abstract class LoopTransport(@JvmField val loop: EventLoopImpl) : IoSource() {
  /** The interest ops this transport asked for (OP_READ, OP_WRITE). */
  protected var interest: Int = 0
    private set

  protected fun checkThread() {
    if (!loop.owned()) {
      throw IllegalStateException(
        "a transport is bound to its event loop: call it on the loop thread (use loop.callSoonThreadsafe), not from ${Thread.currentThread().name}",
      )
    }
  }

  protected fun setInterest(ops: Int) {
    if (ops == interest) return
    interest = ops
    interest(ops)
  }

  final override fun onReady(ops: Int) {
    if (ops and SelectionKey.OP_READ != 0 && interest and SelectionKey.OP_READ != 0) readReady()
    if (ops and SelectionKey.OP_WRITE != 0 && interest and SelectionKey.OP_WRITE != 0) writeReady()
  }

  protected abstract fun readReady()

  protected abstract fun writeReady()
}
