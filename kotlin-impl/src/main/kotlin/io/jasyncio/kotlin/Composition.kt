package io.jasyncio.kotlin

import io.jasyncio.CancelledError
import io.jasyncio.ReturnWhen
import io.jasyncio.TimeoutError
import io.jasyncio.WaitResult
import io.jasyncio.internal.compose.Composition
import io.jasyncio.internal.compose.awaitShielded
import io.jasyncio.internal.future.Awaitables
import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.spi.Checks
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletionStage
import kotlin.time.Duration
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.isActive
import kotlinx.coroutines.job

// The Kotlin face of asyncio's composition functions (Java: Asyncio.gather, wait, waitFor,
// asCompleted, shield). They work on the same futures and tasks Java sees, and wait with one
// engine future per call (none for shield), not one CompletableFuture per child.

/**
 * Runs the awaitables concurrently and returns their results in argument order (the Kotlin face
 * of `asyncio.gather`; Java: `Asyncio.gather`). Tasks and futures of either language, and any
 * [CompletionStage], may be mixed. The same object passed twice is awaited once.
 *
 * The first failure or cancellation of a child is thrown at once; the other children keep
 * running. If the caller is cancelled, every child that is not done is cancelled (asyncio: the
 * gather is cancelled, and with it its children). For asyncio's `return_exceptions=True` use
 * [gatherResults].
 *
 * @throws IllegalArgumentException if an awaitable belongs to another event loop
 * @throws IllegalStateException if no jasyncio loop runs the caller
 */
@JvmSynthetic
public suspend fun <T> gather(vararg aws: CompletionStage<out T>): List<T> = gatherAll(aws.asList(), false).cast()

/**
 * Gathers nothing (asyncio `await gather()` with no argument): returns an empty list at once,
 * without suspending (awaiting CPython's already-done future does not suspend either, so a pending
 * cancellation is not delivered here). Typed `List<Nothing>`, which is a `List<T>` for every `T`
 * (`val xs: List<Int> = gather()`); without this overload `gather()` would be ambiguous between
 * the vararg forms. Java: `Asyncio.gather()`.
 *
 * @throws IllegalStateException if no jasyncio loop runs the caller
 */
@JvmSynthetic
public suspend fun gather(): List<Nothing> {
  currentLoop()
  return emptyList()
}

/** As `gather(vararg)`, over a collection, in its iteration order; empty gives an empty list. */
@JvmSynthetic
public suspend fun <T> gather(aws: Collection<CompletionStage<out T>>): List<T> = gatherAll(aws.toList(), false).cast()

/**
 * Runs each block as a task of the running loop (in argument order) and gathers them: the Kotlin
 * face of `asyncio.gather(coro1(), coro2())`. Cancelling the caller cancels the tasks.
 */
@JvmSynthetic
public suspend fun <T> gather(vararg blocks: suspend CoroutineScope.() -> T): List<T> {
  val loop = currentLoop()
  val children = Array<FutureImpl<Any?>>(blocks.size) { i -> loop.createCoroutineTask(null, blocks[i]) }
  return Composition.gatherFutures(loop, children, false).awaitInternal().cast()
}

/**
 * As `gather(vararg blocks)` over a collection of suspend blocks, in its iteration order:
 * `gather(urls.map { url -> suspend CoroutineScope.() -> ... })`, asyncio's
 * `gather(*(fetch(u) for u in urls))`. Each block becomes a task of the running loop; cancelling
 * the caller cancels them. An empty collection gives an empty list.
 */
@JvmSynthetic
@JvmName("gatherBlocks")
public suspend fun <T> gather(blocks: Collection<suspend CoroutineScope.() -> T>): List<T> {
  val loop = currentLoop()
  val list = blocks.toList()
  if (list.isEmpty()) return emptyList()
  val children = Array<FutureImpl<Any?>>(list.size) { i -> loop.createCoroutineTask(null, list[i]) }
  return Composition.gatherFutures(loop, children, false).awaitInternal().cast()
}

/**
 * Gathers kotlinx [Deferred]s (from `async { }`) on the running loop. Cancelling the caller
 * cancels them, as asyncio cancels the children of a cancelled gather.
 */
