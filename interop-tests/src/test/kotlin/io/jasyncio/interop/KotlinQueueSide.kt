package io.jasyncio.interop

import io.jasyncio.EventLoop
import io.jasyncio.Queue
import io.jasyncio.Task
import io.jasyncio.kotlin.consumeAsFlow
import io.jasyncio.kotlin.get
import io.jasyncio.kotlin.put
import io.jasyncio.kotlin.task
import kotlinx.coroutines.flow.toList

/** Kotlin-face queue code that the Java tests call; each function makes a Kotlin task on [loop]. */
object KotlinQueueSide {
  /** Collects [q] with consumeAsFlow until it is shut down. */
  @JvmStatic
  fun consumeAll(loop: EventLoop, q: Queue<Int>): Task<List<Int>> = loop.task("kotlin-consumer") { q.consumeAsFlow().toList() }

  /** Puts [items] with the suspend put. */
  @JvmStatic
  fun produce(loop: EventLoop, q: Queue<Int>, items: List<Int>): Task<Unit> = loop.task("kotlin-producer") {
    for (x in items) q.put(x)
  }

  /** Takes one item with the suspend get. */
  @JvmStatic
  fun getOne(loop: EventLoop, q: Queue<String>): Task<String> = loop.task { q.get() }
}
