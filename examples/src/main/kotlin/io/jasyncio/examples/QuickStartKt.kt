package io.jasyncio.examples

import io.jasyncio.Clock
import io.jasyncio.kotlin.asyncioRun
import io.jasyncio.kotlin.await
import io.jasyncio.kotlin.createTask
import io.jasyncio.kotlin.sleep

/** The README's quick start, in Kotlin (its Java twin is `QuickStart.java`). */
object QuickStartKt {
  @JvmStatic
  fun main(args: Array<String>) {
    println("answer = ${answer(Clock.monotonic())}")
  }

  /** 42, after 0.3 s on [clock]. */
  @JvmStatic
  fun answer(clock: Clock): Int = asyncioRun(clock) {
    val a = createTask { sleep(0.3); 40 }
    val b = createTask { sleep(0.2); 2 }

    // 0.3 s in all: the tasks run concurrently
    a.await() + b.await()
  }
}
