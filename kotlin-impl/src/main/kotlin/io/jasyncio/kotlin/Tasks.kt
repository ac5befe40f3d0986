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
import kotlinx.coroutines.future.await

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
  val f = this as? FutureImpl<T> ?: return (this as java.util.concurrent.CompletionStage<T>).await()
  return f.awaitInternal()
}

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
  EventLoopImpl.RUNNING.get() ?: throw IllegalStateException("no running event loop")
