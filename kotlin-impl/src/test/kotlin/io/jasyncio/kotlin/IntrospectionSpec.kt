package io.jasyncio.kotlin

import io.jasyncio.Asyncio
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import kotlinx.coroutines.awaitCancellation

// not tail calls, so that each has a coroutine frame of its own
private suspend fun leafWork(gate: io.jasyncio.Future<Int>): Int {
  val v = gate.await()
  return v + 1
}

private suspend fun midWork(leaf: io.jasyncio.Task<Int>): Int {
  val v = leaf.await()
  return v + 1
}

/** currentTask, allTasks, names, call graphs and the task dump through the Kotlin face. */
class IntrospectionSpec : FunSpec({
  test("call graph of Kotlin tasks: what each awaits, its coroutine frames, who awaits it") {
    runVirtual {
      val gate = getRunningLoop().createFuture<Int>()
      val leaf = createTask("leaf") { leafWork(gate) }
      val mid = createTask("mid") { midWork(leaf) }
      sleep(0.0)
      val g = captureCallGraph(leaf)!!
      g.future() shouldBe leaf
      g.awaiting() shouldBe gate
      withClue(formatCallGraph(leaf)) { g.callStack().any { it.methodName == "leafWork" }.shouldBeTrue() }
      g.awaitedBy().map { it.future() } shouldContainExactly listOf(mid)
      g.awaitedBy()[0].awaiting() shouldBe leaf
      g.awaitedBy()[0].callStack().any { it.methodName == "midWork" }.shouldBeTrue()
      val text = formatCallGraph(leaf)
      text shouldStartWith "* Task 'leaf' (id ${""}"
      text shouldContain "awaiting Future[pending]"
      text shouldContain "+ call stack:"
      text shouldContain "leafWork"
      text shouldContain "+ awaited by:"
      text shouldContain "* Task 'mid'"
      // the same graph through the Java face
      Asyncio.formatCallGraph(leaf) shouldBe text
      gate.setResult(1)
      mid.await() shouldBe 3
    }
  }

  test("call graph of the current task; null outside a task") {
    runVirtual {
      captureCallGraph()!!.future() shouldBe currentTask()
      formatCallGraph() shouldContain "* Task 'Task-"
    }
    kotlinx.coroutines.runBlocking { captureCallGraph().shouldBeNull() }
  }

  test("a Java task awaited by a Kotlin task, and the reverse") {
    runVirtual {
      val gate = getRunningLoop().createFuture<Int>()
      val java = Asyncio.createTask({ gate }, "java")
      val kotlin = createTask("kotlin") { java.await() }
      val java2 = Asyncio.createTask({ kotlin }, "java2")
      sleep(0.0)
      val g = captureCallGraph(java)!!
      g.awaiting() shouldBe gate
      g.callStack() shouldBe emptyList()
      g.awaitedBy().map { it.future() } shouldContainExactly listOf(kotlin)
      g.awaitedBy()[0].awaitedBy().map { it.future() } shouldContainExactly listOf(java2)
      gate.setResult(1)
      java2.await() shouldBe 1
    }
  }

  test("dumpTasks lists every pending task as asyncio ps does") {
    runVirtual {
      val sleeper = createTask("sleeper") { awaitCancellation() }
      val gate = getRunningLoop().createFuture<Unit>()
      val waiter = createTask("waiter") { gate.await() }
      val boss = createTask("boss") { waiter.await() }
      sleep(0.0)
      val table = dumpTasks()
      val lines = table.lines()
      lines[0] shouldStartWith "task id"
      lines.size shouldBe 6 // header, rule, main, sleeper, waiter, boss
      lines.single { "'waiter'" !in it && "waiter" in it } shouldContain "'boss'"
      lines.single { "boss" in it && "Task 'waiter'" in it }.isNotEmpty().shouldBeTrue()
      Asyncio.dumpTasks() shouldBe table
      gate.setResult(Unit)
      boss.await()
      sleeper.cancel()
    }
  }

  test("currentTask, allTasks and names agree across the faces") {
    runVirtual {
      val me = currentTask()!!
      Asyncio.currentTask() shouldBe me
      val t = createTask("kt") { sleep(1.0) }
      allTasks() shouldBe Asyncio.allTasks()
      allTasks().contains(t).shouldBeTrue()
      t.name shouldBe "kt"
      t.setName("renamed")
      Asyncio.allTasks().single { it !== me }.name shouldBe "renamed"
    }
  }
})
