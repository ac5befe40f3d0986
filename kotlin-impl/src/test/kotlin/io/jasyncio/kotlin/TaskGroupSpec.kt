package io.jasyncio.kotlin

import io.jasyncio.CancelledError
import io.jasyncio.Task
import io.jasyncio.TaskGroup
import io.jasyncio.TaskGroupException
import io.jasyncio.TimeoutError
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldEndWith
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.launch

private class MyExc : RuntimeException("my")

private fun messages(e: Throwable): List<String?> =
  (e as TaskGroupException).exceptions().map { it.message }

private fun types(e: Throwable): List<Class<*>> = (e as TaskGroupException).exceptions().map { it.javaClass }

private suspend fun crashAfter(seconds: Double, e: Throwable): Nothing {
  sleep(seconds)
  throw e
}

/** CPython's test_taskgroups restated for the Kotlin face (`taskGroup { }`), virtual clock. */
class TaskGroupSpec : FunSpec({
  test("01: the group waits for its tasks") {
    runVirtual {
      lateinit var t1: Task<Int>
      lateinit var t2: Task<Int>
      taskGroup {
        t1 = createTask { sleep(0.1); 42 }
        t2 = createTask { sleep(0.2); 11 }
      }
      t1.result() shouldBe 42
      t2.result() shouldBe 11
      getRunningLoop().time() shouldBe 0.2
    }
  }

  test("02, 03: a task created later; a task cancelled explicitly is not a failure") {
    runVirtual {
      lateinit var t1: Task<Int>
      lateinit var t2: Task<Int>
      taskGroup {
        t1 = createTask { sleep(1.0); 42 }
        sleep(0.15)
        t1.cancel()
        t2 = createTask { sleep(0.2); 11 }
      }
      t1.cancelled().shouldBeTrue()
      t2.result() shouldBe 11
    }
  }

  test("04: a failing task cancels its siblings; code after the group does not run") {
    runVirtual {
      var num = 0
      var t2Cancel = false
      lateinit var t2: Task<Unit>
      val e = shouldThrow<TaskGroupException> {
        createTask {
          taskGroup {
            createTask { crashAfter(0.1, ArithmeticException()) }
            t2 = createTask {
              try {
                sleep(1.0)
              } catch (e: CancellationException) {
                t2Cancel = true
                throw e
              }
              num += 1
            }
          }
          num += 10
        }.await()
      }
      types(e) shouldContainExactly listOf(ArithmeticException::class.java)
      num shouldBe 0
      t2Cancel.shouldBeTrue()
      t2.cancelled().shouldBeTrue()
    }
  }

  test("children failing together: siblings and the body are cancelled, every failure collected") {
    runVirtual {
      var bodyCancel = false
      val e = shouldThrow<TaskGroupException> {
        taskGroup {
          for (n in listOf("a", "b", "c")) createTask { crashAfter(0.1, ArithmeticException(n)) }
          createTask { sleep(5.0) }
          try {
            sleep(10.0)
          } catch (e: CancellationException) {
            bodyCancel = true
            throw e
          }
        }
      }
      // the three crash in one iteration; the group hears of it one iteration later (CPython's
      // done callback), so all three are collected, in completion order
      messages(e) shouldContainExactly listOf("a", "b", "c")
      bodyCancel.shouldBeTrue()
      getRunningLoop().time() shouldBe 0.1
    }
  }

  test("children failing in the same iteration all run, and every failure is collected") {
    runVirtual {
      val events = mutableListOf<String>()
      val e = shouldThrow<TaskGroupException> {
        taskGroup {
          for (n in listOf("a", "b", "c")) {
            createTask {
              events += "$n ran"
              throw ArithmeticException(n)
            }
          }
          createTask {
            try {
              sleep(5.0)
            } catch (e: CancellationException) {
              events += "t4 cancelled"
              throw e
            }
          }
          try {
            sleep(10.0)
          } catch (e: CancellationException) {
            events += "body cancelled"
            throw e
          }
        }
      }
      messages(e) shouldContainExactly listOf("a", "b", "c")
      e.message shouldBe "unhandled errors in a TaskGroup (3 sub-exceptions)"
      events shouldContainExactly
        listOf("a ran", "b ran", "c ran", "t4 cancelled", "body cancelled")
      getRunningLoop().time() shouldBe 0.0
    }
  }

  test("the group aborts one iteration after a failure, before a sibling wakes from sleep(0)") {
    runVirtual {
      val events = mutableListOf<String>()
      lateinit var b: Task<Unit>
      val e = shouldThrow<TaskGroupException> {
        taskGroup {
          createTask {
            events += "a ran"
            throw ArithmeticException("a")
          }
          b = createTask {
            events += "b ran"
            sleep(0.0)
            events += "b woke"
          }
        }
      }
      messages(e) shouldContainExactly listOf("a")
      events shouldContainExactly listOf("a ran", "b ran")
      b.cancelled().shouldBeTrue()
    }
  }

  test("cancellation from outside, 07, 17, 22: children and body cancelled, CancelledError propagates") {
    runVirtual {
      var num = 0
      val r = createTask {
        taskGroup {
          repeat(5) {
            createTask {
              try {
                sleep(5.0)
              } catch (e: CancellationException) {
                num += 1
                throw e
              }
            }
          }
          try {
            sleep(10.0)
          } catch (e: CancellationException) {
            num += 10
            throw e
          }
        }
      }
      sleep(0.1)
      r.done().shouldBeFalse()
      r.cancel()
      shouldThrow<CancelledError> { r.await() }
      num shouldBe 15
    }
  }

  test("22: cancelled from outside while the group waits for its tasks: CancelledError") {
    runVirtual {
      val events = mutableListOf<String>()
      val r = createTask {
        taskGroup {
          createTask { try { sleep(1.0) } finally { events += "t1" } }
          createTask { try { sleep(2.0) } finally { events += "t2" } }
        }
      }
      sleep(0.05)
      r.cancel("bye")
      shouldThrow<CancelledError> { r.await() }.message shouldBe "bye"
      events shouldContainExactlyInAnyOrder listOf("t1", "t2")
      getRunningLoop().time() shouldBe 0.05
    }
  }

  test("08: children failing in their cleanup while cancelled from outside: their errors win") {
    runVirtual {
      val r = createTask {
        taskGroup {
          repeat(5) {
            createTask {
              try {
                sleep(10.0)
              } finally {
                throw ArithmeticException()
              }
            }
          }
          sleep(10.0)
        }
      }
      sleep(0.1)
      r.cancel()
      val e = shouldThrow<TaskGroupException> { r.await() }
      types(e).toSet() shouldBe setOf(ArithmeticException::class.java)
      types(e).size shouldBe 5
    }
  }

  test("09, 10: a failing body cancels the children and is one of the errors") {
    runVirtual {
      lateinit var t1: Task<Int>
      lateinit var t2: Task<Int>
      val e = shouldThrow<TaskGroupException> {
        taskGroup {
          t1 = createTask { sleep(1.0); 42 }
          t2 = createTask { sleep(2.0); 11 }
          sleep(0.1)
          throw ArithmeticException()
        }
      }
      types(e) shouldContainExactly listOf(ArithmeticException::class.java)
      t1.cancelled().shouldBeTrue()
      t2.cancelled().shouldBeTrue()
      val e2 = shouldThrow<TaskGroupException> {
        taskGroup {
          t1 = createTask { sleep(1.0); 42 }
          throw ArithmeticException()
        }
      }
      types(e2) shouldContainExactly listOf(ArithmeticException::class.java)
      t1.cancelled().shouldBeTrue()
    }
  }

  test("11, 12: nested groups cancelled from outside: the outer group holds the inner group's errors") {
    runVirtual {
      val r = createTask {
        taskGroup {
          createTask { sleep(10.0) }
          taskGroup {
            repeat(5) {
              createTask {
                try {
                  sleep(10.0)
                } finally {
                  throw ArithmeticException()
                }
              }
            }
            sleep(10.0)
          }
        }
      }
      sleep(0.1)
      r.cancel()
      val e = shouldThrow<TaskGroupException> { r.await() }
      types(e) shouldContainExactly listOf(TaskGroupException::class.java)
      types(e.exceptions()[0]).toSet() shouldBe setOf(ArithmeticException::class.java)
    }
  }

  test("13: nested, the outer child crashes first") {
    runVirtual {
      val e = shouldThrow<TaskGroupException> {
        taskGroup {
          createTask { crashAfter(0.1, IllegalArgumentException("0.1")) }
          taskGroup { createTask { crashAfter(10.0, IllegalArgumentException("10")) } }
        }
      }
      types(e) shouldContainExactly listOf(IllegalArgumentException::class.java)
    }
  }

  test("14: nested, the inner child crashes first") {
    runVirtual {
      val e = shouldThrow<TaskGroupException> {
        taskGroup {
          createTask { crashAfter(10.0, IllegalArgumentException("10")) }
          taskGroup { createTask { crashAfter(0.1, IllegalArgumentException("0.1")) } }
        }
      }
      types(e) shouldContainExactly listOf(TaskGroupException::class.java)
      types(e.exceptions()[0]) shouldContainExactly listOf(IllegalArgumentException::class.java)
    }
  }

  test("15, 16: a body that waits in its cleanup after an outside cancel; a child crash wins") {
    runVirtual {
      val r = createTask {
        taskGroup {
          createTask { crashAfter(0.3, ArithmeticException()) }
          try {
            sleep(10.0)
          } catch (e: CancellationException) {
            kotlinx.coroutines.withContext(kotlinx.coroutines.NonCancellable) { sleep(0.5) }
            throw e
          }
        }
      }
      sleep(0.1)
      r.cancel()
      // the body still runs its cleanup when the child crashes (0.3): errors win over the cancel
      val e = shouldThrow<TaskGroupException> { r.await() }
      types(e) shouldContainExactly listOf(ArithmeticException::class.java)
    }
  }

  test("18: a body that turns the outside cancel into its own error: that error in the group") {
    runVirtual {
      var num = 0
      val r = createTask {
        taskGroup {
          try {
            sleep(10.0)
          } catch (e: CancellationException) {
            num += 10
            throw MyExc()
          }
        }
      }
      sleep(0.1)
      r.cancel()
      val e = shouldThrow<TaskGroupException> { r.await() }
      types(e) shouldContainExactly listOf(MyExc::class.java)
      num shouldBe 10
    }
  }

  test("19: a body failing in its cleanup and a crashed child: both errors, child first") {
    runVirtual {
      val e = shouldThrow<TaskGroupException> {
        taskGroup {
          createTask { crashAfter(0.1, ArithmeticException()) }
          try {
            sleep(10.0)
          } finally {
            throw MyExc()
          }
        }
      }
      types(e) shouldContainExactly listOf(ArithmeticException::class.java, MyExc::class.java)
      e.suppressed.map { it.javaClass } shouldContainExactly listOf(ArithmeticException::class.java, MyExc::class.java)
      e.message shouldBe "unhandled errors in a TaskGroup (2 sub-exceptions)"
    }
  }

  test("23: size counts the tasks not done") {
    runVirtual {
      taskGroup {
        repeat(10) { count ->
          sleep(0.1)
          createTask { sleep(0.3) }
          if (count == 5) (group.size() < 5).shouldBeTrue()
        }
        sleep(1.35)
        group.size() shouldBe 0
      }
    }
  }

  test("24, 25: tasks create tasks in the group while it waits") {
    runVirtual {
      var nhydras = 0
      suspend fun TaskGroupScope.hydra() {
        nhydras++
        sleep(0.01)
        createTask { hydra() }
        createTask { hydra() }
      }
      val e = shouldThrow<TaskGroupException> {
        taskGroup {
          createTask { hydra() }
          createTask {
            while (nhydras < 10) sleep(0.015)
            throw ArithmeticException()
          }
        }
      }
      types(e) shouldContainExactly listOf(ArithmeticException::class.java)
      (nhydras >= 10).shouldBeTrue()
      taskGroup {
        createTask {
          sleep(0.1)
          createTask { sleep(0.1) }
          createTask { sleep(0.2) }
        }
      }
    }
  }

  test("task names") {
    runVirtual {
      taskGroup { createTask("yolo") { sleep(0.0) }.name shouldBe "yolo" }
    }
  }

  test("no createTask after a failure: shutting down") {
    runVirtual {
      var msg = ""
      val e = shouldThrow<TaskGroupException> {
        taskGroup {
          createTask { crashAfter(0.001, ArithmeticException()) }
          createTask {
            try {
              sleep(1.0)
            } catch (e: CancellationException) {
              msg = shouldThrow<IllegalStateException> { createTask { } }.message!!
            }
          }
        }
      }
      types(e) shouldContainExactly listOf(ArithmeticException::class.java)
      msg shouldEndWith "is shutting down"
    }
  }

  test("createTask after the group finished: finished") {
    runVirtual {
      lateinit var scope: TaskGroupScope
      taskGroup { scope = this }
      shouldThrow<IllegalStateException> { scope.createTask { } }.message shouldEndWith "is finished"
      shouldThrow<IllegalStateException> { scope.group.task { } }.message shouldEndWith "is finished"
    }
  }

  test("cancelling level preserved; nested groups both failing") {
    runVirtual {
      shouldThrow<TaskGroupException> { taskGroup { createTask { crashAfter(0.0, IllegalStateException()) } } }
      currentTask()!!.cancelling() shouldBe 0
      var inner: Throwable? = null
      val outer = shouldThrow<TaskGroupException> {
        taskGroup {
          val outerTg = this
          try {
            taskGroup {
              createTask { crashAfter(0.0, IllegalStateException("inner")) }
              outerTg.createTask { crashAfter(0.0, IllegalArgumentException("outer")) }
            }
          } catch (e: TaskGroupException) {
            inner = e
          }
        }
      }
      types(inner!!) shouldContainExactly listOf(IllegalStateException::class.java)
      types(outer) shouldContainExactly listOf(IllegalArgumentException::class.java)
      currentTask()!!.cancelling() shouldBe 0
    }
  }

  test("error and cancel: a group failing while its task is cancelled; the task ends cancelled") {
    runVirtual {
      val started = getRunningLoop().createFuture<Unit>()
      var caught = false
      val t = createTask {
        try {
          taskGroup {
            createTask {
              started.setResult(Unit)
              sleep(0.0)
              throw IllegalStateException()
            }
            sleep(1.0)
            throw AssertionError("sleep in group should have been cancelled")
          }
        } catch (e: TaskGroupException) {
          caught = true
        }
        sleep(1.0)
        throw AssertionError("sleep after group should have been cancelled")
      }
      started.await()
      t.cancel()
      shouldThrow<CancelledError> { t.await() }
      t.cancelled().shouldBeTrue()
      caught.shouldBeTrue()
    }
  }

  test("cancel() (3.15): stops the tasks and the body; the group ends normally") {
    runVirtual {
      val events = mutableListOf<String>()
      taskGroup {
        createTask { try { sleep(5.0) } finally { events += "c1" } }
        createTask { try { sleep(5.0) } finally { events += "c2" } }
        getRunningLoop().callLater(1.0) { cancel() }
        try {
          sleep(10.0)
        } finally {
          events += "body"
        }
      }
      events shouldContainExactlyInAnyOrder listOf("c1", "c2", "body")
      getRunningLoop().time() shouldBe 1.0
    }
  }

  test("cancel() from a child, then no new tasks; idempotent; after the end nothing") {
    runVirtual {
      var msg = ""
      lateinit var scope: TaskGroupScope
      taskGroup {
        scope = this
        createTask { sleep(5.0) }
        createTask {
          sleep(1.0)
          group.cancel()
          group.cancel()
          msg = shouldThrow<IllegalStateException> { group.task { } }.message!!
        }
      }
      msg shouldEndWith "is shutting down"
      scope.cancel()
    }
  }

  test("cancel() while children fail in their cleanup: their errors are raised") {
    runVirtual {
      val e = shouldThrow<TaskGroupException> {
        taskGroup {
          createTask {
            try {
              sleep(5.0)
            } finally {
              throw MyExc()
            }
          }
          sleep(1.0)
          cancel()
        }
      }
      types(e) shouldContainExactly listOf(MyExc::class.java)
    }
  }

  test("cancel() by a Java-side holder from another thread") {
    runVirtual {
      taskGroup {
        createTask { sleep(5.0) }
        val g: TaskGroup = group
        val th = Thread { g.cancel() }
        th.start()
        toThread { th.join() }
        sleep(10.0)
      }
      (getRunningLoop().time() < 5.0).shouldBeTrue()
    }
  }

  test("a timeout around a group: the group is cancelled, the scope raises TimeoutError") {
    runVirtual {
      val events = mutableListOf<String>()
      shouldThrow<TimeoutError> {
        timeout(0.01) {
          taskGroup {
            createTask { try { sleep(2.0) } finally { events += "child" } }
            try { sleep(1.0) } finally { events += "body" }
          }
        }
      }
      events shouldContainExactlyInAnyOrder listOf("child", "body")
    }
  }

  test("a timeout around a group whose child fails in cleanup: the group's errors") {
    runVirtual {
      val e = shouldThrow<TaskGroupException> {
        timeout(0.01) {
          taskGroup {
            createTask {
              try {
                sleep(2.0)
              } finally {
                throw ArithmeticException()
              }
            }
            sleep(1.0)
          }
        }
      }
      types(e) shouldContainExactly listOf(ArithmeticException::class.java)
      e.suppressed.last().shouldBeInstanceOf<TimeoutError>()
    }
  }

  test("launch children of the body belong to the body") {
    runVirtual {
      val events = mutableListOf<String>()
      taskGroup {
        launch { sleep(1.0); events += "launched" }
        createTask { sleep(0.5); events += "task" }
      }
      events shouldContainExactly listOf("task", "launched")
    }
  }

  test("the group's toString") {
    runVirtual {
      taskGroup {
        createTask { sleep(1.0) }
        toString() shouldBe "TaskGroup[entered, tasks=1]"
      }
    }
  }

  test("no loop: IllegalStateException") {
    val e = shouldThrow<IllegalStateException> { kotlinx.coroutines.runBlocking { taskGroup { } } }
    e.message shouldContain "no running event loop"
  }
})
