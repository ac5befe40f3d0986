package io.jasyncio.internal.debug

/**
 * What the loop and tasks tell the diagnostics on their hot paths: one static flag read each when
 * no JFR recording asks for task events.
 */
internal object Diagnostics {
  @JvmStatic
  fun taskCreated(loop: Any, task: Any) {
    if (Jfr.tasks) Jfr.task(loop.toString(), task.toString(), "created")
  }

  @JvmStatic
  fun taskDone(loop: Any, task: Any, what: String) {
    if (Jfr.tasks) Jfr.task(loop.toString(), task.toString(), what)
  }
}
