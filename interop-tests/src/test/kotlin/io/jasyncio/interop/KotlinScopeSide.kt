package io.jasyncio.interop

import io.jasyncio.Future
import io.jasyncio.Task
import io.jasyncio.TaskGroup
import io.jasyncio.kotlin.await
import io.jasyncio.kotlin.sleep
import io.jasyncio.kotlin.task
import io.jasyncio.kotlin.timeout

/** Kotlin-face code for the Java scope tests: Kotlin children in a (Java-made) TaskGroup. */
object KotlinScopeSide {
  /** A Kotlin child that fails with [e] after [seconds]. */
  @JvmStatic
  fun failingChild(g: TaskGroup, seconds: Double, e: RuntimeException): Task<Unit> =
    g.task("kotlin-fail") { sleep(seconds); throw e }

  /** A Kotlin child sleeping [seconds]; its finally records "kotlin finally" in [events]. */
  @JvmStatic
  fun sleepingChild(g: TaskGroup, seconds: Double, events: MutableList<String>): Task<String> =
    g.task("kotlin-sleep") {
      try {
        sleep(seconds)
        "kotlin result"
      } finally {
        events += "kotlin finally"
      }
    }

  /** A Kotlin task awaiting [f] under Kotlin's `timeout(seconds) { }`; its outcome's class name. */
  @JvmStatic
  fun timeoutAround(g: TaskGroup, seconds: Double, f: Future<*>): Task<String> =
    g.task("kotlin-timeout") {
      try {
        timeout(seconds) { f.await() }
        "result"
      } catch (e: Exception) {
        e.javaClass.simpleName
      }
    }
}
