package io.jasyncio.kotlin

import io.jasyncio.Asyncio
import io.jasyncio.CancelledError
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe

/** CPython's test_eager_task_factory restated for the Kotlin face. */
class EagerTaskSpec : FunSpec({
  test("eager completion: done when createTask returns, never listed, cancel is false") {
    runVirtual {
      val events = mutableListOf<String>()
      val t = createTask(eagerStart = true) { events += "step"; "hello" }
      events += "created"
      t.done().shouldBeTrue()
      t.result() shouldBe "hello"
      t.cancel().shouldBeFalse()
      allTasks().contains(t).shouldBeFalse()
      events shouldContainExactly listOf("step", "created")
    }
  }

  test("block after the eager step: runs to its first suspension, then like any task") {
    runVirtual {
      val events = mutableListOf<String>()
      val t = createTask(eagerStart = true) {
        events += "step 1"
        sleep(0.0)
        events += "step 2"
        "later"
      }
      events += "created"
      t.done().shouldBeFalse()
      allTasks().contains(t).shouldBeTrue()
      t.await() shouldBe "later"
      events shouldContainExactly listOf("step 1", "created", "step 2")
    }
  }

  test("cancellation after the eager step blocks") {
    runVirtual {
      val t = createTask(eagerStart = true) { sleep(10.0) }
      t.cancel("stop").shouldBeTrue()
      shouldThrow<CancelledError> { t.await() }.message shouldBe "stop"
    }
  }

  test("current task inside the eager step is the new task, and is restored after") {
    runVirtual {
      val outer = currentTask()
      var inside: Any? = null
      var javaInside: Any? = null
      val t = createTask(eagerStart = true) {
        inside = currentTask()
        javaInside = Asyncio.currentTask()
      }
      inside shouldBe t
      javaInside shouldBe t
      currentTask() shouldBe outer
      Asyncio.currentTask() shouldBe outer
    }
  }

  test("await a done future during the eager step: still done at once") {
    runVirtual {
      val f = getRunningLoop().createFuture<Int>()
      f.setResult(5)
      val t = createTask(eagerStart = true) { f.await() + 1 }
      t.done().shouldBeTrue()
      t.result() shouldBe 6
    }
  }

  test("the loop's eager setting applies to createTask, loop.task and group children; eagerStart=false overrides") {
    runVirtual {
      val loop = getRunningLoop()
      Asyncio.setEagerTaskStart(loop, true)
      val events = mutableListOf<String>()
      createTask { events += "a" }
      loop.task { events += "b" }
      taskGroup { createTask { events += "c" }; events += "body" }
      createTask(eagerStart = false) { events += "d" }
      events += "end"
      Asyncio.setEagerTaskStart(loop, false)
      sleep(0.0)
      events shouldContainExactly listOf("a", "b", "c", "body", "end", "d")
    }
  }

  test("a failure in the eager step fails the task at once") {
    runVirtual {
      val t = createTask<Int>(eagerStart = true) { throw IllegalStateException("boom") }
      t.done().shouldBeTrue()
      shouldThrow<IllegalStateException> { t.await() }.message shouldBe "boom"
    }
  }
})
