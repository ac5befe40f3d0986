package io.jasyncio.internal

import io.jasyncio.Event
import kotlinx.coroutines.suspendCancellableCoroutine
import java.util.concurrent.CompletableFuture

/** asyncio Event on the shared waiter mechanism: set() grants every waiter at once. */
internal class EventImpl : SyncCore(), Event {
  @Volatile
  private var flag = false

  private val waiters = WaitQueue<Any?>()

  override fun set() {
    if (flag) return // nobody can be parked while the flag is set
    lock.lock()
    val ws = try {
      flag = true
      if (waiters.isEmpty) return else waiters.grantAll(null)
    } finally {
      lock.unlock()
    }
    deliverAll(ws)
  }

  override fun clear() {
    flag = false
  }

  override fun isSet(): Boolean = flag

  internal suspend fun waitSuspending() {
    if (flag) return
    lock.lock()
    if (flag) {
      lock.unlock()
      return
    }
    return park()
  }

  private suspend fun park(): Unit = parkUnit(this, waiters, null)

  override fun waitAsync(): CompletableFuture<Void?> {
    if (flag) return completedJava<Void?>(null)
    lock.lock()
    if (flag) {
      lock.unlock()
      return completedJava<Void?>(null)
    }
    @Suppress("UNCHECKED_CAST")
    return parkJava(waiters) as CompletableFuture<Void?>
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
