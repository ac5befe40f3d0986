package io.jasyncio.kotlin

import io.jasyncio.Future
import io.jasyncio.Task
import io.kotest.assertions.throwables.shouldThrowExactly
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.collections.shouldNotContain
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldMatch
import io.kotest.matchers.types.shouldBeInstanceOf
import io.kotest.matchers.types.shouldBeSameInstanceAs
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import java.io.IOException
import java.util.concurrent.CompletableFuture

class TaskSpec : FunSpec({
  test("createTask returns the Task type Java sees, a CompletableFuture") {
    runVirtual {
      val t: Task<Int> = createTask { 1 }
      t.shouldBeInstanceOf<Future<Int>>()
      t.shouldBeInstanceOf<CompletableFuture<Int>>()
      t.loop shouldBeSameInstanceAs getRunningLoop()
      t.await() shouldBe 1
      t.done().shouldBeTrue()
      t.result() shouldBe 1
    }
  }

  test("a task is named Task-N unless a name is given, and can be renamed") {
    runVirtual {
      val anon = createTask { }
      val named = createTask("worker") { }
      anon.name shouldMatch Regex("Task-\\d+")
      named.name shouldBe "worker"
      named.name = "renamed"
      named.name shouldBe "renamed"
      getRunningLoop().task("from-loop") { }.name shouldBe "from-loop"
    }
  }

  test("a task starts in a later iteration, not inside createTask") {
    val events = mutableListOf<String>()
    runVirtual {
      val t = createTask { events += "task runs" }
      events += "created"
      t.done().shouldBeFalse()
      sleep(0.0)
      events += "main resumes"
      t.done().shouldBeTrue()
    }
    events shouldContainExactly listOf("created", "task runs", "main resumes")
  }

  test("tasks start in creation order") {
    val events = mutableListOf<Int>()
    runVirtual {
      val tasks = (1..5).map { i -> createTask { events += i } }
      tasks.forEach { it.await() }
    }
    events shouldContainExactly listOf(1, 2, 3, 4, 5)
  }

  test("EventLoop.task from the loop thread is scheduled like createTask") {
    val steps = Steps()
    runVirtual {
      steps.expect(1)
      val t = getRunningLoop().task { steps.expect(3); "ok" }
      steps.expect(2)
      t.await() shouldBe "ok"
      steps.finish(4)
    }
    steps.assertFinished(4)
  }

  test("await returns a task's result after it suspended") {
    runVirtual {
      val t = createTask { sleep(30.0); "late" }
      t.await() shouldBe "late"
      getRunningLoop().time() shouldBe 30.0
    }
  }

  test("await rethrows a task's exception with its type and message") {
    runVirtual {
      val t = createTask<Int> { sleep(1.0); throw IllegalArgumentException("bad arg") }
      shouldThrowExactly<IllegalArgumentException> { t.await() }.message shouldBe "bad arg"
    }
  }

  test("await rethrows a checked exception unwrapped") {
    runVirtual {
      val t = createTask<Int> { sleep(1.0); throw IOException("no disk") }
      shouldThrowExactly<IOException> { t.await() }.message shouldBe "no disk"
    }
  }

  test("await keeps a custom exception type") {
    class Custom(msg: String) : RuntimeException(msg)
    runVirtual {
      val t = createTask<Int> { throw Custom("mine") }
      shouldThrowExactly<Custom> { t.await() }.message shouldBe "mine"
    }
  }

  test("a failed task exposes its exception through exception() and result()") {
    runVirtual {
      val t = createTask<Int> { throw IllegalStateException("broken") }
      shouldThrowExactly<IllegalStateException> { t.await() }
      val e = t.exception()
      e.shouldBeInstanceOf<IllegalStateException>()
      e.message shouldBe "broken"
      shouldThrowExactly<IllegalStateException> { t.result() }.message shouldBe "broken"
    }
  }

  test("await of a done task returns its result") {
    runVirtual {
      val t = createTask { 7 }
      sleep(0.0)
      t.done().shouldBeTrue()
      t.await() shouldBe 7
      t.await() shouldBe 7
    }
  }

  test("currentTask() inside a task is that task") {
    runVirtual {
      val t = createTask { currentTask() }
      t.await() shouldBeSameInstanceAs t
    }
  }

  test("currentTask() of the main block is the main task") {
    runVirtual {
      val main = currentTask()
      main.shouldNotBeNull()
      main.done().shouldBeFalse()
      allTasks() shouldContain main
    }
  }

  test("currentTask() in children launched inside a task reports that task") {
    runVirtual {
      val t = createTask {
        coroutineScope {
          val a = async { sleep(1.0); currentTask() }
          var fromLaunch: Task<*>? = null
          launch { sleep(0.0); fromLaunch = currentTask() }.join()
          listOf(a.await(), fromLaunch)
        }
      }
      t.await() shouldContainExactly listOf(t, t)
    }
  }

  test("currentTask() is right after each resumption when tasks interleave") {
    runVirtual {
      val seen = mutableListOf<Pair<String, Task<*>?>>()
      val a = createTask("a") { repeat(2) { seen += "a" to currentTask(); sleep(0.0) } }
      val b = createTask("b") { repeat(2) { seen += "b" to currentTask(); sleep(0.0) } }
      a.await()
      b.await()
      seen.forEach { (who, task) -> task!!.name shouldBe who }
      seen.map { it.first } shouldContainExactly listOf("a", "b", "a", "b")
    }
  }

  test("currentTask() outside a jasyncio task is null") {
    runBlocking { currentTask() }.shouldBeNull()
  }

  test("allTasks() lists the pending tasks, not the done ones") {
    runVirtual {
      val main = currentTask()!!
      val quick = createTask("quick") { }
      val slow = createTask("slow") { sleep(100.0) }
      allTasks() shouldContainExactlyInAnyOrder listOf(main, quick, slow)
      quick.await()
      allTasks() shouldContainExactlyInAnyOrder listOf(main, slow)
      slow.await()
      allTasks() shouldNotContain slow
      allTasks() shouldContainExactly listOf(main)
    }
  }
})
