package io.jasyncio.interop

import io.jasyncio.kotlin.await
import io.jasyncio.kotlin.createTask
import io.jasyncio.kotlin.currentTask
import io.jasyncio.kotlin.getRunningLoop
import io.jasyncio.kotlin.sleep
import kotlinx.coroutines.awaitCancellation

/** [TaskBehaviours] through the Kotlin face: asyncioRun, createTask, await, sleep. */
class KotlinFaceBehavioursTest : TaskBehaviours() {
  override fun face(): Face = KotlinFace

  private object KotlinFace : Face {
    override fun <T> taskResult(value: T): T = runVirtual {
      createTask { sleep(0.0); value }.await()
    }

    override fun taskFailure(failure: Exception): Throwable = runVirtual {
      val t = createTask<Nothing> { sleep(0.0); throw failure }
      try {
        t.await()
      } catch (e: Exception) {
        e
      }
    }

    override fun cancelWaitingTask(msg: String, events: MutableList<String>): Throwable {
      return runVirtual {
        val t = createTask {
          try {
            awaitCancellation()
          } finally {
            events += "finally"
          }
        }
        sleep(0.0)
        t.cancel(msg)
        val e = try {
          t.await()
        } catch (e: Exception) {
          e
        }
        if (t.cancelled()) events += "cancelled"
        e
      }
    }

    override fun bodyRunsWhenCancelledBeforeStart(): Boolean {
      var ran = false
      runVirtual {
        val t = createTask { ran = true }
        t.cancel()
        runCatching { t.await() }
      }
      return ran
    }

    override fun timeAfterSleep(seconds: Double): Double = runVirtual {
      sleep(seconds)
      getRunningLoop().time()
    }

    override fun wakeOrder(vararg seconds: Double): List<Double> = runVirtual {
      val woke = mutableListOf<Double>()
      seconds.map { s -> createTask { sleep(s); woke += s } }.forEach { it.await() }
      woke
    }

    override fun taskAndCurrentTaskInside(): List<Any?> = runVirtual {
      val t = createTask { currentTask() }
      listOf(t, t.await())
    }

    override fun startOrder(): List<String> = runVirtual {
      val events = mutableListOf<String>()
      val t = createTask { events += "started" }
      events += "created"
      t.await()
      events
    }

    override fun sleepZeroOrder(): List<String> = runVirtual {
      val events = mutableListOf<String>()
      val loop = getRunningLoop()
      loop.callSoon {
        events += "cb1"
        loop.callSoon { events += "cb2" }
      }
      sleep(0.0)
      events += "after sleep"
      sleep(0.0)
      events
    }

    override fun taskNames(name: String): List<String> = runVirtual {
      listOf(createTask(name) { }.name, createTask { }.name)
    }
  }
}
