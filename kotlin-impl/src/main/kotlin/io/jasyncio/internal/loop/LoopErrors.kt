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

  /** At close: reports every failure still unretrieved. */
  fun reportAllUnretrieved() {
    for (r in loop.unretrieved.toList()) {
      if (r.claim()) reportUnretrieved(r)
    }
  }
}
