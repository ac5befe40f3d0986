package io.jasyncio.interop

import io.jasyncio.AsyncCallable
import io.jasyncio.Asyncio
import io.jasyncio.CancelledError
import io.jasyncio.ExceptionContext
import io.jasyncio.Task
import io.jasyncio.kotlin.await
import io.jasyncio.kotlin.createTask
import io.jasyncio.kotlin.currentTask
import io.jasyncio.kotlin.getRunningLoop
import io.jasyncio.kotlin.sleep
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.throwables.shouldThrowExactly
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeSameInstanceAs
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.launch
import java.io.IOException

/** Kotlin code driving tasks made by the Java face, and Java code awaiting Kotlin tasks. */
class JavaTasksFromKotlinSpec : FunSpec({
  test("a Java task is awaited from Kotlin with await()") {
    runVirtual {
      val jt: Task<String> = JavaSide.sleepThenReturn(2.0, "from java")
      jt.await() shouldBe "from java"
      getRunningLoop().time() shouldBe 2.0
    }
  }

  test("a Java task made with loop.createTask(AsyncCallable) from Kotlin is awaited") {
    runVirtual {
      val jt = getRunningLoop().createTask(AsyncCallable { Asyncio.sleep(1.0, 7) }, "sam")
      jt.name shouldBe "sam"
      jt.await() shouldBe 7
    }
  }

  test("a Kotlin task is awaited by a Java callable with thenApply, then back in Kotlin") {
    runVirtual {
      val kt = createTask { sleep(1.0); 41 }
      JavaSide.plusOne(kt).await() shouldBe 42
    }
  }

  test("a Kotlin task is awaited by a Java callable with thenCompose") {
    runVirtual {
      val kt = createTask { sleep(1.0); 41 }
      JavaSide.thenSleep(kt, 2.0).await() shouldBe "slept after 41"
      getRunningLoop().time() shouldBe 3.0
    }
  }

  test("a Java callable's checked exception reaches Kotlin unwrapped") {
    runVirtual {
      shouldThrowExactly<IOException> { JavaSide.throwing(IOException("java io")).await() }
        .message shouldBe "java io"
    }
  }

  test("a failure inside a Java thenApply reaches Kotlin without CompletionException") {
    runVirtual {
      val e = shouldThrow<Throwable> {
        JavaSide.failingInThenApply(IllegalStateException("in thenApply")).await()
      }
      e::class shouldBe IllegalStateException::class
      e.message shouldBe "in thenApply"
    }
  }

  test("a Java stage failing on another thread reaches Kotlin without CompletionException") {
    runVirtual {
      val e = shouldThrow<Throwable> {
        JavaSide.failingOnAnotherThread(UnsupportedOperationException("elsewhere")).await()
      }
      e::class shouldBe UnsupportedOperationException::class
      e.message shouldBe "elsewhere"
    }
  }

  test("a Kotlin failure reaches a Java callable as the cause, type and message kept") {
    runVirtual {
      val kt = createTask<Int> { sleep(1.0); throw IOException("kotlin io") }
      JavaSide.describeFailure(kt).await() shouldBe "java.io.IOException: kotlin io"
    }
  }

  test("a Java failure caught in Kotlin is not reported as never retrieved") {
    val reports = mutableListOf<ExceptionContext>()
    runVirtual {
      getRunningLoop().setExceptionHandler { _, ctx -> reports += ctx }
      shouldThrow<IOException> { JavaSide.throwing(IOException("caught in kotlin")).await() }
    }
    reports.shouldBeEmpty()
  }

  test("a Kotlin failure handled in Java is not reported as never retrieved") {
    val reports = mutableListOf<ExceptionContext>()
    runVirtual {
      getRunningLoop().setExceptionHandler { _, ctx -> reports += ctx }
      val kt = createTask<Int> { sleep(1.0); throw IOException("handled in java") }
      JavaSide.describeFailure(kt).await()
    }
    reports.shouldBeEmpty()
  }

  test("cancelling the coroutine that awaits a Java task cancels the Java task") {
    val events = mutableListOf<String>()
    runVirtual {
      val jt = JavaSide.sleepWithFinally(events)
      val awaiter = createTask { jt.await() }
      sleep(0.0)
      awaiter.cancel("from kotlin")
      shouldThrow<CancelledError> { awaiter.await() }.message shouldBe "from kotlin"
      shouldThrow<CancelledError> { jt.await() }
      jt.cancelled().shouldBeTrue()
      getRunningLoop().time() shouldBe 0.0
    }
    events.size shouldBe 1
    events[0].startsWith("java finally CancelledError").shouldBeTrue()
  }

  test("Java's task.cancel(msg) runs the Kotlin finally blocks") {
    val events = mutableListOf<String>()
    runVirtual {
      val kt = createTask {
        try {
          awaitCancellation()
        } finally {
          events += "kotlin finally"
        }
      }
      sleep(0.0)
      JavaSide.cancel(kt, "from java").shouldBeTrue()
      shouldThrow<CancelledError> { kt.await() }.message shouldBe "from java"
    }
    events shouldContainExactly listOf("kotlin finally")
  }

  test("Java's Asyncio.currentTask() inside a Kotlin task returns that task") {
    runVirtual {
      val kt = createTask { sleep(0.0); JavaSide.currentTask() }
      kt.await() shouldBeSameInstanceAs kt
      JavaSide.currentTask() shouldBeSameInstanceAs currentTask()
    }
  }

  test("Java's Asyncio.currentTask() in a coroutine launched by a Kotlin task returns it") {
    runVirtual {
      val kt = createTask {
        var seen: Task<*>? = null
        launch { sleep(1.0); seen = JavaSide.currentTask() }.join()
        seen
      }
      kt.await() shouldBeSameInstanceAs kt
    }
  }

  test("Kotlin's currentTask() after awaiting a Java task is still the Kotlin task") {
    runVirtual {
      val kt = createTask {
        JavaSide.sleepThenReturn(1.0, "x").await()
        currentTask() to JavaSide.currentTask()
      }
      val (k, j) = kt.await()
      k shouldBeSameInstanceAs kt
      j shouldBeSameInstanceAs kt
    }
  }

  test("a nested Java Asyncio.run inside a Kotlin task throws IllegalStateException") {
    runVirtual {
      shouldThrow<IllegalStateException> { JavaSide.nestedRun() }
      "outer goes on"
    } shouldBe "outer goes on"
  }
})