@JvmSynthetic
public suspend fun <T> gather(vararg deferreds: Deferred<T>): List<T> {
  val loop = currentLoop()
  val seen = java.util.IdentityHashMap<Deferred<T>, FutureImpl<Any?>>()
  val children = Array(deferreds.size) { i -> seen.getOrPut(deferreds[i]) { loop.futureOf(deferreds[i]) } }
  return Composition.gatherFutures(loop, children, false).awaitInternal().cast()
}

/**
 * asyncio's `gather(..., return_exceptions=True)`: waits for every awaitable and returns each
 * outcome as a [Result] in argument order; a cancelled child gives a failure with its
 * [CancelledError]. If the caller is cancelled, the children are cancelled and the caller ends
 * cancelled.
 */
@JvmSynthetic
public suspend fun <T> gatherResults(vararg aws: CompletionStage<out T>): List<Result<T>> =
  gatherAll(aws.asList(), true).map { toResult(it) }

/** Gathers nothing: `gather()` for `gatherResults` (an empty list; Java: `gather(true)`). */
@JvmSynthetic
public suspend fun gatherResults(): List<Nothing> = gather()

/** As `gatherResults(vararg)`, over a collection. */
@JvmSynthetic
public suspend fun <T> gatherResults(aws: Collection<CompletionStage<out T>>): List<Result<T>> =
  gatherAll(aws.toList(), true).map { toResult(it) }

/** As `gatherResults(vararg)`, running each block as a task. */
@JvmSynthetic
public suspend fun <T> gatherResults(vararg blocks: suspend CoroutineScope.() -> T): List<Result<T>> {
  val loop = currentLoop()
  val children = Array<FutureImpl<Any?>>(blocks.size) { i -> loop.createCoroutineTask(null, blocks[i]) }
  return Composition.gatherFutures(loop, children, true).awaitInternal().map { toResult(it) }
}

private suspend fun gatherAll(aws: List<*>, returnExceptions: Boolean): List<Any?> =
  Composition.gather(currentLoop(), aws, returnExceptions).awaitInternal()

@Suppress("UNCHECKED_CAST")
private fun <T> List<Any?>.cast(): List<T> = this as List<T>

@Suppress("UNCHECKED_CAST")
private fun <T> toResult(x: Any?): Result<T> = if (x is Throwable) Result.failure(x) else Result.success(x as T)

/**
 * Waits for the futures or tasks until [returnWhen] holds or [timeout] passed, and returns the
 * done and pending sets (the Kotlin face of `asyncio.wait`; Java: `Asyncio.wait`). The sets hold
 * the objects passed in. Nothing is cancelled: on timeout, or if the caller is cancelled, the
 * pending ones keep running. A timeout is not an error.
 *
 * The timeout starts at the call. The sets are taken when the caller resumes, which is at least
 * one iteration after the condition held or the timeout expired: everything that finished by then
 * is in `done` (a task sleeping exactly as long as the timeout included), and nothing in
 * `pending` is done when the caller looks. `val (done, pending) = wait(...)` destructures the
 * result.
 *
 * @param timeout `null` or [Duration.INFINITE] for none; negative counts as zero
 * @throws IllegalArgumentException if [aws] is empty or an awaitable belongs to another loop
 */
@JvmSynthetic
public suspend fun <F : CompletionStage<*>> wait(
  aws: Collection<F>,
  timeout: Duration? = null,
  returnWhen: ReturnWhen = ReturnWhen.ALL_COMPLETED,
): WaitResult<F> = awaitWait(Composition.wait(currentLoop(), aws, timeoutNanos(timeout), returnWhen))

/** As `wait(aws, Duration)` with the timeout in seconds (`Double.POSITIVE_INFINITY`: none). */
@JvmSynthetic
public suspend fun <F : CompletionStage<*>> wait(
  aws: Collection<F>,
  timeout: Double,
  returnWhen: ReturnWhen = ReturnWhen.ALL_COMPLETED,
): WaitResult<F> = awaitWait(Composition.wait(currentLoop(), aws, timeoutNanos(timeout), returnWhen))

