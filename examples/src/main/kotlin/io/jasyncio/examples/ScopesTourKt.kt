package io.jasyncio.examples

import io.jasyncio.Clock
import io.jasyncio.Task
import io.jasyncio.TaskGroupException
import io.jasyncio.TimeoutError
import io.jasyncio.kotlin.asyncioRun
import io.jasyncio.kotlin.getRunningLoop
import io.jasyncio.kotlin.sleep
import io.jasyncio.kotlin.taskGroup
import io.jasyncio.kotlin.timeout
import java.io.PrintStream

/**
 * Structured concurrency in Kotlin: the same program as `ScopesTour.java`, with `taskGroup { }`
 * and `timeout(d) { }`.
 */
object ScopesTourKt {
  @JvmStatic
  fun main(args: Array<String>) {
    run(System.out, Clock.monotonic())
  }

  /** Runs the tour on a loop with [clock] (tests pass a virtual clock). */
  @JvmStatic
  fun run(out: PrintStream, clock: Clock): List<String> = asyncioRun(clock) {
    val loop = getRunningLoop()
    val t0 = loop.time()
    fun log(msg: String) = out.println("[%.2f s] %s".format(loop.time() - t0, msg))
    suspend fun fetch(page: String, seconds: Double): String {
      sleep(seconds)
      log("fetched $page")
      return page
    }

    // 1. A group waits for all its tasks.
    val pages = mutableListOf<Task<String>>()
    taskGroup {
      pages += createTask("a") { fetch("a", 0.3) }
      pages += createTask("b") { fetch("b", 0.1) }
      pages += createTask("c") { fetch("c", 0.2) }
    }
    val got = pages.map { it.result() }
    log("group done: $got")

    // 2. A timeout scope: the body is cancelled at the deadline, the scope throws TimeoutError.
    try {
      timeout(0.5) { fetch("slow", 1.0) }
    } catch (e: TimeoutError) {
      log("slow: ${e.javaClass.simpleName} after 0.5 s")
    }

    // 3. One failing task cancels the others; the group reports every failure.
    try {
      taskGroup {
        createTask { fetch("fine", 1.0) }
        createTask { sleep(0.2); throw IllegalStateException("broken link") }
      }
    } catch (e: TaskGroupException) {
      log("group failed: ${e.exceptions().map { it.message }}; the other fetch was cancelled")
    }
    got
  }
}
