package io.jasyncio.interop

import io.jasyncio.CancelledError
import io.jasyncio.ReturnWhen
import io.jasyncio.kotlin.asCompleted
import io.jasyncio.kotlin.await
import io.jasyncio.kotlin.createTask
import io.jasyncio.kotlin.gather
import io.jasyncio.kotlin.gatherResults
import io.jasyncio.kotlin.getRunningLoop
import io.jasyncio.kotlin.shield
import io.jasyncio.kotlin.sleep
import io.jasyncio.kotlin.wait
import io.jasyncio.kotlin.waitFor
import kotlinx.coroutines.flow.catch
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.toList
import java.io.IOException
import kotlin.time.Duration.Companion.seconds

/** [CompositionBehaviours] through the Kotlin face. */
class KotlinFaceCompositionTest : CompositionBehaviours() {
  override fun face(): Face = KotlinFace

  private object KotlinFace : Face {
    override fun gatherInOrder(vararg seconds: Double): List<Any?> = runVirtual {
      val tasks = seconds.mapIndexed { i, s -> createTask { sleep(s); i } }
      listOf(gather(tasks), getRunningLoop().time())
    }

    override fun gatherNothing(): List<Any?> = runVirtual {
      val none: List<Int> = gather()
      listOf(none, gatherResults(), getRunningLoop().time())
    }

    override fun gatherFirstFailure(): List<Any?> = runVirtual {
      val other = createTask { sleep(1.0); 2 }
      val fails = createTask<Int> { sleep(0.1); throw IllegalStateException("boom") }
      try {
        gather(fails, other)
        listOf("no failure")
      } catch (e: IllegalStateException) {
        listOf(e.message, getRunningLoop().time(), other.done())
      }
    }

    override fun gatherReturnExceptions(): List<Any?> = runVirtual {
      val loop = getRunningLoop()
      val failed = loop.createFuture<Int>().also { it.setException(IOException("io")) }
      val cancelled = loop.createFuture<Int>().also { it.cancel() }
      gatherResults(createTask { sleep(0.1); 1 }, failed, cancelled).map { r ->
        r.fold({ it!!.javaClass.simpleName }, { it.javaClass.simpleName })
      }
    }

    override fun cancelledGather(): List<Any?> = runVirtual {
      val a = createTask { sleep(1.0); 1 }
      val b = createTask { sleep(2.0); 2 }
      val waiter = createTask { gather(a, b) }
      sleep(0.5)
      waiter.cancel()
      val name = try {
        waiter.await()
        "none"
      } catch (e: CancelledError) {
        "CancelledError"
      }
      sleep(0.0)
      listOf(name, a.cancelled() && b.cancelled())
    }

    override fun waitFirstCompleted(): List<Any?> = runVirtual {
      val r = wait(listOf(createTask { sleep(10.0) }, createTask { sleep(0.1) }), returnWhen = ReturnWhen.FIRST_COMPLETED)
      listOf(r.done().size, r.pending().size, getRunningLoop().time())
    }

    override fun waitTimeout(): List<Any?> = runVirtual {
      val r = wait(listOf(createTask { sleep(0.1) }, createTask { sleep(0.15) }), 0.11)
      listOf(r.done().size, r.pending().size, getRunningLoop().time())
    }

    override fun waitForTimeout(): List<Any?> = runVirtual {
      val t = createTask { sleep(10.0); 1 }
      try {
        waitFor(t, 0.1)
        listOf("no timeout")
      } catch (e: io.jasyncio.TimeoutError) {
        listOf(e.javaClass.simpleName, e.cause!!.javaClass.simpleName, t.cancelled(), getRunningLoop().time())
      }
    }

    override fun waitForInTime(): List<Any?> = runVirtual {
      listOf(waitFor(1.seconds) { sleep(0.1); 5 }, getRunningLoop().time())
    }

    override fun asCompletedOrder(): List<Any?> = runVirtual {
      asCompleted(createTask { sleep(0.3); "a" }, createTask { sleep(0.1); "b" }, createTask { sleep(0.2); "c" }).toList()
    }

    override fun asCompletedTimeout(): List<Any?> = runVirtual {
      val seen = mutableListOf<Any?>()
      asCompleted(listOf(createTask { sleep(0.1); "a" }, createTask { sleep(10.0); "slow" }), 1.seconds)
        .catch { e -> seen += e.javaClass.simpleName }
        .collect { seen += it }
      seen += getRunningLoop().time()
      seen
    }

    override fun shieldCancelled(): List<Any?> = runVirtual {
      val inner = createTask { sleep(1.0); 9 }
      val waiter = createTask { shield(inner) }
      sleep(0.1)
      waiter.cancel()
      val name = try {
        waiter.await()
        "none"
      } catch (e: CancelledError) {
        "CancelledError"
      }
      listOf(name, inner.await(), getRunningLoop().time())
    }
  }
}
