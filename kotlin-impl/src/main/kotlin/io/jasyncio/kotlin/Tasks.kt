package io.jasyncio.kotlin

import io.jasyncio.EventLoop
import io.jasyncio.Future
import io.jasyncio.Task
import io.jasyncio.internal.EngineImpl
import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.internal.task.taskOf
import java.util.concurrent.CompletableFuture
import kotlin.coroutines.ContinuationInterceptor
import kotlin.coroutines.coroutineContext
import kotlinx.coroutines.CoroutineScope
import java.util.concurrent.CompletionStage
import kotlinx.coroutines.future.await as kotlinxAwait

/**
 * Schedules [block] as a task on the running loop and returns it, without waiting (the Kotlin
 * face of `asyncio.create_task`; Java: `Asyncio.createTask`). The task starts in a later loop
 * iteration and runs on the loop thread. It is the same [Task] type Java sees: Java code can
 * `join`, `thenApply` or cancel it.
 *
 * The task is not a child of the caller (as in asyncio): cancelling the caller does not cancel it,
 * and the caller does not wait for it. Inside [block], `launch { }` children belong to the task,
 * which completes when they are done.
 *
 * @param name the task's name, or `null` for `Task-N`
 * @throws IllegalStateException if no jasyncio loop runs the caller
 */
@JvmSynthetic
public suspend fun <T> createTask(name: String? = null, block: suspend CoroutineScope.() -> T): Task<T> =
  currentLoop().createCoroutineTask(name, block)

/**
 * Schedules [block] as a task on this loop; callable from the loop thread or, before the loop
 * runs, from any thread (use [submit] from other threads while it runs).
 *
 * @param name the task's name, or `null` for `Task-N`
 */
@JvmSynthetic
public fun <T> EventLoop.task(name: String? = null, block: suspend CoroutineScope.() -> T): Task<T> =
  EngineImpl.impl(this).createCoroutineTask(name, block)

/**
 * Submits [block] to this loop from any thread (the Kotlin face of
 * [EventLoop.runCoroutineThreadsafe]; named `submit` because a Kotlin lambda would otherwise be
 * taken for the Java `AsyncCallable` overload). Returns a plain [CompletableFuture] completed on
 * the loop thread; cancelling it cancels the task.
 */
@JvmSynthetic
public fun <T> EventLoop.submit(block: suspend CoroutineScope.() -> T): CompletableFuture<T> =
  EngineImpl.impl(this).submitCoroutine(block)

/**
 * Waits for this future or task and returns its result, or throws its exception as it is (a
 * `CompletionException` wrapper never reaches Kotlin).
 *
 * Cancellation is asyncio's: if the awaiting coroutine is cancelled, this future is cancelled
 * too (wrap it in `shield` to prevent that). The coroutine resumes on its own dispatcher; on a
 * jasyncio loop, in a later iteration (as asyncio's task wakeup).
 *
 * An explicit `import kotlinx.coroutines.future.await` takes precedence over a star import of
 * `io.jasyncio.kotlin.*`; import `io.jasyncio.kotlin.await` explicitly too in such a file.
 */
@JvmSynthetic
public suspend fun <T> Future<T>.await(): T {
  val f = this as? FutureImpl<T> ?: return (this as CompletionStage<T>).kotlinxAwait()
  return f.awaitInternal()
}

/**
 * Waits for any [CompletionStage] (the JDK `HttpClient.sendAsync`, Lettuce's `RedisFuture`, a
 * `CompletableFuture` of any library) and returns its value, or throws its exception unwrapped
 * (never a `CompletionException`): asyncio's `await` of a foreign awaitable, with the one
 * `import io.jasyncio.kotlin.*`.
 *
 * On a jasyncio loop the stage is mirrored on the loop (as `ensureFuture` does), so the
 * coroutine resumes on the loop thread in a later iteration, however and wherever the stage
 * completes; cancelling the coroutine cancels the stage if it is a `CompletableFuture` (or
 * exposes one through `toCompletableFuture()`), as asyncio cancels a future it awaits. On
 * another dispatcher it behaves as kotlinx's `CompletionStage.await()`. A jasyncio [Future]
 * resolves to the more specific `Future.await()`.
 *
 * Imports never clash with kotlinx's `kotlinx.coroutines.future.await`, which has the same
 * receiver. With `import io.jasyncio.kotlin.*` alone this is the `await` of every stage. Wherever
 * kotlinx's is in scope too (imported by name, or both packages star-imported), kotlinx's wins for
 * a plain stage: [resolution]'s default value makes this candidate less specific (Kotlin prefers
 * the candidate that uses no default argument), so the call is never ambiguous; the outcome is the
 * same, without the loop's fast path. (A kotlinx `await` imported by name also wins over a star
 * import of this package for jasyncio futures: explicit imports are resolved first.)
 *
 * @param resolution not for callers: only there to lose ties with kotlinx's `await`
 */
@JvmSynthetic
public suspend fun <T> CompletionStage<T>.await(@Suppress("UNUSED_PARAMETER") resolution: Unit = Unit): T {
  if (this is FutureImpl<T>) return awaitInternal()
  val loop = coroutineContext[ContinuationInterceptor] as? EventLoopImpl ?: return kotlinxAwait()
  return loop.ensureFuture(this).awaitInternal()
}

/**
 * A new, pending future of the running loop (asyncio `loop.create_future()`; Java:
 * `loop.createFuture()`), to be completed with `setResult`/`setException` from the loop thread
 * (or `complete` from any thread) and awaited with [await]. Cancelling it wakes its awaiters with
 * `CancelledError`.
 *
 * @param loop the loop; by default the one running on the calling thread
 * @throws IllegalStateException if no loop runs on the calling thread and none is given
 */
@JvmSynthetic
public fun <T> Future(loop: EventLoop = runningLoopOrThrow()): Future<T> = loop.createFuture()

/**
 * The task running this coroutine, or `null` outside a task (the Kotlin face of
 * `asyncio.current_task`). Child coroutines launched inside a task report that task.
 */
@JvmSynthetic
public suspend fun currentTask(): Task<*>? = taskOf(coroutineContext)

/** The pending tasks of the running loop (the Kotlin face of `asyncio.all_tasks`). */
@JvmSynthetic
public suspend fun allTasks(): Set<Task<*>> = currentLoop().allTasks()

/**
 * The loop running this coroutine (the Kotlin face of `asyncio.get_running_loop`).
 *
 * @throws IllegalStateException if no jasyncio loop runs the caller
 */
@JvmSynthetic
public suspend fun getRunningLoop(): EventLoop = currentLoop()

// inline: reading coroutineContext is no suspension, so a caller like createTask needs no
// continuation frame of its own (a non-inline suspend call would give it one per call)
@JvmSynthetic
@Suppress("NOTHING_TO_INLINE")
internal suspend inline fun currentLoop(): EventLoopImpl =
  coroutineContext[ContinuationInterceptor] as? EventLoopImpl
    ?: runningLoopOrThrow()

@JvmSynthetic
internal fun runningLoopOrThrow(): EventLoopImpl =
  EventLoopImpl.running() ?: throw IllegalStateException("no running event loop")
