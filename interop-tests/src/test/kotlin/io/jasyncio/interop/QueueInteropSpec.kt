package io.jasyncio.interop

import io.jasyncio.kotlin.PriorityQueue
import io.jasyncio.kotlin.Queue
import io.jasyncio.kotlin.await
import io.jasyncio.kotlin.consumeAsFlow
import io.jasyncio.kotlin.createTask
import io.jasyncio.kotlin.get
import io.jasyncio.kotlin.put
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.future.await as awaitStage
import java.util.concurrent.CopyOnWriteArrayList

/** A queue made in Kotlin, shared with Java tasks on the same loop. */
class QueueInteropSpec : FunSpec({
  test("a Kotlin queue is fed by a Java producer and consumed as a Flow") {
    val got = runVirtual {
      val q = Queue<Int>(2)
      JavaQueueSide.produceThenShutdown(q, listOf(5, 6, 7))
      q.consumeAsFlow().toList()
    }
    got shouldContainExactly listOf(5, 6, 7)
  }

  test("a Kotlin producer feeds a Java forEachAsync consumer; Java waits in joinAsync") {
    val got = CopyOnWriteArrayList<Int>()
    val log = CopyOnWriteArrayList<String>()
    runVirtual {
      val q = PriorityQueue<Int>(2)
      val consumer = JavaQueueSide.consumeInto(q, got)
      for (x in listOf(3, 1, 2)) q.put(x)
      JavaQueueSide.joinThenLog(q, log).await()
      q.shutdown()
      consumer.await()
    }
    got.sorted() shouldContainExactly listOf(1, 2, 3)
    log shouldContainExactly listOf("joined")
  }

  test("a Kotlin getter and a Java getter share one FIFO line") {
    val got = runVirtual {
      val q = Queue<String>()
      val k = createTask { q.get() }
      val j = createTask { q.getAsync().awaitStage() }
      io.jasyncio.kotlin.sleep(0.0)
      q.put("first")
      q.put("second")
      listOf(k.await(), j.await())
    }
    got shouldContainExactly listOf("first", "second")
  }

  test("a Java get task cancelled after a put promised it the item: the Kotlin getter behind it gets it") {
    val got = runVirtual {
      val q = Queue<Int>()
      val java = JavaQueueSide.getTask(q)
      io.jasyncio.kotlin.sleep(0.0)
      val kotlin = createTask { q.get() }
      io.jasyncio.kotlin.sleep(0.0)
      q.putNowait(1) // promised to the Java task, first in line
      java.cancel()
      listOf(kotlin.await(), java.cancelled(), q.qsize())
    }
    got shouldContainExactly listOf(1, true, 0)
  }
})
