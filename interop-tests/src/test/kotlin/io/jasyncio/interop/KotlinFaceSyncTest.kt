package io.jasyncio.interop

import io.jasyncio.kotlin.Barrier
import io.jasyncio.kotlin.Condition
import io.jasyncio.kotlin.Event
import io.jasyncio.kotlin.Lock
import io.jasyncio.kotlin.Semaphore
import io.jasyncio.kotlin.acquire
import io.jasyncio.kotlin.await
import io.jasyncio.kotlin.createTask
import io.jasyncio.kotlin.notify
import io.jasyncio.kotlin.sleep
import io.jasyncio.kotlin.wait
import io.jasyncio.kotlin.withLock
import io.jasyncio.kotlin.withPermit

/** [SyncBehaviours] through the Kotlin face: acquire, withLock, withPermit, wait. */
class KotlinFaceSyncTest : SyncBehaviours() {
  override fun face(): Face = KotlinFace

  private object KotlinFace : Face {
    override fun lockOrder(n: Int): List<Int> = runVirtual {
      val lock = Lock()
      val order = mutableListOf<Int>()
      lock.acquire()
      val ts = (0 until n).map { k -> createTask { lock.withLock { order += k; sleep(0.0) } } }
      sleep(0.0)
      lock.release()
      for (t in ts) t.await()
      order
    }

    override fun lockCancelledAfterGrant(): List<Int> = runVirtual {
      val lock = Lock()
      val order = mutableListOf<Int>()
      lock.acquire()
      val ts = (0 until 3).map { k -> createTask { lock.withLock { order += k } } }
      sleep(0.0)
      lock.release()
      ts[0].cancel()
      for (t in ts) runCatching { t.await() }
      order
    }

    override fun semaphoreMaxHolders(permits: Int, tasks: Int): Int = runVirtual {
      val sem = Semaphore(permits)
      var holders = 0
      var max = 0
      val ts = (0 until tasks).map {
        createTask {
          sem.withPermit {
            max = maxOf(max, ++holders)
            sleep(0.0)
            holders--
          }
        }
      }
      for (t in ts) t.await()
      max
    }

    override fun eventWakes(n: Int): Int = runVirtual {
      val ev = Event()
      var woke = 0
      val ts = (0 until n).map { createTask { ev.wait(); woke++ } }
      sleep(0.0)
      ev.set()
      for (t in ts) t.await()
      woke
    }

    override fun conditionNotifyOrder(n: Int): List<Int> = runVirtual {
      val cond = Condition()
      val order = mutableListOf<Int>()
      val ts = (0 until n).map { k -> createTask { cond.withLock { cond.wait(); order += k } } }
      sleep(0.0)
      repeat(n) {
        cond.withLock { cond.notify() }
        sleep(0.0)
        sleep(0.0)
      }
      for (t in ts) t.await()
      order
    }

    override fun barrierIndices(parties: Int): List<Int> = runVirtual {
      val b = Barrier(parties)
      val ts = (0 until parties).map { createTask { b.wait() } }
      ts.map { it.await() }
    }

    override fun barrierAbort(): Throwable = runVirtual {
      val b = Barrier(2)
      val t = createTask { b.wait() }
      sleep(0.0)
      b.abort()
      try {
        t.await()
        error("not broken")
      } catch (e: Exception) {
        e
      }
    }
  }
}
