package io.jasyncio.internal.sync

import io.jasyncio.Event
import java.util.concurrent.CompletableFuture

/**
 * asyncio Event on the shared waiter mechanism: set() grants every waiter at once, with `true`
 * (asyncio's `wait()` returns True), so a Java future completes with it and a Kotlin waiter
 * resumes with it (a tail call into [parkKotlin]: no frame of its own per wait).
 */
internal class EventImpl : SyncCore(), Event {
  @Volatile
  private var flag = false

  private val waiters = WaitQueue<Boolean>()

  override fun set() {
    if (flag) return // nobody can be parked while the flag is set
    lock.lock()
    val ws = try {
      flag = true
      if (waiters.isEmpty) return else waiters.grantAll(true)
    } finally {
      lock.unlock()
    }
    deliverAll(ws)
  }

  override fun clear() {
    flag = false
  }

  override fun isSet(): Boolean = flag

  internal suspend fun waitSuspending(): Boolean {
    if (flag) return true
    lock.lock()
    if (flag) {
      lock.unlock()
      return true
    }
    return parkKotlin(waiters, null)
  }

  override fun waitAsync(): CompletableFuture<Boolean> {
    if (flag) return completedJava(true)
    lock.lock()
    if (flag) {
      lock.unlock()
      return completedJava(true)
    }
    return parkJava(waiters)
  }

  override fun statistics(): Event.EventStatistics {
    lock.lock()
    try {
      return Event.EventStatistics(flag, waiters.liveCount())
    } finally {
      lock.unlock()
    }
  }

  override fun toString(): String {
    val s = statistics()
    return if (s.set) "Event[set]" else "Event[unset, waiters=${s.waiting}]"
  }
}
