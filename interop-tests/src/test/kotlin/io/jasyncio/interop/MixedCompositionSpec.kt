package io.jasyncio.interop

import io.jasyncio.Asyncio
import io.jasyncio.TimeoutError
import io.jasyncio.kotlin.await
import io.jasyncio.kotlin.createTask
import io.jasyncio.kotlin.gather
import io.jasyncio.kotlin.getRunningLoop
import io.jasyncio.kotlin.shield
import io.jasyncio.kotlin.sleep
import io.jasyncio.kotlin.waitFor
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe

/** Kotlin composition over Java and Kotlin children on one loop. */
class MixedCompositionSpec : FunSpec({
  test("Kotlin gather of a Java task, a Kotlin task and a Java-made gather") {
    runVirtual {
      val java = JavaSide.sleepThenReturn(0.2, "java")
      val kotlin = createTask { sleep(0.1); "kotlin" }
      val javaGather = Asyncio.gather(JavaSide.sleepThenReturn(0.3, "inner"))
      gather(java, kotlin) shouldContainExactly listOf("java", "kotlin")
      gather(javaGather) shouldContainExactly listOf(listOf("inner"))
      getRunningLoop().time() shouldBe 0.3
    }
  }

  test("cancelling a Kotlin caller of gather cancels the Java children") {
    runVirtual {
      val java = JavaSide.sleepThenReturn(5.0, "java")
      val waiter = createTask { gather(java) }
      sleep(0.1)
      waiter.cancel()
      sleep(0.0)
      sleep(0.0)
      java.cancelled().shouldBeTrue()
    }
  }

  test("Kotlin waitFor of a Java task times out and cancels it") {
    runVirtual {
      val java = JavaSide.sleepThenReturn(5.0, "java")
      shouldThrow<TimeoutError> { waitFor(java, 0.5) }
      java.cancelled().shouldBeTrue()
      getRunningLoop().time() shouldBe 0.5
    }
  }

  test("Kotlin shield of a Java task: the caller's cancellation does not reach it") {
    runVirtual {
      val java = JavaSide.sleepThenReturn(1.0, "java")
      val waiter = createTask { shield(java) }
      sleep(0.1)
      waiter.cancel()
      sleep(0.0)
      java.cancelled().shouldBeFalse()
      java.await() shouldBe "java"
    }
  }
})
