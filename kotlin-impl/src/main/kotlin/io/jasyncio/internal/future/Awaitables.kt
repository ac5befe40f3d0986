package io.jasyncio.internal.future

import io.jasyncio.AsyncCallable
import io.jasyncio.EventLoop
import io.jasyncio.internal.EngineImpl
import io.jasyncio.internal.loop.EventLoopImpl
import java.util.Collections
import java.util.IdentityHashMap
import java.util.concurrent.CompletionStage

/**
 * Turning the arguments of gather/wait/waitFor/asCompleted/shield into futures of one loop, with
 * the bad-input rules of DESIGN §5: nulls name their parameter, foreign loops are rejected.
 */
internal object Awaitables {
  /** The loop to use: the running one, else that of the first loop future among [aws]. */
  fun loopFor(loop: EventLoop?, aws: Iterable<*>): EventLoopImpl {
    if (loop != null) return EngineImpl.impl(loop)
    for (a in aws) if (a is FutureImpl<*>) return a.loop
    throw IllegalStateException("no running event loop (and no jasyncio future among the arguments to take one from)")
  }

  /** Checks every element first, so that bad input creates no task. */
  fun check(loop: EventLoopImpl, aws: List<*>, what: String, callables: Boolean) {
    for (i in aws.indices) {
      val aw = aws[i]
      if (aw is FutureImpl<*> && aw.loop === loop) continue // the common case: no name built
      check(loop, aw, "$what[$i]", callables)
    }
  }

  fun check(loop: EventLoopImpl, aw: Any?, name: String, callables: Boolean) {
    when (aw) {
      null -> throw NullPointerException(name)
      is FutureImpl<*> -> if (aw.loop !== loop) {
        throw IllegalArgumentException("$name ($aw) is bound to a different event loop than the one it is awaited on ($loop)")
      }
      is CompletionStage<*> -> {}
      is AsyncCallable<*> -> if (!callables) {
        throw IllegalArgumentException("$name is an AsyncCallable: pass futures or tasks (createTask) here, as asyncio.wait does")
      }
      else -> throw IllegalArgumentException(
        "$name is not awaitable: ${aw.javaClass.name} (expected a CompletionStage or an AsyncCallable)",
      )
    }
  }

  /** A checked awaitable as a future of [loop]: itself, a mirror, or a new task. */
  @Suppress("UNCHECKED_CAST")
  fun <T> toFuture(loop: EventLoopImpl, aw: Any): FutureImpl<T> = when (aw) {
    is CompletionStage<*> -> loop.ensureFuture(aw as CompletionStage<T>)
    is AsyncCallable<*> -> loop.createTask(aw as AsyncCallable<T>) as FutureImpl<T>
    else -> throw IllegalArgumentException("not awaitable: $aw")
  }

  /** The same object passed twice maps to one future (asyncio dedups by identity). */
  fun <T> toFutures(loop: EventLoopImpl, aws: List<*>): Array<FutureImpl<T>> {
    val seen = IdentityHashMap<Any, FutureImpl<T>>(aws.size) // sized: no rehash per doubling
    return Array(aws.size) { i -> seen.getOrPut(aws[i]!!) { toFuture(loop, aws[i]!!) } }
  }

  /** The distinct elements of [futs], in first-seen order. */
  fun <F : Any> distinct(futs: Array<F>): List<F> {
    val set = Collections.newSetFromMap(IdentityHashMap<F, Boolean>(futs.size))
    val out = ArrayList<F>(futs.size)
    for (f in futs) if (set.add(f)) out.add(f)
    return out
  }
}
