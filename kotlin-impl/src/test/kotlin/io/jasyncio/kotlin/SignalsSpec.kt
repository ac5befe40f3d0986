package io.jasyncio.kotlin

import io.jasyncio.CancelledError
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.CompletableDeferred
import sun.misc.Signal
import sun.misc.SignalHandler

/** Runs [block] with a counting handler of the test's own for [sig], so a signal never kills the JVM. */
private fun <T> withOwnHandler(sig: String, block: (AtomicInteger) -> T): T {
  val own = AtomicInteger()
  val before = Signal.handle(Signal(sig), SignalHandler { own.incrementAndGet() })
  try {
    return block(own)
  } finally {
    Signal.handle(Signal(sig), before)
  }
}

/** Runs [block] on a thread named "main", the thread asyncioRun handles Ctrl-C on (bounded). */
private fun <T> onMainNamedThread(block: () -> T): T {
  var outcome: Result<T>? = null
  val t = Thread({ outcome = runCatching(block) }, "main")
  t.start()
  t.join(20_000)
  check(!t.isAlive) { "still running after 20 s" }
  return outcome!!.getOrThrow()
}

class SignalsSpec : FunSpec({
  test("addSignalHandler: the callback runs on the loop thread; remove restores the previous handler") {
    withOwnHandler("USR2") { own ->
      runReal {
        val loop = getRunningLoop()
        val ran = CompletableDeferred<Thread>()
        loop.addSignalHandler("USR2") { ran.complete(Thread.currentThread()) }
        Signal.raise(Signal("USR2"))
        val loopThread = Thread.currentThread()
        waitFor(10.0) { ran.await() } shouldBe loopThread
        loop.removeSignalHandler("USR2") shouldBe true
      }
      Signal.raise(Signal("USR2"))
      val deadline = System.nanoTime() + 10_000_000_000L
      while (own.get() == 0 && System.nanoTime() < deadline) Thread.onSpinWait()
      own.get() shouldBe 1
    }
  }

  test("unknown and JVM-reserved signals are rejected with IllegalArgumentException naming them") {
    runReal {
      val loop = getRunningLoop()
      shouldThrow<IllegalArgumentException> { loop.addSignalHandler("BOGUS") {} }.message shouldContain "BOGUS"
      shouldThrow<IllegalArgumentException> { loop.addSignalHandler("SIGQUIT") {} }.message shouldContain "SIGQUIT"
      shouldThrow<IllegalArgumentException> { loop.addSignalHandler("KILL") {} }.message shouldContain "SIGKILL"
    }
  }

  test("asyncioRun: the first SIGINT cancels the main coroutine and its finally runs; a second goes to the previous handler") {
    withOwnHandler("INT") { own ->
      val events = ArrayList<String>()
      shouldThrow<CancelledError> {
        onMainNamedThread {
          asyncioRun {
            try {
              Signal.raise(Signal("INT"))
              sleep(10.0)
            } finally {
              events.add("finally")
            }
          }
        }
      }
      events shouldBe listOf("finally")
      own.get() shouldBe 0
      // a Kotlin coroutine stays cancelled once cancelled (kotlinx): the rest runs NonCancellable
      shouldThrow<CancelledError> {
        onMainNamedThread {
          asyncioRun {
            Signal.raise(Signal("INT"))
            try {
              sleep(10.0)
            } catch (e: CancelledError) {
              events.add("cancelled")
              kotlinx.coroutines.withContext(kotlinx.coroutines.NonCancellable) {
                Signal.raise(Signal("INT"))
                val deadline = System.nanoTime() + 10_000_000_000L
                while (own.get() == 0 && System.nanoTime() < deadline) sleep(0.001)
              }
              throw e
            }
          }
        }
      }
      own.get() shouldBe 1
      events shouldBe listOf("finally", "cancelled")
    }
  }
})