/** As `wait(aws, Duration)` with a [java.time.Duration]. */
@JvmSynthetic
public suspend fun <F : CompletionStage<*>> wait(
  aws: Collection<F>,
  timeout: java.time.Duration,
  returnWhen: ReturnWhen = ReturnWhen.ALL_COMPLETED,
): WaitResult<F> = awaitWait(Composition.wait(currentLoop(), aws, timeoutNanos(timeout), returnWhen))

/**
 * Waits for [aw] at most [timeout] (the Kotlin face of `asyncio.wait_for`; Java:
 * `Asyncio.waitFor`). On timeout [aw] is cancelled, waited for until it has finished cancelling,
 * and [TimeoutError] is thrown with its [CancelledError] as the cause. If the caller is cancelled,
 * [aw] is cancelled too, and the caller ends cancelled even if [aw] finished in the same
 * iteration.
 *
 * @param timeout `null` or [Duration.INFINITE] for none; zero or negative: [aw]'s outcome if it is
 *   done, else cancel it and wait, then [TimeoutError]
 */
@JvmSynthetic
public suspend fun <T> waitFor(aw: CompletionStage<T>, timeout: Duration?): T =
  awaitWaitFor(Composition.waitFor(currentLoop(), aw, timeoutNanos(timeout)))

/** As `waitFor(aw, Duration)` with the timeout in seconds (`Double.POSITIVE_INFINITY`: none). */
@JvmSynthetic
public suspend fun <T> waitFor(aw: CompletionStage<T>, timeout: Double): T =
  awaitWaitFor(Composition.waitFor(currentLoop(), aw, timeoutNanos(timeout)))

/** As `waitFor(aw, Duration)` with a [java.time.Duration]. */
@JvmSynthetic
public suspend fun <T> waitFor(aw: CompletionStage<T>, timeout: java.time.Duration): T =
  awaitWaitFor(Composition.waitFor(currentLoop(), aw, timeoutNanos(timeout)))

/**
 * Runs [block] in the calling coroutine with a time limit: `asyncio.wait_for(coro, timeout)` for
 * a suspend block. When [timeout] expires, [block] is cancelled; once it has finished (its
 * `finally` blocks ran) [TimeoutError] is thrown, caused by a [CancelledError]. Unlike kotlinx's
 * `withTimeout`, the timeout is an ordinary exception, not a cancellation, so it is never
 * mistaken for the caller's own cancellation; if the caller is cancelled at the same time, the
 * caller's cancellation wins.
 *
 * With a timeout of zero or less, [block] does not run at all and [TimeoutError] is thrown (as
 * asyncio cancels the coroutine's task before its first step).
 *
 * @param timeout `null` or [Duration.INFINITE] for none
 */
@JvmSynthetic
public suspend fun <T> waitFor(timeout: Duration?, block: suspend CoroutineScope.() -> T): T =
  waitForBlock(timeoutNanos(timeout), block)

/** As `waitFor(Duration) { }` with the timeout in seconds (`Double.POSITIVE_INFINITY`: none). */
@JvmSynthetic
public suspend fun <T> waitFor(timeout: Double, block: suspend CoroutineScope.() -> T): T =
  waitForBlock(timeoutNanos(timeout), block)

/** As `waitFor(Duration) { }` with a [java.time.Duration]. */
@JvmSynthetic
public suspend fun <T> waitFor(timeout: java.time.Duration, block: suspend CoroutineScope.() -> T): T =
  waitForBlock(timeoutNanos(timeout), block)

/** `val (done, pending) = wait(...)`: the done set. */
@JvmSynthetic
public operator fun <F> WaitResult<F>.component1(): Set<F> = done()

/** `val (done, pending) = wait(...)`: the pending set. */
@JvmSynthetic
public operator fun <F> WaitResult<F>.component2(): Set<F> = pending()

/**
 * Awaits a wait future and takes the sets again now that the caller runs: the future's own sets
 * were taken an iteration or more before this coroutine resumed, and something in `pending` may
 * have finished since. Taken here, `pending` holds only what is still not done (Java stages see
 * the future's own sets, in the step that takes them).
 */
