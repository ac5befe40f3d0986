package io.jasyncio.kotlin

import io.jasyncio.Asyncio
import io.jasyncio.testing.VirtualClock
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeSameInstanceAs
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout
import kotlin.time.Duration.Companion.hours

class CurrentTaskScopesSpec : FunSpec({
  test("after a suspension inside coroutineScope, withTimeout and launch, both faces see the task") {
    val seen = mutableListOf<Pair<Any?, Any?>>()
    asyncioRun(VirtualClock()) {
      val task = createTask("outer") {
        coroutineScope {
          sleep(1.0)
          seen += currentTask() to Asyncio.currentTask()
          launch {
            sleep(1.0)
            seen += currentTask() to Asyncio.currentTask()
          }
        }
        withTimeout(1.hours) {
          sleep(1.0)
          seen += currentTask() to Asyncio.currentTask()
        }
      }
      task.await()
      seen.size shouldBe 3
      for ((kotlinFace, javaFace) in seen) {
        kotlinFace shouldBeSameInstanceAs task
        javaFace shouldBeSameInstanceAs task
      }
      // between steps, in the main task, it is the main task again
      Asyncio.currentTask() shouldBeSameInstanceAs currentTask()
    }
  }
})
