package io.jasyncio.kotlin

import io.jasyncio.CancelledError
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import java.io.IOException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage

/** CPython test_tasks' gather tests through the Kotlin face. */
class GatherSpec : FunSpec({
  test("results in argument order, not completion order") {
    runVirtual {
      val slow = createTask { sleep(0.3); 1 }
      val fast = createTask { sleep(0.1); 2 }
      gather(slow, fast) shouldContainExactly listOf(1, 2)
      getRunningLoop().time() shouldBe 0.3
    }
  }

  test("suspend blocks become tasks, started in argument order") {
    val events = mutableListOf<String>()
    runVirtual {
      gather({ events += "a"; sleep(0.2); 1 }, { events += "b"; sleep(0.1); 2 }) shouldContainExactly listOf(1, 2)
    }
    events shouldContainExactly listOf("a", "b")
  }

  test("kotlinx Deferreds gather too; the same one twice is awaited once") {
    runVirtual {
      coroutineScope {
        val d = async { sleep(0.1); 5 }
        val e = async { 6 }
        gather(d, e, d) shouldContainExactly listOf(5, 6, 5)
      }
    }
  }

  test("an empty collection gives an empty list") {
    runVirtual { gather(emptyList<CompletionStage<Int>>()).shouldBeEmpty() }
  }

  test("gather() and gatherResults() with no argument compile and return an empty list at once") {
    val seen = runVirtual {
      val before = getRunningLoop().time()
      val ints: List<Int> = gather()
      val results: List<Result<String>> = gatherResults()
      gather() // also as a statement, with no expected type
      listOf(ints, results, gather(), getRunningLoop().time() - before)
    }
    seen shouldContainExactly listOf(emptyList<Int>(), emptyList<Int>(), emptyList<Int>(), 0.0)
  }

  test("gather() with no argument outside a jasyncio loop is an IllegalStateException") {
    shouldThrow<IllegalStateException> { kotlinx.coroutines.runBlocking { gather() } }
      .message shouldBe "no running event loop"
  }

  test("the first failure is thrown at once; the other children keep running") {
    runVirtual {
      val slow = createTask { sleep(1.0); 2 }
      val e = shouldThrow<IOException> {
        gather(createTask<Int> { sleep(0.1); throw IOException("boom") }, slow)
      }
      e.message shouldBe "boom"
      getRunningLoop().time() shouldBe 0.1
      slow.done().shouldBeFalse()
      slow.await() shouldBe 2
    }
  }

  test("gatherResults returns failures and cancellations as Results") {
    runVirtual {
      val loop = getRunningLoop()
      val failed = loop.createFuture<Int>().also { it.setException(IOException("io")) }
      val cancelled = loop.createFuture<Int>().also { it.cancel("stop") }
      val r = gatherResults(createTask { sleep(0.1); 1 }, failed, cancelled)
      r[0] shouldBe Result.success(1)
      r[1].exceptionOrNull().shouldBeInstanceOf<IOException>()
      r[2].exceptionOrNull().shouldBeInstanceOf<CancelledError>().message shouldBe "stop"
      gatherResults({ 1 }, { throw IllegalStateException("x") })[1].exceptionOrNull()
        .shouldBeInstanceOf<IllegalStateException>()
    }
  }

  test("cancelling the caller cancels every child (asyncio: the gather is cancelled)") {
    val events = mutableListOf<String>()
    runVirtual {
      val a = createTask { try { sleep(10.0) } finally { events += "a finally" } }
      val b = createTask { try { sleep(20.0) } finally { events += "b finally" } }
      val waiter = createTask { gather(a, b) }
      sleep(0.5)
      waiter.cancel("enough")
      shouldThrow<CancelledError> { waiter.await() }
      a.cancelled().shouldBeTrue()
      b.cancelled().shouldBeTrue()
      getRunningLoop().time() shouldBe 0.5
    }
    events shouldContainExactly listOf("a finally", "b finally")
  }

  test("a child cancelled from outside fails the gather with CancelledError") {
    runVirtual {
      val a = createTask { sleep(1.0); 1 }
      val b = createTask { sleep(2.0); 2 }
      getRunningLoop().callLater(0.1) { a.cancel("outside") }
      shouldThrow<CancelledError> { gather(a, b) }.message shouldBe "outside"
      b.done().shouldBeFalse()
    }
  }

  test("Java and Kotlin children mix in one gather") {
    runVirtual {
      val javaStage: io.jasyncio.Task<String> = getRunningLoop().createTask { io.jasyncio.Asyncio.sleep(0.2, "java") }
      val kotlinTask = createTask { sleep(0.1); "kotlin" }
      gather(javaStage, kotlinTask) shouldContainExactly listOf("java", "kotlin")
    }
  }

  test("an awaitable of another loop is rejected") {
    val other = io.jasyncio.Asyncio.newEventLoop(io.jasyncio.testing.VirtualClock())
    try {
      runVirtual {
        val foreign = other.createFuture<Int>()
        shouldThrow<IllegalArgumentException> { gather(foreign) }.message!!.contains("different event loop").shouldBeTrue()
      }
    } finally {
      other.close()
    }
  }

  test("the cancel message reaches the caller through gather") {
    // CPython test_cancel_gather_2
    runVirtual {
      val t = createTask {
        while (true) gatherResults(createTask { sleep(0.05) })
      }
      sleep(0.2)
      t.cancel("my message")
      shouldThrow<CancelledError> { t.await() }.message shouldBe "my message"
    }
  }
})
