package io.jasyncio.kotlin

import io.jasyncio.Asyncio
import io.jasyncio.Clock
import io.jasyncio.EventLoop
import io.jasyncio.Runner
import io.jasyncio.internal.EngineImpl
import io.jasyncio.internal.loop.EventLoopImpl
import kotlinx.coroutines.CoroutineScope

/**
 * Runs [block] as the main task of a new event loop on the calling thread and returns its result:
 * the Kotlin face of `asyncio.run` (Java: `Asyncio.run`). When [block] is done, the tasks still
 * pending are cancelled and the loop runs until they have finished, the default executor is shut
 * down and the loop is closed, in CPython's order and with CPython's turns of the loop: callbacks
 * already scheduled and timers already due when [block] returns still run (see [Runner.close]).
 *
 * **`launch { }` children of [block] are waited for, not cancelled.** [block]'s scope is the main
 * task's coroutine, so by kotlinx's structured concurrency (as in `runBlocking` and
 * `coroutineScope`) the main task, and so `asyncioRun`, ends only when its children have ended; a
 * child that never ends keeps the run alive. What shutdown cancels are the loop's other tasks,
 * those made with [createTask] (asyncio's `create_task`, which belong to the loop, not to a
 * parent). Port `asyncio.create_task(bg())` as `createTask { bg() }`; use `launch` for work that
 * must finish before the run does.
 *
 * Named `asyncioRun` rather than `run`: a top-level `run` would shadow Kotlin's own `run { }`
 * scope function wherever `io.jasyncio.kotlin.*` is imported.
 *
 * Inside [block], `delay`, `withTimeout`, [sleep], [createTask] and every jasyncio suspend
 * function use this loop; its thread is the calling thread.
 *
 * @param clock the loop's clock; pass a [io.jasyncio.testing.VirtualClock] in tests
 * @throws IllegalStateException if a loop is already running on this thread
 * @return the result of [block]; its exception (checked or not) is rethrown as it is
 */
@JvmSynthetic
public fun <T> asyncioRun(clock: Clock = Clock.monotonic(), block: suspend CoroutineScope.() -> T): T =
  Runner { Asyncio.newEventLoop(clock) }.use { it.runSuspending(block) }

/**
 * Runs [block] as a task on this runner's loop until it is done: the Kotlin face of
 * [Runner.run]. The exception of [block] is rethrown as it is.
 *
 * @throws IllegalStateException if the runner is closed or a loop already runs on this thread
 */
@JvmSynthetic
public fun <T> Runner.runSuspending(block: suspend CoroutineScope.() -> T): T {
  if (EventLoopImpl.running() != null) {
    throw IllegalStateException("Runner.run() cannot be called from a running event loop (it would block the loop)")
  }
  val loop = EngineImpl.impl(getLoop())
  loop.checkCanRun()
  val task = loop.createCoroutineTask(null, block)
  // Ctrl-C (issue 12): as Runner.run, on the main thread the first SIGINT cancels the task
  val sigint = io.jasyncio.internal.signal.Signals.interruptOnSigint(loop, task)
  try {
    loop.runUntilDone(task)
    // as Runner.run: one more iteration, the one in which CPython's done callback stops the loop
    if (!loop.isClosed) {
      loop.callSoon(loop::stop)
      loop.runForever()
    }
  } finally {
    sigint.close()
  }
  return task.outcomeForKotlin()
}

/**
 * Runs this loop on the calling thread until [block], run as a task, is done; returns its result
 * (the Kotlin face of [EventLoop.runUntilComplete] with a new task).
 *
 * @throws IllegalStateException if the loop is running or closed
 */
@JvmSynthetic
public fun <T> EventLoop.runUntilComplete(block: suspend CoroutineScope.() -> T): T {
  val loop = EngineImpl.impl(this)
  loop.checkCanRun()
  val task = loop.createCoroutineTask(null, block)
  loop.runUntilDone(task)
  return task.outcomeForKotlin()
}
