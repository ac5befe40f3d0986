package io.jasyncio.internal.compose

import io.jasyncio.CancelledError
import io.jasyncio.internal.future.Awaitables
import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.future.FutureListener
import io.jasyncio.internal.loop.EventLoopImpl

/**
 * asyncio's `_GatheringFuture`: completes with the children's results in argument order.
 *
 * Children are watched with inline listeners (loop thread). Without returnExceptions the first
 * failure or cancellation of a child completes the gather at once; the other children keep
 * running and their later failures count as retrieved. cancel() cancels every child that is not
 * done; the gather then ends cancelled once they all finished, as in CPython 3.12.
 */
internal class GatherFuture(
  loop: EventLoopImpl,
  private val children: Array<FutureImpl<Any?>>,
  private val returnExceptions: Boolean,
) : FutureImpl<List<Any?>>(loop), FutureListener {
  private val distinct: List<FutureImpl<Any?>> = Awaitables.distinct(children)
  private var finished = 0
  private var cancelRequested = false
  private var cancelMessage: String? = null

  /** Watches the children. Loop owner only. */
  fun start() {
    if (distinct.isEmpty()) {
      completeInternal(emptyList(), null)
      return
    }
    for (c in distinct) c.addListener(this)
  }

  override fun onFutureDone(f: FutureImpl<*>) {
    finished++
    if (isDone) {
      f.markRetrieved() // a later failure is the gather's business, not an unretrieved one
      return
    }
    if (!returnExceptions) {
      val e = f.failure
      if (e != null) {
        f.markRetrieved()
        completeInternal(null, e)
        return
      }
    }
    if (finished == distinct.size) {
      if (cancelRequested) {
        for (c in distinct) c.markRetrieved()
        completeInternal(null, CancelledError(cancelMessage))
        return
      }
      val results = ArrayList<Any?>(children.size)
      for (c in children) {
        val e = c.failure
        if (e != null) {
          c.markRetrieved()
          results.add(e)
        } else {
          results.add(c.result())
        }
      }
      completeInternal(results, null)
    }
  }

  override fun cancel(msg: String?): Boolean = onLoopOrPosted { cancelOnLoop(msg) }

  private fun cancelOnLoop(msg: String?): Boolean {
    if (isDone) return false
    // set first: a child that completes inline while being cancelled may be the last one
    val wasRequested = cancelRequested
    cancelRequested = true
    cancelMessage = msg
    var any = false
    for (c in distinct) {
      if (c.cancel(msg)) any = true
    }
    if (!any) cancelRequested = wasRequested
    return any
  }

  override fun kind(): String = "GatheringFuture"
}
