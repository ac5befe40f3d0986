package io.jasyncio.interop

import io.jasyncio.CancelledError
import io.jasyncio.Task
import io.jasyncio.TaskGroupException
import io.jasyncio.Timeout
import io.jasyncio.kotlin.await
import io.jasyncio.kotlin.captureCallGraph
import io.jasyncio.kotlin.createTask
import io.jasyncio.kotlin.getRunningLoop
import io.jasyncio.kotlin.sleep
import io.jasyncio.kotlin.taskGroup
import io.jasyncio.kotlin.timeout

/** [ScopeBehaviours] through the Kotlin face: timeout { }, taskGroup { }, suspend code. */
class KotlinScopeBehavioursTest : ScopeBehaviours() {
  override fun face(): Face = KotlinFace

  private fun outcome(e: Throwable?): String = e?.javaClass?.simpleName ?: "result"
  private object KotlinFace : Face {
    private fun outcome(e: Throwable?): String = e?.javaClass?.simpleName ?: "result"

    override fun timeout(delay: Double, bodySleep: Double): List<Any> = runVirtual {
      var cm: Timeout? = null
      val e = runCatching { timeout(delay) { cm = this; sleep(bodySleep) } }.exceptionOrNull()
      listOf(outcome(e), e?.cause?.javaClass?.simpleName ?: "-", cm!!.expired(), getRunningLoop().time())
    }

    override fun nestedTimeouts(outer: Double, inner: Double): List<Any> = runVirtual {
      var innerOutcome = ""
      var cm: Timeout? = null
      val e = runCatching {
        timeout(outer) {
          cm = this
          try {
            timeout(inner) { sleep(10.0) }
          } catch (ie: Throwable) {
            innerOutcome = outcome(ie)
            throw ie
          }
        }
      }.exceptionOrNull()
      listOf(outcome(e), innerOutcome, cm!!.expired())
    }

    override fun foreignCancelInTimeout(): List<Any> = runVirtual {
      var cm: Timeout? = null
      val t = createTask { timeout(10.0) { cm = this; sleep(100.0) } }
      getRunningLoop().callLater(1.0) { t.cancel() }
      listOf(outcome(runCatching { t.await() }.exceptionOrNull()), cm!!.expired())
    }

    override fun rescheduledTimeout(): List<Any> = runVirtual {
      val r = timeout(1.0) {
        val me = this
        getRunningLoop().callLater(0.5) { me.reschedule(5.0) }
        sleep(2.0)
        "ok"
      }
      listOf(r, getRunningLoop().time())
    }

    override fun groupResults(): List<Any> = runVirtual {
      lateinit var t1: Task<Int>
      lateinit var t2: Task<Int>
      taskGroup {
        t1 = createTask { sleep(0.1); 42 }
        t2 = createTask { sleep(0.2); 11 }
      }
      listOf(t1.result(), t2.result(), getRunningLoop().time())
    }

    override fun groupChildFailure(): List<Any> = runVirtual {
      lateinit var sib: Task<Unit>
      var bodyCancelled = false
      val e = runCatching {
        taskGroup {
          createTask { sleep(0.1); throw IllegalStateException("boom") }
          sib = createTask { sleep(1.0) }
          try {
            sleep(10.0)
          } catch (c: CancelledError) {
            bodyCancelled = true
            throw c
          }
        }
      }.exceptionOrNull() as TaskGroupException
      listOf(e.exceptions().map { it.javaClass.simpleName }, sib.cancelled(), bodyCancelled, getRunningLoop().time())
    }

    override fun groupCancelledFromOutside(): List<Any> = runVirtual {
      val kids = mutableListOf<Task<Unit>>()
      val r = createTask { taskGroup { repeat(3) { kids += createTask { sleep(5.0) } } } }
      getRunningLoop().callLater(0.1) { r.cancel() }
      listOf(outcome(runCatching { r.await() }.exceptionOrNull()), kids.count { it.cancelled() })
    }

    override fun groupCancelMethod(): List<Any> = runVirtual {
      val e = runCatching {
        taskGroup {
          createTask { sleep(5.0) }
          createTask { sleep(5.0) }
          getRunningLoop().callLater(1.0) { cancel() }
          sleep(10.0)
        }
      }.exceptionOrNull()
      listOf(if (e == null) "normal" else outcome(e), getRunningLoop().time())
    }

    override fun groupShuttingDown(): String = runVirtual {
      var msg = ""
      runCatching {
        taskGroup {
          createTask { sleep(0.001); throw IllegalStateException() }
          createTask {
            try {
              sleep(1.0)
            } finally {
              msg = runCatching { createTask { } }.exceptionOrNull()!!.message!!
            }
          }
        }
      }
      msg.substring(msg.lastIndexOf(']') + 2)
    }

    override fun eagerCompletion(): List<Any> = runVirtual {
      val events = mutableListOf<String>()
      val t = createTask(eagerStart = true) { events += "step"; "x" }
      events += "created"
      listOf(t.done(), events)
    }

    override fun callGraph(): List<Any> = runVirtual {
      val gate = getRunningLoop().createFuture<Unit>()
      val leaf = createTask("leaf") { gate.await() }
      createTask("mid") { leaf.await() }
      sleep(0.0)
      val g = captureCallGraph(leaf)!!
      gate.setResult(Unit)
      listOf(g.awaiting() === gate, g.awaitedBy().map { (it.future() as Task<*>).name })
    }
  }
}
