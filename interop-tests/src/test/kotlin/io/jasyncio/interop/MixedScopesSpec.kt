package io.jasyncio.interop

import io.jasyncio.Asyncio
import io.jasyncio.AsyncCallable
import io.jasyncio.CancelledError
import io.jasyncio.Task
import io.jasyncio.TaskGroupException
import io.jasyncio.TimeoutError
import io.jasyncio.kotlin.await
import io.jasyncio.kotlin.createTask
import io.jasyncio.kotlin.deadline
import io.jasyncio.kotlin.enterSuspending
import io.jasyncio.kotlin.getRunningLoop
import io.jasyncio.kotlin.sleep
import io.jasyncio.kotlin.taskGroup
import io.jasyncio.kotlin.timeout
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.shouldBe

/** Java and Kotlin children in one TaskGroup, and timeouts across the faces, driven from Kotlin. */
class MixedScopesSpec : FunSpec({
  test("a Kotlin group with Java and Kotlin children: results of both") {
    runVirtual {
      val events = mutableListOf<String>()
      lateinit var j: Task<String>
      lateinit var k: Task<String>
      taskGroup {
        j = JavaScopeSide.sleepingChild(group, 0.2, events)
        k = createTask { sleep(0.1); "kotlin result" }
      }
      j.result() shouldBe "java result"
      k.result() shouldBe "kotlin result"
      events shouldContainExactly listOf("java done")
    }
  }

  test("a Java child failing cancels the Kotlin children and the body; the group holds the Java failure") {
    runVirtual {
      val events = mutableListOf<String>()
      val e = shouldThrow<TaskGroupException> {
        taskGroup {
          JavaScopeSide.failingChild(group, 0.1, IllegalStateException("java boom"))
          createTask { try { sleep(5.0) } finally { events += "kotlin finally" } }
          JavaScopeSide.sleepingChild(group, 5.0, events)
          try { sleep(10.0) } finally { events += "body finally" }
        }
      }
      e.exceptions().map { it.message } shouldContainExactly listOf("java boom")
      events shouldContainExactlyInAnyOrder listOf("kotlin finally", "java cancelled", "body finally")
    }
  }

  test("Java's timeout around a Kotlin task: TimeoutError, the Kotlin task's finally ran") {
    runVirtual {
      var fin = false
      val t = createTask { try { sleep(10.0) } finally { fin = true } }
      shouldThrow<TimeoutError> { JavaScopeSide.timeoutAround(0.1, t).await() }
      t.cancelled().shouldBeTrue()
      fin.shouldBeTrue()
    }
  }

  test("Kotlin's timeout around awaiting a Java task: TimeoutError, the Java task is cancelled") {
    runVirtual {
      val j: Task<String> = Asyncio.createTask(AsyncCallable { Asyncio.sleep(10.0, "late") })
      shouldThrow<TimeoutError> { timeout(0.1) { j.await() } }
      j.cancelled().shouldBeTrue()
      shouldThrow<CancelledError> { j.await() }
    }
  }

  test("Java's timeout(null) entered by Kotlin: no deadline until Java code sets one") {
    val seen = runVirtual {
      val t = JavaScopeSide.noDeadline()
      val before = t.deadline
      val e = shouldThrow<TimeoutError> {
        t.enterSuspending {
          sleep(5.0)
          JavaScopeSide.rescheduleIn(this, 0.25)
          sleep(3600.0)
        }
      }
      listOf(before, t.deadline, t.expired(), getRunningLoop().time(), e.cause is CancelledError)
    }
    seen shouldContainExactly listOf(null, 5.25, true, 5.25, true)
  }

  test("Kotlin's timeout(null) around a Java task, armed by a Java callback: the task is cancelled") {
    val seen = runVirtual {
      val loop = getRunningLoop()
      val j = JavaSide.sleepThenReturn(3600.0, "late")
      val e = shouldThrow<TimeoutError> {
        timeout(null) {
          val scope = this
          loop.callLater(1.0) { JavaScopeSide.rescheduleIn(scope, 0.5) }
          j.await()
        }
      }
      listOf(loop.time(), j.cancelled(), e.cause is CancelledError)
    }
    seen shouldContainExactly listOf(1.5, true, true)
  }
})
