package io.jasyncio.internal.loop

import io.jasyncio.ExceptionContext
import io.jasyncio.ExceptionHandler
import io.jasyncio.internal.debug.CreationTraces

/**
 * A loop's exception handling: asyncio's `set_exception_handler`, `default_exception_handler`
 * and `call_exception_handler`, and the failures nobody retrieved ([FailureReport]).
 *
 * Guarantees: a failing handler never stops the loop (its own failure and the original context
 * both go to the default handler, as asyncio does); the default handler logs through
 * `System.Logger` ("io.jasyncio"), so nothing depends on a logging library. Any thread may call.
 */
internal class LoopErrors(private val loop: EventLoopImpl) {
  @Volatile
  var handler: ExceptionHandler? = null
    private set

  fun setHandler(handler: ExceptionHandler?) {
    this.handler = handler
  }

  fun defaultHandler(context: ExceptionContext) {
    val sb = StringBuilder(context.message())
    context.future()?.let { sb.append("\nfuture: ").append(it) }
    context.handle()?.let { sb.append("\nhandle: ").append(it) }
    sb.append(CreationTraces.format(context.sourceTraceback()))
    EventLoopImpl.LOG.log(System.Logger.Level.ERROR, sb.toString(), context.exception())
  }

  fun call(context: ExceptionContext) {
    val h = handler
    if (h == null) {
      try {
        defaultHandler(context)
      } catch (ignored: Throwable) {
        // logging failed: nothing left to tell
      }
      return
    }
    try {
      h.handle(loop, context)
    } catch (e: Throwable) {
      try {
        defaultHandler(ExceptionContext("Unhandled error in exception handler", e, null, null))
        defaultHandler(context)
      } catch (ignored: Throwable) {
        // logging failed: nothing left to tell
      }
    }
  }

  /** Reports a failure nobody retrieved: on the loop thread if it still runs, else here. */
  fun reportUnretrieved(r: FailureReport) {
    loop.unretrieved.remove(r)
    val ctx = ExceptionContext(r.message, r.exception, null, null, r.trace)
    if (!loop.closed && loop.thread != null) {
      loop.post { call(ctx) }
    } else {
      call(ctx)
    }
  }

  // ---- prompt reports of unreachable failures -------------------------------------------------
  //
  // CPython reports "exception was never retrieved" when the failed task is freed, which its
  // reference counting does at once: a fire-and-forget task that dies is reported as it dies. A
  // JVM frees a future only when a collection runs, and an idle program may run none for minutes,
  // so the report waited for the loop to close (issue 14: a task killed by addReader went unseen
  // for 20 s). So, when a future failed unretrieved and the loop is about to block on the real
  // clock, it asks for one collection: what nobody references any more is reported through the
  // Cleaner right away (posted to the loop, which it wakes), and what code still holds is not
  // reported, exactly CPython's rule. At most one request per PROBE_INTERVAL_NANOS; a request
  // that must wait for it shortens the block instead. `-XX:+DisableExplicitGC` turns it off (the
  // report then comes at the next collection or at close); the virtual clock never blocks, so it
  // does not probe.

  /** A failure became unretrieved since the last collection request. Loop thread. */
  private var probePending = false
  private var probed = false
  private var lastProbe = 0L

  /** A future of this loop failed and nobody has its failure yet. Loop thread. */
  fun failureTracked() {
    probePending = true
  }

  /**
   * Before the loop blocks (real clock) for [timeoutNanos] (-1: no deadline): requests a
   * collection if a failure became unretrieved since the last one; returns how long to block.
   */
  fun beforeBlocking(timeoutNanos: Long): Long {
    if (!probePending) return timeoutNanos
    if (loop.unretrieved.isEmpty()) {
      probePending = false
      return timeoutNanos
    }
    val now = System.nanoTime()
    val wait = lastProbe + PROBE_INTERVAL_NANOS - now
    if (probed && wait > 0) return if (timeoutNanos < 0) wait else minOf(timeoutNanos, wait)
    probePending = false
    probed = true
    lastProbe = now
    System.gc()
    return timeoutNanos
  }

  /** At close: reports every failure still unretrieved. */
  fun reportAllUnretrieved() {
    for (r in loop.unretrieved.toList()) {
      if (r.claim()) reportUnretrieved(r)
    }
  }
}

private const val PROBE_INTERVAL_NANOS = 1_000_000_000L
