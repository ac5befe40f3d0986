package io.jasyncio.kotlin

import io.jasyncio.LifoQueue
import io.jasyncio.PriorityQueue
import io.jasyncio.Queue
import io.jasyncio.QueueShutDown
import io.jasyncio.internal.queue.FifoQueueImpl
import io.jasyncio.internal.queue.LifoQueueImpl
import io.jasyncio.internal.queue.PriorityQueueImpl
import io.jasyncio.internal.queue.QueueImpl
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.future.await

/*
 * The Kotlin face of the queue family: suspend functions with asyncio's names on the same
 * objects Java uses (io.jasyncio.Queue and its subtypes). On a jasyncio queue they take the
 * engine's fast path: no CompletableFuture per call, and a waiting coroutine parks directly in
 * the queue's waiter list.
 */

/**
 * A new FIFO queue (asyncio `asyncio.Queue(maxsize)`; Java: `Queue.create(maxsize)`).
 *
 * Named after the type, like kotlinx's `Channel()` factory. Nothing named `Queue` is imported by
 * default in Kotlin; a file that also star-imports `java.util.*` must import this one by name.
 *
 * @param maxsize the number of items it holds before [put] suspends; 0 or less means unbounded
 */
@JvmSynthetic
public fun <E> Queue(maxsize: Int = 0): Queue<E> = FifoQueueImpl(maxsize)

/**
 * A new priority queue ordered by the items' natural ordering, smallest first; ties in the order
 * they were put (asyncio `asyncio.PriorityQueue(maxsize)`). A `null` item is rejected at the put.
 * A file that also star-imports `java.util.*` must import this one by name.
 */
@JvmSynthetic
public fun <E : Comparable<E>> PriorityQueue(maxsize: Int = 0): PriorityQueue<E> = PriorityQueueImpl(maxsize, null)

/**
 * A new priority queue ordered by [comparator], smallest first; ties in the order they were put.
 * A `null` item is accepted only if [comparator] accepts it (e.g. `nullsFirst()`).
 */
@JvmSynthetic
public fun <E> PriorityQueue(maxsize: Int = 0, comparator: Comparator<in E>): PriorityQueue<E> =
  PriorityQueueImpl(maxsize, comparator)

/** A new last-in, first-out queue (asyncio `asyncio.LifoQueue(maxsize)`). */
@JvmSynthetic
public fun <E> LifoQueue(maxsize: Int = 0): LifoQueue<E> = LifoQueueImpl(maxsize)

/**
 * Puts [item], suspending while the queue is full (asyncio `await queue.put(item)`; Java:
 * `putAsync`). Waiting putters are served in arrival order.
 *
 * Cancellation is prompt and exact: if the coroutine is cancelled while suspended, the item is
 * not stored and this throws `CancellationException`, even if room had just been granted (the
 * room passes to the next putter). If this returns, the item is in the queue. Never both, never
 * neither.
 *
 * @throws QueueShutDown if the queue is shut down before or while waiting
 */
@JvmSynthetic
public suspend fun <E> Queue<E>.put(item: E) {
  val q = this as? QueueImpl<E> ?: return putForeign(item)
  return q.putSuspending(item)
}

private suspend fun <E> Queue<E>.putForeign(item: E) {
  putAsync(item).await()
}

/**
 * Removes and returns an item, suspending while the queue is empty (asyncio `await queue.get()`;
 * Java: `getAsync`). Waiting getters are served in arrival order.
 *
 * Cancellation is prompt and consumes nothing: a put wakes the first getter with a promise, and
 * the getter takes the head item only when it resumes; one cancelled in between passes the
 * promise to the next getter, and the item never moved. So every consumer sees one producer's
 * items in put order. As in asyncio, `getNowait` may take a promised item; the woken getter then
 * waits again, first in line.
 *
 * @throws QueueShutDown if the queue is shut down and empty
 */
@JvmSynthetic
public suspend fun <E> Queue<E>.get(): E {
  val q = this as? QueueImpl<E> ?: return getAsync().await()
  return q.getSuspending()
}

/**
 * Suspends until every item put has been taken and marked done with `taskDone()` (asyncio
 * `await queue.join()`; Java: `joinAsync`). Cancelling it only withdraws this waiter.
 */
@JvmSynthetic
public suspend fun Queue<*>.join() {
  val q = this as? QueueImpl<*> ?: return joinForeign()
  return q.joinSuspending()
}

private suspend fun Queue<*>.joinForeign() {
  joinAsync().await()
}

/**
 * A cold [Flow] that consumes this queue: each collector gets items with [get], emits them, and
 * calls `taskDone()` for each once its `emit` returned (or failed); the flow completes when the
 * queue is shut down and empty. Several collectors compete for the items. Cancelling a collector
 * consumes nothing more (a pending get is withdrawn exactly as for [get]).
 *
 * Named like kotlinx's `ReceiveChannel.consumeAsFlow()`: collecting takes items out of the queue.
 * Unlike it, this flow may be collected several times (each collection consumes further items).
 * The Java face is `forEachAsync`/`asPublisher`.
 */
@JvmSynthetic
public fun <E> Queue<E>.consumeAsFlow(): Flow<E> = flow {
  while (true) {
    val item = try {
      get()
    } catch (e: QueueShutDown) {
      return@flow
    }
    try {
      emit(item)
    } finally {
      taskDone()
    }
  }
}