private suspend fun <F : CompletionStage<*>> awaitWait(w: io.jasyncio.internal.compose.WaitFuture<F>): WaitResult<F> {
  w.awaitInternal()
  return w.snapshot()
}

/**
 * Awaits a waitFor future. In kotlinx's debug mode (`-ea`) an exception resumed into a coroutine
 * may be replaced by a copy whose cause is the original; the TimeoutError's own cause (the
 * CancelledError) is part of the contract, so the original is thrown.
 */
private suspend fun <T> awaitWaitFor(f: FutureImpl<T>): T {
  try {
    return f.awaitInternal()
  } catch (e: TimeoutError) {
    val original = e.cause
    throw if (original is TimeoutError && original.message == e.message) original else e
  }
}

private suspend fun <T> waitForBlock(nanos: Long, block: suspend CoroutineScope.() -> T): T {
  if (nanos < 0) return coroutineScope(block)
  if (nanos == 0L) {
    kotlinx.coroutines.yield()
    throw timedOut(nanos, CancelledError())
  }
  val loop = currentLoop()
  var expired = false
  try {
    return coroutineScope {
      val job = coroutineContext.job
      val timer = loop.timerAfter(nanos) {
        expired = true
        job.cancel(CancelledError("waitFor timed out"))
      }
      try {
        block()
      } finally {
        timer.cancel()
      }
    }
  } catch (e: CancellationException) {
    if (expired && currentCoroutineContext().isActive) throw timedOut(nanos, e)
    throw e
  }
}

private fun timedOut(nanos: Long, cause: Throwable): TimeoutError {
  val c = if (cause is CancelledError) cause else CancelledError(cause.message).also { it.initCause(cause) }
  return TimeoutError("waitFor timed out after ${nanos / 1e9} s").also { it.initCause(c) }
}

/**
 * The awaitables' results as a cold [Flow], in the order they finish (the Kotlin face of
 * `asyncio.as_completed`; Java: `Asyncio.asCompleted`). Each collection starts its own watch (and
 * its timeout) when collection starts. A failed awaitable's exception is thrown by `collect`; when
 * [timeout] expires with results still missing, `collect` throws [TimeoutError]. Stopping the
 * collection early (or a timeout) does not cancel the awaitables.
 *
 * @param timeout `null` or [Duration.INFINITE] for none; negative counts as zero
 */
@JvmSynthetic
public fun <T> asCompleted(aws: Collection<CompletionStage<out T>>, timeout: Duration? = null): Flow<T> {
  val nanos = timeoutNanos(timeout)
  return asCompletedFlow(aws, nanos)
}

/** As `asCompleted(aws, Duration)` with the timeout in seconds (`Double.POSITIVE_INFINITY`: none). */
@JvmSynthetic
public fun <T> asCompleted(aws: Collection<CompletionStage<out T>>, timeout: Double): Flow<T> =
  asCompletedFlow(aws, timeoutNanos(timeout))

/** As `asCompleted(aws, Duration)` with a [java.time.Duration]. */
@JvmSynthetic
public fun <T> asCompleted(aws: Collection<CompletionStage<out T>>, timeout: java.time.Duration): Flow<T> =
  asCompletedFlow(aws, timeoutNanos(timeout))

/** As `asCompleted(aws)` over varargs, without a timeout. */
@JvmSynthetic
public fun <T> asCompleted(vararg aws: CompletionStage<out T>): Flow<T> = asCompletedFlow(aws.asList(), -1)

/**
 * As [asCompleted], but each outcome is a [Result] and the flow goes on past a failure, as
 * asyncio's `as_completed` yields awaitables that each raise their own exception: a failed or
 * cancelled awaitable is a `Result.failure` with its exception (a [CancelledError] for a cancelled
 * one), and when [timeout] expires every awaitable still missing is a `Result.failure` with a
 * [TimeoutError] (asyncio raises it from each remaining awaitable). The caller's own cancellation
 * is thrown, not emitted. Cold, like [asCompleted]; stopping early cancels nothing.
 *
 * @param timeout `null` or [Duration.INFINITE] for none; negative counts as zero
 */
