package io.jasyncio.internal.compose

import io.jasyncio.AsCompleted
import io.jasyncio.Future
import io.jasyncio.TimeoutError
import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.future.FutureListener
import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.internal.loop.TimerHandleImpl
import java.util.ArrayDeque
import java.util.Collections
import java.util.IdentityHashMap
import java.util.Objects
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import java.util.concurrent.atomic.AtomicInteger
import java.util.function.Consumer
import java.util.function.Function

/**
 * asyncio's `as_completed`: finished futures queue up in completion order; each future handed out
 * by the iterator takes the next one (FIFO), now or when it arrives. After the timeout, requests
 * that find the queue empty fail with [TimeoutError]. Loop-confined state; requests from other
 * threads are posted.
 */
internal class AsCompletedImpl<T>(
  private val loop: EventLoopImpl,
  futs: List<FutureImpl<T>>,
  private val timeoutNanos: Long,
) : AsCompleted<T>, FutureListener {
  private val size = futs.size
  private val todo: MutableSet<FutureImpl<*>> = Collections.newSetFromMap(IdentityHashMap())
  private val finished = ArrayDeque<FutureImpl<T>>()
  private val requests = ArrayDeque<FutureImpl<T>>()
  private var timer: TimerHandleImpl? = null
  private var timedOut = false
  private val handedOut = AtomicInteger()

  init {
    todo.addAll(futs)
  }

  /** Loop owner only. */
  fun start(futs: List<FutureImpl<T>>) {
    for (f in futs) f.addListener(this)
    // The timeout takes effect one iteration after its timer fires, as `wait`'s sets are taken:
    // an awaitable that finishes in the timer's iteration (one sleeping exactly as long) is
    // delivered, never both done and reported as timed out.
    if (timeoutNanos >= 0 && todo.isNotEmpty()) timer = loop.timerAfter(timeoutNanos) { loop.schedule { onTimeout() } }
  }

  override fun onFutureDone(f: FutureImpl<*>) {
    if (!todo.remove(f)) return
    if (todo.isEmpty()) timer?.cancel()
    @Suppress("UNCHECKED_CAST")
    finished.addLast(f as FutureImpl<T>)
    serve()
  }

  private fun onTimeout() {
    if (todo.isEmpty()) return
    timedOut = true
    for (f in todo) f.removeListener(this)
    todo.clear()
    serve()
  }

  /** Hands queued outcomes to waiting requests, in order; after the timeout, fails the rest. */
  private fun serve() {
    while (requests.isNotEmpty()) {
      val r = requests.peekFirst()
      if (r.isDone) { // cancelled by its awaiter: consumed nothing
        requests.pollFirst()
        continue
      }
      val f = finished.pollFirst()
      if (f != null) {
        requests.pollFirst()
        fill(r, f)
      } else if (timedOut) {
        requests.pollFirst()
        r.completeInternal(null, timeoutError())
      } else {
        return
      }
    }
  }

  private fun fill(r: FutureImpl<T>, f: FutureImpl<T>) {
    val e = f.failure
    f.markRetrieved()
    r.completeInternal(if (e == null) f.result() else null, e)
  }

  private fun timeoutError() = TimeoutError("asCompleted timed out after ${timeoutNanos / 1e9} s")

  private fun request(): FutureImpl<T> {
    val r = FutureImpl<T>(loop)
    loop.runOrPost {
      requests.addLast(r)
      serve()
    }
    return r
  }

  override fun size(): Int = size

  override fun iterator(): MutableIterator<Future<T>> = object : MutableIterator<Future<T>> {
    override fun hasNext(): Boolean = handedOut.get() < size

    override fun next(): Future<T> {
      while (true) {
        val n = handedOut.get()
        if (n >= size) throw NoSuchElementException("asCompleted yielded all $size futures")
        if (handedOut.compareAndSet(n, n + 1)) return request()
      }
    }

    override fun remove() = throw UnsupportedOperationException("remove")
  }

  override fun forEachAsync(action: Consumer<in T>): CompletableFuture<Void> {
    Objects.requireNonNull(action, "action")
    return forEachComposeAsync { v -> action.accept(v); null }
  }

  override fun forEachComposeAsync(action: Function<in T, out CompletionStage<*>?>): CompletableFuture<Void> {
    Objects.requireNonNull(action, "action")
    val out = ForEach(this, action)
    loop.runOrPost { out.step() }
    return out
  }

  /** The `async for` of [forEachComposeAsync]: one request at a time, iteratively. */
  private class ForEach<T>(
    private val ac: AsCompletedImpl<T>,
    private val action: Function<in T, out CompletionStage<*>?>,
  ) : FutureImpl<Void>(ac.loop), FutureListener {
    private var current: FutureImpl<*>? = null

    fun step() {
      while (!isDone) {
        if (!ac.iterator().hasNext()) {
          completeInternal(null, null)
          return
        }
        val r = ac.iterator().next() as FutureImpl<T>
        current = r
        if (!r.isDone) {
          r.addListener(this)
          return
        }
        if (!consume(r)) return
      }
    }

    override fun onFutureDone(f: FutureImpl<*>) {
      if (isDone) return
      @Suppress("UNCHECKED_CAST")
      if (consume(f as FutureImpl<T>)) step()
    }

    /** Runs the action on a done request; true if the next one can follow at once. */
    private fun consume(r: FutureImpl<T>): Boolean {
      val e = r.failure
      if (e != null) {
        r.markRetrieved()
        completeInternal(null, e)
        return false
      }
      val stage: CompletionStage<*>?
      try {
        stage = action.apply(r.result())
      } catch (t: Throwable) {
        completeInternal(null, t)
        return false
      }
      if (stage == null) return true
      val sf = loop.ensureFuture(stage)
      if (sf.isDone && sf.failure == null) return true
      current = sf
      sf.addListener(StageDone(this))
      return false
    }

    fun stageDone(sf: FutureImpl<*>) {
      val e = sf.failure
      sf.markRetrieved()
      if (isDone) return
      if (e != null) completeInternal(null, e) else step()
    }

    override fun cancel(msg: String?): Boolean {
      val r = super.cancel(msg)
      if (r) loop.runOrPost { current?.cancel(msg) }
      return r
    }
  }

  private class StageDone(private val fe: ForEach<*>) : FutureListener {
    override fun onFutureDone(f: FutureImpl<*>) = fe.stageDone(f)
  }
}
