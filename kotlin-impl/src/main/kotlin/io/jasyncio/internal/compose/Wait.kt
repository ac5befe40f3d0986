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
 *
 * When the sets are taken, and why they are consistent: the condition or the timeout is noticed
 * in some iteration, and the sets are taken one iteration later, where asyncio's waiter would
 * resume, so everything that finished in the iteration of the timeout or of the condition is in
 * `done` (a task sleeping exactly as long as the timeout included). The future is then completed
 * delivering ([completeDelivering]): Java stages awaiting it run in that same step, so what they
 * see in `pending` is not done yet. A Kotlin caller resumes in a later iteration; the Kotlin face
 * takes the sets again when it resumes ([snapshot]), so no caller ever finds a done future in
 * `pending`. The timeout's timer starts at the call ([start] runs at once on the loop thread).
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
    if (!finishing && timeoutNanos >= 0) timer = loop.timerAfter(timeoutNanos) { finishNextIteration() }
  }

  override fun onFutureDone(f: FutureImpl<*>) {
    if (finishing || isDone) return
    counter--
    val e = f.failure
    if (counter <= 0 || returnWhen == ReturnWhen.FIRST_COMPLETED ||
      (returnWhen == ReturnWhen.FIRST_EXCEPTION && e != null && e !is CancellationException)
    ) {
      finishNextIteration()
    }
  }

  /** The sets are taken one iteration later, when asyncio's waiter would resume (see above). */
  private fun finishNextIteration() {
    if (finishing) return
    finishing = true
    loop.schedule { finish() }
  }

  private fun finish() {
    if (isDone) return
    finishing = true
    cleanup()
    completeDelivering(snapshot(), null)
  }

  /** The done and pending sets as they are now, in argument order. Loop owner only. */
  fun snapshot(): WaitResult<F> {
    val done = ArrayList<F>()
    val pending = ArrayList<F>()
    for (i in futs.indices) (if (futs[i].isDone) done else pending).add(originals[i])
    return WaitResult(LinkedHashSet(done), LinkedHashSet(pending))
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
