package io.jasyncio.internal.debug

import io.jasyncio.internal.task.TaskImpl

/**
 * What the loop and tasks tell the diagnostics on their hot paths: one static flag read each when
 * no JFR recording asks for task events (nothing is computed before that read: not even the
 * task's name, which is made lazily).
 */
internal object Diagnostics {
  @JvmStatic
  fun taskCreated(loop: Any, task: TaskImpl<*>) {
    if (Jfr.tasks) Jfr.task(loop.toString(), task.name, "created")
  }

  @JvmStatic
  fun taskDone(loop: Any, task: TaskImpl<*>) {
    if (Jfr.tasks) {
      val what = if (task.isCancelled) "cancelled" else if (task.isCompletedExceptionally) "failed" else "done"
      Jfr.task(loop.toString(), task.name, what)
    }
  }
}
