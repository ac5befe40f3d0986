package io.jasyncio.interop

import io.jasyncio.CancelledError
import io.jasyncio.Runner
import io.jasyncio.kotlin.Queue
import io.jasyncio.kotlin.await
import io.jasyncio.kotlin.createTask
import io.jasyncio.kotlin.get
import io.jasyncio.kotlin.put
import io.jasyncio.kotlin.runSuspending
import io.jasyncio.kotlin.sleep
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import java.util.concurrent.CopyOnWriteArrayList

/** Direct-style Java tasks and Kotlin coroutines on one loop, sharing queues and awaiting each other. */
class DirectInteropSpec : FunSpec({
  test("a Kotlin coroutine and a direct Java task play ping-pong over queues") {
    val log = CopyOnWriteArrayList<String>()
    val last = runVirtual {
      val toJava = Queue<Int>(1)
      val toKotlin = Queue<Int>(1)
      val java = JavaDirectSide.pong(toJava, toKotlin, 3, log)
      var n = 0
      repeat(3) {
        toJava.put(n)
        n = toKotlin.get()
        log.add("kotlin got $n")
        n++
      }
      java.await() // a Kotlin coroutine awaits a direct task: it is a Task
    }
    last shouldBe 5
    log shouldContainExactly listOf("java got 0", "kotlin got 1", "java got 2", "kotlin got 3", "java got 4", "kotlin got 5")
  }

  test("a direct Java task awaits a Kotlin task") {
    val r = runVirtual {
      val k = createTask { sleep(1.0); 4 }
      JavaDirectSide.timesTen(k).await()
    }
    r shouldBe 40
  }

  test("cancelling a Kotlin await of a direct task cancels the task, whose finally awaits") {
    val log = CopyOnWriteArrayList<String>()
    runVirtual {
      val j = JavaDirectSide.sleepy(10.0, "late", log)
      val waiter = createTask { j.await() }
      sleep(1.0)
      waiter.cancel()
      shouldThrow<CancelledError> { j.await() }
      j.isCancelled shouldBe true
    }
    log shouldContainExactly listOf("java finally ran")
  }

  test("Kotlin code a direct Java task calls sees the task's running loop, and a nested Kotlin run is refused") {
    // in the carrier mode the body's thread has no thread-locals: the loop is found from its thread
    val r = runVirtual {
      val loop = io.jasyncio.kotlin.getRunningLoop()
      JavaDirectSide.callInBody {
        val nested = try {
          Runner { io.jasyncio.Asyncio.newEventLoop() }.use { it.runSuspending { "ran" } }
        } catch (e: IllegalStateException) {
          "refused: ${e.message}"
        }
        "$nested; same loop: ${io.jasyncio.Asyncio.getRunningLoop() === loop}"
      }.await()
    }
    r shouldBe "refused: Runner.run() cannot be called from a running event loop (it would block the loop); same loop: true"
  }
})
