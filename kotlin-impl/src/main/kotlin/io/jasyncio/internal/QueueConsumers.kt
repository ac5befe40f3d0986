package io.jasyncio.internal

import io.jasyncio.QueueShutDown
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import java.util.concurrent.Flow
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong
import java.util.function.Function

/**
 * Runs [cb] with the outcome of [stage]: at once if it is already complete (returns true, and the
 * caller goes on), else later from whichever thread completes it (returns false).
 */
private fun <T> whenDone(stage: CompletionStage<T>, cb: (T?, Throwable?) -> Unit, sync: (T?, Throwable?) -> Unit): Boolean {
  // 0: pending, 1: the callback ran synchronously, 2: the caller moved on (async)
  val state = AtomicInteger()
  var value: T? = null
  var error: Throwable? = null
  stage.whenComplete { v, e ->
    if (state.compareAndSet(0, 1)) {
      value = v
      error = e
    } else {
      cb(v, e)
    }
  }
  if (state.compareAndSet(0, 2)) return false
  sync(value, error)
  return true
}

/** Queue.forEachAsync: get, run the action, wait for its stage, taskDone, repeat. */
internal class QueueForEach<E>(
  private val q: QueueImpl<E>,
  private val action: Function<in E, out CompletionStage<*>?>,
) {
  private val loop: EventLoopImpl? = EventLoopImpl.RUNNING.get()
  private val result: CompletableFuture<Void> = if (loop != null) FutureImpl(loop) else CompletableFuture()

  @Volatile private var current: CompletableFuture<*>? = null

  fun start(): CompletableFuture<Void> {
    result.whenComplete { _, _ -> if (result.isCancelled) current?.cancel(false) }
    run()
    return result
  }

  private fun resume() {
    val l = loop
    if (l == null || l.inLoop()) run() else l.schedule { run() }
  }

  /** Trampoline: goes on while each step completes synchronously. */
  private fun run() {
    while (!result.isDone) {
      val g = q.getAsync()
      current = g
      if (result.isDone) g.cancel(false)
      var next = false
      val sync = whenDone(g, { v, e -> if (onItem(v, e)) resume() }, { v, e -> next = onItem(v, e) })
      if (!sync || !next) return
    }
  }

  /** Handles one get outcome; true when the loop may take the next item at once. */
  private fun onItem(v: E?, e: Throwable?): Boolean {
    if (e != null) {
      val c = FutureImpl.normalize(e)!!
      if (c is QueueShutDown) result.complete(null) else result.completeExceptionally(c)
      return false
    }
    @Suppress("UNCHECKED_CAST")
    val item = v as E
    if (result.isDone) {
      q.handBack(item) // cancelled while the item was on its way: it was never consumed
      return false
    }
    val stage = try {
      action.apply(item)
    } catch (t: Throwable) {
      q.taskDone()
      result.completeExceptionally(t)
      return false
    }
    if (stage == null) {
      q.taskDone()
      return true
    }
    current = stage as? CompletableFuture<*>
    var next = false
    val sync = whenDone(stage, { _, t -> if (afterAction(t)) resume() }, { _, t -> next = afterAction(t) })
    return sync && next
  }

  private fun afterAction(t: Throwable?): Boolean {
    q.taskDone()
    if (t != null) {
      result.completeExceptionally(FutureImpl.normalize(t)!!)
      return false
    }
    return true
  }
}

/** Queue.asPublisher: one subscriber consumes the queue, one get at a time, on demand. */
internal class QueuePublisher<E>(private val q: QueueImpl<E>) : Flow.Publisher<E> {
  override fun subscribe(subscriber: Flow.Subscriber<in E>?) {
    if (subscriber == null) throw NullPointerException("subscriber")
    val s = QueueSubscription(q, subscriber)
    subscriber.onSubscribe(s)
  }
}

internal class QueueSubscription<E>(
  private val q: QueueImpl<E>,
  private val sub: Flow.Subscriber<in E>,
) : Flow.Subscription {
  private val demand = AtomicLong()
  private val wip = AtomicInteger()

  @Volatile private var cancelled = false

  @Volatile private var done = false

  @Volatile private var inFlight: CompletableFuture<E>? = null

  override fun request(n: Long) {
    if (n <= 0) {
      if (!cancelled && !done) {
        cancel()
        done = true
        sub.onError(IllegalArgumentException("request($n): demand must be positive (Reactive Streams 3.9)"))
      }
      return
    }
    while (true) {
      val d = demand.get()
      val nd = if (d + n < 0) Long.MAX_VALUE else d + n
      if (demand.compareAndSet(d, nd)) break
    }
    drain()
  }

  override fun cancel() {
    cancelled = true
    inFlight?.cancel(false)
  }

  private fun drain() {
    if (wip.getAndIncrement() != 0) return
    do {
      while (!cancelled && !done && inFlight == null && demand.get() > 0) {
        val g = q.getAsync()
        inFlight = g
        val sync = whenDone(g, { v, e ->
          emit(v, e)
          inFlight = null
          drain()
        }, { v, e ->
          emit(v, e)
          inFlight = null
        })
        if (!sync) break
      }
    } while (wip.decrementAndGet() != 0)
  }

  private fun emit(v: E?, e: Throwable?) {
    if (e != null) {
      if (cancelled || done) return
      done = true
      val c = FutureImpl.normalize(e)!!
      if (c is QueueShutDown) sub.onComplete() else sub.onError(c)
      return
    }
    @Suppress("UNCHECKED_CAST")
    val item = v as E
    if (cancelled || done) {
      q.handBack(item) // cancelled while the item was on its way: it was never consumed
      return
    }
    if (item == null) {
      q.taskDone()
      done = true
      sub.onError(NullPointerException("the queue returned a null item, which a Flow.Publisher cannot emit"))
      return
    }
    demand.decrementAndGet()
    try {
      sub.onNext(item)
    } finally {
      q.taskDone()
    }
  }
}
