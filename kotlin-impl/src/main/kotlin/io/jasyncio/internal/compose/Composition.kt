package io.jasyncio.internal.compose

import io.jasyncio.AsCompleted
import io.jasyncio.ReturnWhen
import io.jasyncio.WaitResult
import io.jasyncio.internal.future.Awaitables
import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.loop.EventLoopImpl
import java.util.concurrent.CompletionStage

/** The engine side of gather, wait, waitFor, asCompleted and shield, shared by both faces. */
internal object Composition {
  fun gather(loop: EventLoopImpl, aws: List<*>, returnExceptions: Boolean): GatherFuture {
    Awaitables.check(loop, aws, "aws", callables = true)
    val g = GatherFuture(loop, Awaitables.toFutures(loop, aws), returnExceptions)
    loop.runOrPost { g.start() }
    return g
  }

  /** gather over futures the caller already made (the Kotlin face's children). */
  fun gatherFutures(loop: EventLoopImpl, children: Array<FutureImpl<Any?>>, returnExceptions: Boolean): GatherFuture {
    val g = GatherFuture(loop, children, returnExceptions)
    loop.runOrPost { g.start() }
    return g
  }

  fun <F : CompletionStage<*>> wait(
    loop: EventLoopImpl,
    aws: Collection<F>,
    timeoutNanos: Long,
    returnWhen: ReturnWhen,
  ): WaitFuture<F> {
    if (aws.isEmpty()) throw IllegalArgumentException("Set of Tasks/Futures is empty: wait needs at least one awaitable")
    val list = ArrayList<Any?>(aws)
    Awaitables.check(loop, list, "aws", callables = false)
    @Suppress("UNCHECKED_CAST")
    val originals = Awaitables.distinct((list as ArrayList<Any>).toTypedArray()) as List<F>
    val futs = originals.map { Awaitables.toFuture<Any?>(loop, it) }
    val w = WaitFuture(loop, originals, futs, returnWhen)
    loop.runOrPost { w.start(timeoutNanos) }
    return w
  }

  fun <T> waitFor(loop: EventLoopImpl, aw: Any, timeoutNanos: Long): WaitForFuture<T> {
    Awaitables.check(loop, aw, "aw", callables = true)
    val w = WaitForFuture(loop, Awaitables.toFuture<T>(loop, aw), timeoutNanos)
    loop.runOrPost { w.start() }
    return w
  }

  fun <T> asCompleted(loop: EventLoopImpl, aws: Collection<CompletionStage<out T>>, timeoutNanos: Long): AsCompleted<T> {
    val list = ArrayList<Any?>(aws)
    Awaitables.check(loop, list, "aws", callables = false)
    @Suppress("UNCHECKED_CAST")
    val futs = Awaitables.distinct((list as ArrayList<Any>).toTypedArray()).map { Awaitables.toFuture<T>(loop, it) }
    val ac = AsCompletedImpl(loop, futs, timeoutNanos)
    loop.runOrPost { ac.start(futs) }
    return ac
  }

  fun <T> shield(loop: EventLoopImpl, aw: Any): FutureImpl<T> {
    Awaitables.check(loop, aw, "aw", callables = true)
    return loop.shieldOf(Awaitables.toFuture(loop, aw))
  }
}
