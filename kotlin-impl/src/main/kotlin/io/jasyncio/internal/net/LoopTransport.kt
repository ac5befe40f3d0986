package io.jasyncio.internal.net

import io.jasyncio.ExceptionContext
import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.internal.loop.IoSource
import java.io.IOException
import java.nio.channels.SelectionKey

/**
 * What the selector transports ([SocketTransport], [DatagramTransportImpl]) share: they are bound
 * to [loop] (every public method calls [checkThread]), keep the interest ops they want in
 * [interest] (the key is touched only when that changes), and get a readiness event as
 * [readReady]/[writeReady] only for the ops they still ask for: an event for an op dropped since
 * the select (a paused reader, a drained writer) is stale and ignored. They close as asyncio's
 * selector transports do: [close] stops reading and waits for the write buffer to drain, [abort]
 * and [fatalError] drop it; either way `connectionLost` is called once, in a later step. Loop
 * thread.
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

  // ---- closing -------------------------------------------------------------------------------

  /** close() or a fatal error was seen: no more reads, writes fail. */
  protected var closing = false

  /** Non-zero once connection_lost is scheduled (asyncio `_conn_lost`). */
  protected var connLost = 0

  /** Whether bytes or datagrams wait in the write buffer (close waits for them). */
  protected abstract fun hasBufferedWrites(): Boolean

  /** Drops the write buffer (abort, fatal error); [exc] is the error, or null for abort. */
  protected abstract fun dropBufferedWrites(exc: Throwable?)

  /** Calls the protocol's connectionLost once and releases the channel. Loop thread. */
  protected abstract fun callConnectionLost(exc: Throwable?)

  fun isClosing(): Boolean = closing

  fun close() {
    checkThread()
    if (closing) return
    closing = true
    setInterest(interest and SelectionKey.OP_READ.inv())
    if (!hasBufferedWrites()) {
      connLost++
      setInterest(0)
      loop.schedule { callConnectionLost(null) }
    }
  }

  fun abort() {
    checkThread()
    forceClose(null)
  }

  /** asyncio's `_fatal_error`: connection errors are expected (debug log); others go to the handler. */
  internal fun fatalError(e: Throwable, message: String) {
    if (e !is IOException) {
      loop.callExceptionHandler(ExceptionContext(message, e, null, null))
    } else if (EventLoopImpl.LOG.isLoggable(System.Logger.Level.DEBUG)) {
      EventLoopImpl.LOG.log(System.Logger.Level.DEBUG, "$message: $this", e)
    }
    forceClose(e)
  }

  protected fun forceClose(exc: Throwable?) {
    if (connLost != 0) return
    dropBufferedWrites(exc)
    closing = true
    setInterest(0)
    connLost++
    loop.schedule { callConnectionLost(exc) }
  }
}
