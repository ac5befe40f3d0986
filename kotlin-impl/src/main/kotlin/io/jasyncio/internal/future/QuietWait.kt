package io.jasyncio.internal.future

import java.util.concurrent.CompletableFuture
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit

/**
 * Waits until [f] is done without entering CompletableFuture's own wait: a thread blocked in
 * `CompletableFuture.get()`/`join()` helps run the future's dependents, so continuations attached
 * before completion could run on that thread instead of the loop thread. [released] is counted
 * down by the completer after the future (and its dependents) completed. The periodic re-check
 * covers a completion that bypassed the latch (a plain CompletableFuture completed by its user, a
 * closed loop).
 *
 * @return false if [timeoutNanos] (>= 0) elapsed first
 */
internal fun awaitDoneQuietly(
  f: CompletableFuture<*>,
  released: CountDownLatch,
  timeoutNanos: Long,
  interruptible: Boolean,
): Boolean {
  val deadline = if (timeoutNanos >= 0) System.nanoTime() + timeoutNanos else 0L
  var interrupted = false
  try {
    while (!f.isDone) {
      var slice = TimeUnit.MILLISECONDS.toNanos(50)
      if (timeoutNanos >= 0) {
        val left = deadline - System.nanoTime()
        if (left <= 0) return false
        slice = minOf(slice, left)
      }
      try {
        released.await(slice, TimeUnit.NANOSECONDS)
      } catch (e: InterruptedException) {
        if (interruptible) throw e
        interrupted = true
      }
    }
    return true
  } finally {
    if (interrupted) Thread.currentThread().interrupt()
  }
}
