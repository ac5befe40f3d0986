package io.jasyncio.internal.compose

import io.jasyncio.CancelledError
import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.future.StageFuture
import io.jasyncio.internal.loop.EventLoopImpl
import java.util.concurrent.CompletionStage
import java.util.function.BiConsumer
import java.util.function.IntFunction
import java.util.function.Supplier

/*
 * Asyncio.doWhile and Asyncio.repeat: a loop for chain-style Java code.
 *
 * A chain-style body cannot write `while`, so it recurses: `rounds(j) = acquire().thenCompose(v ->
 * ... rounds(j + 1))`. Each level of that recursion is a stage waiting for the next one until the
 * last iteration ends, so a task of 1,000 iterations keeps 1,000 pending stages (as a
 * CompletableFuture chain keeps its UniRelays): memory and GC time grow with the iteration count.
 * A ChainLoop is one future for the whole loop: it calls the body, waits for the stage the body
 * returned (through one whenComplete stage, so the continuation runs as the task, in asyncio's
 * order, exactly as a stage of the chain would), and calls the body again. Nothing of a finished
 * iteration stays reachable, and an iteration whose stage is already done goes on in the same
 * frame (constant stack).
 *
 * Cancellation follows the chain model of Stages.kt: the loop knows the one stage it waits for,
 * so cancelling the loop (or the task whose body returned it) cancels that stage, which reaches
 * the wait the iteration is suspended in; the CancelledError comes back through the iteration's
 * stage and ends the loop cancelled. Only when nothing pending takes the cancel does the loop end
 * cancelled on its own.
 */
internal class ChainLoop private constructor(
  loop: EventLoopImpl,
  private val whileBody: Supplier<out CompletionStage<Boolean>>?,
  private val repeatBody: IntFunction<out CompletionStage<*>>?,
  private val times: Int,
) : FutureImpl<Void>(loop), BiConsumer<Any?, Throwable?> {
  /** The next iteration's index (repeat). */
  private var index = 0

  /** The whenComplete stage on the running iteration's stage: what a cancel reaches first. */
  private var current: StageFuture<*>? = null

  /** The body is running (a cancel now is delivered to the stage it returns). */
  private var inBody = false

  /** A cancel that came while the body ran: [NO_CANCEL], or its message (null allowed). */
  private var cancelMsg: Any? = NO_CANCEL

  override fun kind(): String = "Loop"

  /** Loop thread: runs iterations until one is pending or the loop ends. */
  private fun next() {
    while (!isDone) {
      inBody = true
      val st: CompletionStage<*> =
        try {
          nextStage() ?: return
        } catch (e: Throwable) {
          completeInternal(null, e)
          return
        } finally {
          inBody = false
        }
      val cf = foreignToCf(st)
      val msg = cancelMsg
      cancelMsg = NO_CANCEL
      if (!cf.isDone) {
        val w = StageFuture<Any?>(loop, StageFuture.WHEN, this, cf, null)
        w.task = loop.currentTask
        current = w
        w.attach()
        // a cancel that came while the body ran reaches the wait it just started, as at an await
        if (msg !== NO_CANCEL) cancelOnLoop(msg as String?)
        return
      }
      if (msg !== NO_CANCEL) {
        completeInternal(null, CancelledError(msg as String?))
        return
      }
      val e = StageFuture.failureOf(cf)
      if (e != null) {
        completeInternal(null, e)
        return
      }
      if (!goOn(StageFuture.valueOf(cf))) return
    }
  }

  /** The next iteration's stage, or null when a repeat is over (then the loop is completed). */
  private fun nextStage(): CompletionStage<*>? {
    if (whileBody != null) {
      return whileBody.get()
        ?: throw NullPointerException("the doWhile body returned null instead of a CompletionStage")
    }
    if (index >= times) {
      completeInternal(null, null)
      return null
    }
    val i = index++
    return repeatBody!!.apply(i)
      ?: throw NullPointerException("the repeat body returned null instead of a CompletionStage (iteration $i)")
  }

  /** doWhile: whether an iteration's value says go on; completes the loop when it does not. */
  private fun goOn(v: Any?): Boolean {
    if (whileBody == null || v == true) return true
    if (v == false) {
      completeInternal(null, null)
    } else {
      completeInternal(
        null,
        NullPointerException("a doWhile iteration completed with $v; it must complete with true (go on) or false (stop)"),
      )
    }
    return false
  }

  /** The running iteration's stage completed: the continuation of [current], on the loop thread. */
  override fun accept(v: Any?, e: Throwable?) {
    current = null
    if (isDone) return
    if (e != null) {
      completeInternal(null, e)
      return
    }
    if (goOn(v)) next()
  }

  override fun cancel(msg: String?): Boolean = onLoopOrPosted { cancelOnLoop(msg) }

  private fun cancelOnLoop(msg: String?): Boolean {
    if (isDone) return false
    if (inBody) {
      cancelMsg = msg
      return true
    }
    val w = current
    if (w != null && !w.isDone && w.cancel(msg)) return true
    return completeInternal(null, CancelledError(msg))
  }

  companion object {
    private val NO_CANCEL = Any()

    /** Loop thread: starts a doWhile loop (its first iteration runs now). */
    fun doWhile(loop: EventLoopImpl, body: Supplier<out CompletionStage<Boolean>>): ChainLoop =
      ChainLoop(loop, body, null, 0).also { it.next() }

    /** Loop thread: starts a repeat loop (its first iteration runs now). */
    fun repeat(loop: EventLoopImpl, times: Int, body: IntFunction<out CompletionStage<*>>): ChainLoop {
      require(times >= 0) { "times must be at least 0, got $times" }
      return ChainLoop(loop, null, body, times).also { it.next() }
    }
  }
}
