package io.jasyncio.internal.sync

import io.jasyncio.Barrier
import io.jasyncio.BrokenBarrierError
import java.util.concurrent.CompletableFuture

/**
 * asyncio Barrier on the shared waiter mechanism. The last arrival grants every waiter its index
 * under the lock, so a round ends atomically (no draining state). Waiters cancelled before that
 * are unlinked and do not count; one whose cancellation races the release counts as released.
 */
internal class BarrierImpl(private val parties: Int) : SyncCore(), Barrier {
  init {
    require(parties >= 1) { "Barrier parties must be >= 1, got $parties" }
  }

  private val waiters = WaitQueue<Int>()

  @Volatile
  private var broken = false

  /** Under the lock: the arrival completes the round; grants indices, returns those to deliver. */
  private fun completesRound(): List<Waiter<Int>>? {
    waiters.removeCancelled()
    if (waiters.size + 1 < parties) return null
    val out = ArrayList<Waiter<Int>>(waiters.size)
    var i = 0
    while (true) {
      val w = waiters.pollFirst() ?: break
      // a waiter whose cancellation races this release still takes its index
      if (w.tryGrant(i)) out.add(w)
      i++
    }
    return out
  }

  internal suspend fun waitSuspending(): Int {
    lock.lock()
    if (broken) {
      lock.unlock()
      throw BrokenBarrierError("Barrier aborted")
    }
    val ws = try {
      completesRound()
    } catch (e: Throwable) {
      lock.unlock()
      throw e
    }
    if (ws == null) return parkKotlin(waiters, null)
    lock.unlock()
    deliverAll(ws)
    return parties - 1
  }

  override fun waitAsync(): CompletableFuture<Int> {
    lock.lock()
    if (broken) {
      lock.unlock()
      return failedJava(BrokenBarrierError("Barrier aborted"))
    }
    val ws = try {
      completesRound()
    } catch (e: Throwable) {
      lock.unlock()
      throw e
    }
    if (ws == null) return parkJava(waiters)
    lock.unlock()
    deliverAll(ws)
    return completedJava(parties - 1)
  }

  override fun abort() {
    lock.lock()
    val ws = try {
      broken = true
      waiters.failAll(BrokenBarrierError("Barrier aborted"))
    } finally {
      lock.unlock()
    }
    deliverAll(ws)
  }

  override fun reset() {
    lock.lock()
    val ws = try {
      broken = false
      waiters.failAll(BrokenBarrierError("Barrier reset"))
    } finally {
      lock.unlock()
    }
    deliverAll(ws)
  }

  override fun parties(): Int = parties

  override fun nWaiting(): Int {
    lock.lock()
    try {
      return waiters.liveCount()
    } finally {
      lock.unlock()
    }
  }

  override fun broken(): Boolean = broken

  override fun statistics(): Barrier.BarrierStatistics {
    lock.lock()
    try {
      return Barrier.BarrierStatistics(parties, waiters.liveCount(), broken)
    } finally {
      lock.unlock()
    }
  }

  override fun toString(): String {
    val s = statistics()
    val state = if (s.broken) "broken" else "filling"
    return "Barrier[$state, waiters=${s.waiting}/${s.parties}]"
  }
}
