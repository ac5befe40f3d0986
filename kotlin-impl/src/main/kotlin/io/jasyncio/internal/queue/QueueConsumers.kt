package io.jasyncio.internal.queue

import io.jasyncio.QueueShutDown
import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.future.StageFuture
import io.jasyncio.internal.loop.EventLoopImpl
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


/** Runs [cb] once [f] is done: a loop future's own listener on its loop thread, else whenComplete. */
private fun whenDoneLater(f: CompletableFuture<*>, cb: Runnable) {
  if (f is FutureImpl<*> && f.loop.inLoop()) {
    f.addListener { cb.run() }
  } else {
    f.whenComplete { _, _ -> cb.run() }
  }
}

/** Queue.forEachAsync: get, run the action, wait for its stage, taskDone, repeat. */
internal class QueueForEach<E>(
  private val q: QueueImpl<E>,
  private val action: Function<in E, out CompletionStage<*>?>,
) {
  private val loop: EventLoopImpl? = EventLoopImpl.running()
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
      if (!g.isDone) {
        whenDoneLater(g) { if (onItem(g)) resume() }
        return
      }
      if (!onItem(g)) return
    }
  }

  /** Handles one done get; true when the loop may take the next item at once. */
  private fun onItem(g: CompletableFuture<E>): Boolean {
    val e = StageFuture.failureOf(g)
    if (e != null) {
      if (e is QueueShutDown) result.complete(null) else result.completeExceptionally(e)
      return false
    }
    val item = g.getNow(null)
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
    val f = stage as? CompletableFuture<*> ?: try {
      stage.toCompletableFuture()
    } catch (e: UnsupportedOperationException) {
      null
    }
    if (f == null) {
      stage.whenComplete { _, t -> if (afterAction(FutureImpl.normalize(t))) resume() }
      return false
    }
    current = f
    if (!f.isDone) {
      whenDoneLater(f) { if (afterAction(StageFuture.failureOf(f))) resume() }
      return false
    }
    return afterAction(StageFuture.failureOf(f))
  }

  private fun afterAction(t: Throwable?): Boolean {
    q.taskDone()
    if (t != null) {
      result.completeExceptionally(t)
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
