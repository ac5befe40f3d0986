package io.jasyncio.kotlin

import io.jasyncio.testing.VirtualClock
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlin.time.Duration.Companion.seconds

private suspend fun level(k: Int, depth: Int): Int =
  if (k == depth) {
    sleep(0.001)
    0
  } else {
    createTask { level(k + 1, depth) }.await() + 1
  }

class DeepChainSpec : FunSpec({
  test("a chain of 100k Kotlin tasks, each awaiting the next, completes without stack overflow")
    .config(timeout = 30.seconds) {
      asyncioRun(VirtualClock()) { level(0, 100_000) } shouldBe 100_000
    }
})
