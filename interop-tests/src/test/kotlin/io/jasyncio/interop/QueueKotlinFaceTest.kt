package io.jasyncio.interop

import io.jasyncio.Queue
import io.jasyncio.kotlin.await
import io.jasyncio.kotlin.consumeAsFlow
import io.jasyncio.kotlin.createTask
import io.jasyncio.kotlin.get
import io.jasyncio.kotlin.join
import io.jasyncio.kotlin.put
import io.jasyncio.kotlin.sleep

/** [QueueBehaviours] through the Kotlin face. */
class QueueKotlinFaceTest : QueueBehaviours() {
  override fun face(): Face = KotlinFace

  private object KotlinFace : Face {
    override fun produceConsumeJoin(q: Queue<Int>, n: Int): List<String> = runVirtual {
      val seen = mutableListOf<String>()
      val consumer = createTask {
        q.consumeAsFlow().collect {
          seen += "$it"
          sleep(0.1)
        }
      }
      createTask { for (i in 1..n) q.put(i) }.await()
      q.join()
      seen += "joined"
      q.shutdown()
      consumer.await()
      seen
    }

    override fun getterOrder(q: Queue<String>): List<String> = runVirtual {
      val log = mutableListOf<String>()
      val ts = (1..3).map { i -> createTask { log += "getter $i got ${q.get()}" } }
      sleep(0.0)
      for (x in listOf("a", "b", "c")) q.put(x)
      for (t in ts) t.await()
      log
    }

    override fun waitingPutAtShutdown(q: Queue<Int>): Throwable = runVirtual {
      val put = createTask { q.put(0) }
      sleep(0.0)
      q.shutdown()
      try {
        put.await()
        error("the put did not fail")
      } catch (e: Exception) {
        e
      }
    }

    override fun putAllGetAll(q: Queue<Int>, items: List<Int>): List<Int> = runVirtual {
      for (x in items) q.put(x)
      items.map { q.get() }
    }
  }
}
