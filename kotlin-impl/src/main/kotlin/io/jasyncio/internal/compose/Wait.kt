package io.jasyncio.internal.compose

import io.jasyncio.ReturnWhen
import io.jasyncio.WaitResult
import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.future.FutureListener
import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.internal.loop.TimerHandleImpl
import java.util.concurrent.CancellationException

/**
 * asyncio's `wait`: completes with the done and pending sets when [returnWhen] holds or the
 * timeout expires. Never cancels the awaitables; cancelling this future only stops waiting.
 *
 * [originals] and [futs] are parallel, distinct lists: the sets hold the originals.
 */
internal class WaitFuture<F>(
  loop: EventLoopImpl,
  private val originals: List<F>,
  private val futs: List<FutureImpl<*>>,
  private val returnWhen: ReturnWhen,
) : FutureImpl<WaitResult<F>>(loop), FutureListener {
  private var counter = futs.size
  private var timer: TimerHandleImpl? = null
  private var finishing = false

  /** Loop owner only. */
  fun start(timeoutNanos: Long) {
    for (f in futs) {
      f.addListener(this)
      if (finishing) break
    }
    if (!finishing && timeoutNanos >= 0) timer = loop.timerAfter(timeoutNanos) { finish() }
  }

  override fun onFutureDone(f: FutureImpl<*>) {
    if (finishing || isDone) return
    counter--
    val e = f.failure
    if (counter <= 0 || returnWhen == ReturnWhen.FIRST_COMPLETED ||
      (returnWhen == ReturnWhen.FIRST_EXCEPTION && e != null && e !is CancellationException)
    ) {
      // the sets are taken one iteration later, when asyncio's waiter would resume: futures
      // finishing in this same iteration are in `done`
      finishing = true
      loop.schedule { finish() }
    }
  }

  private fun finish() {
    if (isDone) return
    finishing = true
    cleanup()
    val done = ArrayList<F>()
    val pending = ArrayList<F>()
    for (i in futs.indices) (if (futs[i].isDone) done else pending).add(originals[i])
    completeInternal(WaitResult(LinkedHashSet(done), LinkedHashSet(pending)), null)
  }

  private fun cleanup() {
    timer?.cancel()
    timer = null
    for (f in futs) f.removeListener(this)
  }

  override fun cancel(msg: String?): Boolean {
    val r = super.cancel(msg)
    if (r) loop.runOrPost { finishing = true; cleanup() }
    return r
  }
}