@JvmSynthetic
public fun <T> asCompletedResults(aws: Collection<CompletionStage<out T>>, timeout: Duration? = null): Flow<Result<T>> =
  asCompletedResultsFlow(aws, timeoutNanos(timeout))

/** As `asCompletedResults(aws, Duration)` with the timeout in seconds (`Double.POSITIVE_INFINITY`: none). */
@JvmSynthetic
public fun <T> asCompletedResults(aws: Collection<CompletionStage<out T>>, timeout: Double): Flow<Result<T>> =
  asCompletedResultsFlow(aws, timeoutNanos(timeout))

private fun <T> asCompletedResultsFlow(aws: Collection<CompletionStage<out T>>, nanos: Long): Flow<Result<T>> {
  val list = aws.toList()
  return flow {
    val ac = Composition.asCompleted(currentLoop(), list, nanos)
    for (f in ac) {
      val r = f as FutureImpl<T>
      val value = try {
        r.awaitInternal()
      } catch (e: Throwable) {
        currentCoroutineContext().ensureActive() // the collector's own cancellation is thrown
        if (!r.isDone) throw e
        emit(Result.failure(r.failure ?: e))
        continue
      }
      emit(Result.success(value))
    }
  }
}

private fun <T> asCompletedFlow(aws: Collection<CompletionStage<out T>>, nanos: Long): Flow<T> {
  val list = aws.toList()
  return flow {
    val ac = Composition.asCompleted(currentLoop(), list, nanos)
    for (f in ac) emit((f as FutureImpl<T>).awaitInternal())
  }
}

/**
 * Waits for [aw] without letting the caller's cancellation reach it (the Kotlin face of
 * `asyncio.shield`; Java: `Asyncio.shield`): if the caller is cancelled, it stops waiting and [aw]
 * keeps running. If [aw] itself is cancelled, the caller gets its [CancelledError].
 */
@JvmSynthetic
public suspend fun <T> shield(aw: CompletionStage<T>): T {
  val loop = currentLoop()
  Awaitables.check(loop, aw, "aw", callables = false)
  return awaitShielded(loop.ensureFuture(aw))
}

/**
 * Runs [block] as a task of the running loop and waits for it shielded: cancelling the caller
 * leaves the task running (`await asyncio.shield(coro())`).
 */
@JvmSynthetic
public suspend fun <T> shield(block: suspend CoroutineScope.() -> T): T =
  awaitShielded(currentLoop().createCoroutineTask(null, block))

// ---- timeouts in nanoseconds: -1 for none, 0 for zero or negative ------------------------------

private fun timeoutNanos(timeout: Duration?): Long = when {
  timeout == null || timeout == Duration.INFINITE -> -1
  timeout.isNegative() -> 0 // -Duration.INFINITE too, as sleep does
  else -> minOf(timeout.inWholeNanoseconds, Checks.MAX_NANOS)
}

private fun timeoutNanos(seconds: Double): Long = when {
  seconds == Double.POSITIVE_INFINITY -> -1
  seconds.isNaN() -> throw IllegalArgumentException("timeout must be a number of seconds or +Infinity (no timeout), got NaN")
  seconds <= 0 -> 0 // -Infinity too, as sleep does
  else -> Checks.delayNanos(seconds, "timeout")
}

private fun timeoutNanos(timeout: java.time.Duration): Long = Checks.delayNanos(timeout, "timeout")

/** A loop future that follows [d]; cancelling the future cancels [d]. */
private fun <T> EventLoopImpl.futureOf(d: Deferred<T>): FutureImpl<Any?> {
  val f = FutureImpl<Any?>(this)
  d.invokeOnCompletion {
    val e = d.getCompletionExceptionOrNull()
    @OptIn(kotlinx.coroutines.ExperimentalCoroutinesApi::class)
    f.completeFromAnyThread(if (e == null) d.getCompleted() else null, e)
  }
  runOrPost { f.addListener { if (it.isCancelled && !d.isCompleted) d.cancel(it.failure as CancellationException) } }
  return f
}
