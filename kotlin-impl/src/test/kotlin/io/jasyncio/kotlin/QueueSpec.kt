package io.jasyncio.kotlin

import io.jasyncio.CancelledError
import io.jasyncio.QueueEmpty
import io.jasyncio.QueueFull
import io.jasyncio.QueueShutDown
import io.jasyncio.QueueStatistics
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import io.jasyncio.Queue as JQueue

/** CPython's test_queues behaviours, restated for the Kotlin face. */
class QueueSpec : FunSpec({
  test("empty, full, qsize and maxsize") {
    val q = Queue<Int>()
    q.empty().shouldBeTrue()
    q.full().shouldBeFalse()
    q.maxsize() shouldBe 0
    q.putNowait(1)
    q.empty().shouldBeFalse()
    q.qsize() shouldBe 1
    q.getNowait() shouldBe 1
    q.empty().shouldBeTrue()
    val b = Queue<Int>(1)
    b.putNowait(1)
    b.full().shouldBeTrue()
    Queue<Int>(-3).maxsize() shouldBe 0
  }

  test("order: FIFO, LIFO and priority") {
    fun drain(q: JQueue<Int>): List<Int> {
      for (i in listOf(1, 3, 2)) q.putNowait(i)
      return List(3) { q.getNowait() }
    }
    drain(Queue()) shouldContainExactly listOf(1, 3, 2)
    drain(LifoQueue()) shouldContainExactly listOf(2, 3, 1)
    drain(PriorityQueue()) shouldContainExactly listOf(1, 2, 3)
    drain(PriorityQueue(0, reverseOrder())) shouldContainExactly listOf(3, 2, 1)
  }

  test("priority ties come out in insertion order") {
    val q = PriorityQueue<Pair<Int, String>>(comparator = compareBy { it.first })
    for (p in listOf(1 to "a", 0 to "b", 1 to "c", 0 to "d", 1 to "e")) q.putNowait(p)
    List(5) { q.getNowait().second } shouldContainExactly listOf("b", "d", "a", "c", "e")
  }

  test("a bounded queue makes the third put wait until a get") {
    val log = mutableListOf<String>()
    runVirtual {
      val q = Queue<Int>(2)
      val putter = createTask {
        for (i in 0 until 3) {
          q.put(i)
          log += "put $i"
        }
      }
      sleep(0.0)
      q.full().shouldBeTrue()
      log += "get ${q.get()}"
      putter.await()
      log += "qsize ${q.qsize()}"
    }
    log shouldContainExactly listOf("put 0", "put 1", "get 0", "put 2", "qsize 2")
  }

  test("nowait variants raise QueueEmpty and QueueFull, and the queue stays usable") {
    val q = Queue<Int>(1)
    shouldThrow<QueueEmpty> { q.getNowait() }.message shouldContain "empty"
    q.putNowait(1)
    shouldThrow<QueueFull> { q.putNowait(2) }.message shouldContain "maxsize=1"
    q.getNowait() shouldBe 1
    q.putNowait(3)
    q.getNowait() shouldBe 3
  }

  test("a get waits for a put, and waiting getters are served in arrival order") {
    val log = mutableListOf<String>()
    runVirtual {
      val q = Queue<String>()
      val ts = (1..3).map { i -> createTask { log += "g$i ${q.get()}" } }
      sleep(0.0)
      q.statistics().waitingGetters shouldBe 3
      q.putNowait("a")
      q.putNowait("b")
      q.putNowait("c")
      q.qsize() shouldBe 3 // promised to the woken getters; they take them when they run (asyncio)
      for (t in ts) t.await()
    }
    log shouldContainExactly listOf("g1 a", "g2 b", "g3 c")
  }

  test("waiting putters are served in arrival order") {
    runVirtual {
      val q = Queue<Int>(1)
      q.putNowait(0)
      val ts = (1..3).map { i -> createTask { q.put(i) } }
      sleep(0.0)
      q.statistics().waitingPutters shouldBe 3
      List(4) { q.get() } shouldContainExactly listOf(0, 1, 2, 3)
      for (t in ts) t.await()
    }
  }

  test("a getter cancelled before any put is dropped from the waiters and consumes nothing") {
    runVirtual {
      val q = Queue<Int>()
      val a = createTask { q.get() }
      val b = createTask { q.get() }
      sleep(0.0)
      a.cancel().shouldBeTrue()
      sleep(0.0)
      q.statistics().waitingGetters shouldBe 1
      q.putNowait(7)
      b.await() shouldBe 7
      q.empty().shouldBeTrue()
    }
  }

  test("a getter cancelled after it was handed an item gives it to the next getter") {
    runVirtual {
      val q = Queue<Int>()
      val a = createTask { q.get() }
      val b = createTask { q.get() }
      sleep(0.0)
      q.putNowait(1) // handed to a, which has not resumed yet
      a.cancel().shouldBeTrue()
      shouldThrow<CancelledError> { a.await() }
      b.await() shouldBe 1
      q.empty().shouldBeTrue()
    }
  }

  test("a getter cancelled after it was handed an item, with no other getter, puts it back at the head") {
    runVirtual {
      val q = Queue<Int>()
      val a = createTask { q.get() }
      sleep(0.0)
      q.putNowait(1)
      q.putNowait(2)
      a.cancel().shouldBeTrue()
      shouldThrow<CancelledError> { a.await() }
      q.getNowait() shouldBe 1
      q.getNowait() shouldBe 2
      q.statistics().unfinishedTasks shouldBe 2
    }
  }

  test("LIFO and priority queues: an item promised to a getter cancelled before it ran never moved") {
    runVirtual {
      val lifo = LifoQueue<Int>()
      val pq = PriorityQueue<Int>()
      val a = createTask { lifo.get() }
      val b = createTask { pq.get() }
      sleep(0.0)
      lifo.putNowait(5)
      pq.putNowait(5)
      lifo.putNowait(4)
      a.cancel()
      b.cancel()
      shouldThrow<CancelledError> { a.await() }
      shouldThrow<CancelledError> { b.await() }
      pq.putNowait(6)
      pq.putNowait(4)
      lifo.getNowait() shouldBe 4 // the buffer's own order: the top is the last put
      lifo.getNowait() shouldBe 5
      List(3) { pq.getNowait() } shouldContainExactly listOf(4, 5, 6)
    }
  }

  test("a putter cancelled while waiting stores nothing") {
    runVirtual {
      val q = Queue<Int>(1)
      q.putNowait(0)
      val a = createTask { q.put(1) }
      sleep(0.0)
      a.cancel().shouldBeTrue()
      shouldThrow<CancelledError> { a.await() }
      q.getNowait() shouldBe 0
      q.empty().shouldBeTrue()
      q.statistics().waitingPutters shouldBe 0
    }
  }

  test("a putter cancelled after it was granted room stores nothing and passes the room on") {
    runVirtual {
      val q = Queue<Int>(1)
      q.putNowait(0)
      val a = createTask { q.put(1) }
      val b = createTask { q.put(2) }
      sleep(0.0)
      q.getNowait() shouldBe 0 // room granted to a, which has not resumed yet
      q.full().shouldBeTrue()
      a.cancel().shouldBeTrue()
      shouldThrow<CancelledError> { a.await() }
      b.await()
      q.getNowait() shouldBe 2
      q.empty().shouldBeTrue()
      q.statistics().unfinishedTasks shouldBe 2
    }
  }

  test("a put with a waiting getter hands the item over even when the queue is bounded") {
    runVirtual {
      val q = Queue<Int>(1)
      val g = createTask { q.get() }
      sleep(0.0)
      q.put(1)
      q.put(2)
      g.await() shouldBe 1
      q.getNowait() shouldBe 2
    }
  }

  test("taskDone too often raises IllegalArgumentException and the queue stays usable") {
    val q = Queue<Int>()
    shouldThrow<IllegalArgumentException> { q.taskDone() }.message shouldContain "taskDone"
    q.putNowait(1)
    q.getNowait()
    q.taskDone()
    shouldThrow<IllegalArgumentException> { q.taskDone() }
    q.statistics().unfinishedTasks shouldBe 0
  }

  test("join waits until every item is marked done") {
    val log = mutableListOf<String>()
    runVirtual {
      val q = Queue<Int>()
      q.join() // nothing unfinished: returns at once
      for (i in 0 until 5) q.putNowait(i)
      var sum = 0
      val workers = (1..2).map {
        createTask {
          while (true) {
            val x = q.get()
            sleep(0.01)
            sum += x
            q.taskDone()
          }
        }
      }
      q.join()
      log += "joined sum=$sum"
      for (w in workers) w.cancel()
    }
    log shouldContainExactly listOf("joined sum=10")
  }

  test("shutdown: later puts fail, gets drain the rest and then fail") {
    runVirtual {
      val q = Queue<Int>()
      q.putNowait(1)
      q.shutdown()
      shouldThrow<QueueShutDown> { q.putNowait(2) }
      shouldThrow<QueueShutDown> { q.put(2) }
      q.get() shouldBe 1
      shouldThrow<QueueShutDown> { q.get() }
      shouldThrow<QueueShutDown> { q.getNowait() }
      q.toString() shouldContain "shutdown"
    }
  }

  test("shutdown wakes waiting putters and, on an empty queue, waiting getters with QueueShutDown") {
    runVirtual {
      val full = Queue<Int>(1)
      full.putNowait(0)
      val p = createTask { full.put(1) }
      val empty = Queue<Int>()
      val g = createTask { empty.get() }
      sleep(0.0)
      full.shutdown()
      empty.shutdown()
      shouldThrow<QueueShutDown> { p.await() }
      shouldThrow<QueueShutDown> { g.await() }
      full.getNowait() shouldBe 0
    }
  }

  test("shutdown(immediate) drops the items, releases join and fails getters") {
    runVirtual {
      val q = Queue<Int>()
      for (i in 0 until 3) q.putNowait(i)
      val joiner = createTask { q.join() }
      sleep(0.0)
      joiner.done().shouldBeFalse()
      q.shutdown(true)
      joiner.await()
      q.empty().shouldBeTrue()
      shouldThrow<QueueShutDown> { q.get() }
      q.statistics() shouldBe QueueStatistics(0, 0, 0, 0, 0, 0, true)
    }
  }

  test("shutdown(immediate) keeps join waiting for items already taken") {
    runVirtual {
      val q = Queue<Int>()
      q.putNowait(1)
      q.putNowait(2)
      q.getNowait() shouldBe 1
      val joiner = createTask { q.join() }
      sleep(0.0)
      q.shutdown(true)
      sleep(0.0)
      joiner.done().shouldBeFalse()
      q.taskDone()
      joiner.await()
    }
  }

  test("null items are allowed as sentinels, except in a natural-order priority queue") {
    runVirtual {
      val q = Queue<String?>()
      q.put(null)
      q.get() shouldBe null
      val pq = PriorityQueue<String>()
      @Suppress("UNCHECKED_CAST")
      val raw = pq as JQueue<String?>
      shouldThrow<NullPointerException> { raw.put(null) }.message shouldContain "null"
      pq.empty().shouldBeTrue()
      val tolerant = PriorityQueue<String?>(0, nullsFirst(naturalOrder()))
      tolerant.put("b")
      tolerant.put(null)
      tolerant.get() shouldBe null
      val strict = PriorityQueue<String?>(0, compareBy { it!!.length })
      shouldThrow<NullPointerException> { strict.put(null) }
      strict.empty().shouldBeTrue()
    }
  }

  test("consumeAsFlow consumes until shutdown and marks every item done") {
    runVirtual {
      val q = Queue<Int>(2)
      val producer = createTask {
        for (i in 1..5) q.put(i)
        q.shutdown()
      }
      q.consumeAsFlow().toList() shouldContainExactly listOf(1, 2, 3, 4, 5)
      producer.await()
      q.statistics().unfinishedTasks shouldBe 0
      q.join()
    }
  }

  test("several flow collectors compete: every item goes to exactly one") {
    runVirtual {
      val q = Queue<Int>()
      val seen = mutableListOf<Int>()
      val a = createTask { q.consumeAsFlow().collect { seen += it; sleep(0.0) } }
      val b = createTask { q.consumeAsFlow().collect { seen += it; sleep(0.0) } }
      for (i in 0 until 10) q.put(i)
      q.join()
      q.shutdown()
      a.await()
      b.await()
      seen.sorted() shouldContainExactly (0 until 10).toList()
    }
  }

  test("statistics and toString describe the state") {
    runVirtual {
      val q = Queue<Int>(1)
      q.putNowait(1)
      val p = launch { q.put(2) }
      sleep(0.0)
      q.statistics() shouldBe QueueStatistics(1, 1, 1, 0, 1, 0, false)
      q.toString() shouldBe "Queue[maxsize=1, qsize=1, getters=0, putters=1, unfinished=1]"
      LifoQueue<Int>().toString() shouldBe "LifoQueue[maxsize=0, qsize=0, getters=0, putters=0, unfinished=0]"
      q.get()
      p.join()
    }
  }
})
