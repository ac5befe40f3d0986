package io.jasyncio.interop

import io.jasyncio.CancelledError
import io.jasyncio.EventLoop
import io.jasyncio.Future
import io.jasyncio.Task
import io.jasyncio.kotlin.asyncioRun
import io.jasyncio.kotlin.await
import io.jasyncio.kotlin.sleep
import io.jasyncio.kotlin.task
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.launch
import java.util.function.Supplier

/** Kotlin-face code that the Java tests call: each function makes a Kotlin task on [loop]. */
object KotlinSide {
  @JvmStatic
  fun answerLater(loop: EventLoop, seconds: Double, value: Int): Task<Int> =
    loop.task("kotlin-answer") { sleep(seconds); value }

  @JvmStatic
  fun failLater(loop: EventLoop, failure: Throwable): Task<Int> =
    loop.task { sleep(1.0); throw failure }

  /** Waits until cancelled, recording what it sees in [events]. */
  @JvmStatic
  fun waitWithFinally(loop: EventLoop, events: MutableList<String>): Task<String> =
    loop.task("kotlin-waiter") {
      try {
        events += "kotlin started"
        awaitCancellation()
      } catch (e: CancelledError) {
        events += "kotlin caught ${e.message}"
        throw e
      } finally {
        events += "kotlin finally"
      }
    }

  /** A Kotlin coroutine awaiting [f] with the Kotlin face's `await()`. */
  @JvmStatic
  fun <T> awaitInKotlin(loop: EventLoop, f: Future<T>): Task<T> =
    loop.task("kotlin-awaiter") { f.await() }

  /** Calls Java code inside a Kotlin task, after one suspension. */
  @JvmStatic
  fun <T> callInTask(loop: EventLoop, java: Supplier<T>): Task<T> =
    loop.task { sleep(0.0); java.get() }

  /** Calls Java code inside a coroutine launched as a child of a Kotlin task. */
  @JvmStatic
  fun <T> callInChildOfTask(loop: EventLoop, java: Supplier<T>): Task<T> =
    loop.task {
      var seen: T? = null
      launch { sleep(1.0); seen = java.get() }.join()
      @Suppress("UNCHECKED_CAST")
      seen as T
    }

  /** A nested Kotlin `asyncioRun`, as Java code running on a loop might attempt. */
  @JvmStatic
  fun nestedRun(): Int = asyncioRun { 1 }
}
