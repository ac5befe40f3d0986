package io.jasyncio.internal.direct

import io.jasyncio.AsyncCallable
import io.jasyncio.DirectCallable
import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.internal.future.FutureImpl
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionException
import java.util.concurrent.CompletionStage
import java.util.concurrent.ExecutionException

/**
 * What `Asyncio.direct(body)` returns: an [AsyncCallable] that the loop's task factories recognise
 * and run as a [DirectTask]. Called by itself (by `Timeout.enter`, `withLockAsync`, ...), it
 * creates that task on the running loop and returns it as the stage.
 */
internal class DirectCoro<T>(@JvmField val body: DirectCallable<T>) : AsyncCallable<T> {
  override fun call(): CompletionStage<T> {
    val loop = EventLoopImpl.running() ?: throw IllegalStateException("no running event loop")
    return loop.createTask(this)
  }

  override fun toString(): String = "direct($body)"
}

internal object Direct {
  /** A new direct task on [loop], started now (eagerly: its body runs until its first suspension) or scheduled. */
  fun <T> createTask(loop: EventLoopImpl, name: String?, coro: DirectCoro<T>, eager: Boolean): DirectTask<T> {
    val t = DirectTask(loop, name, coro.body)
    if (eager) t.startEager() else t.start()
    return t
  }

  /**
   * The [Carrier] of [loop]'s direct bodies, decided when its first body gets a thread: one if
   * the mode is available and [me] (the loop's thread then) is a platform thread, else none.
   */
  fun carrierFor(loop: EventLoopImpl, me: Thread): Carrier? {
    if (!loop.directCarrierDecided) {
      loop.directCarrierDecided = true
      val onVirtual = DirectThreads.isVirtual(me)
      loop.directCarrier = if (Carrier.available && !onVirtual) Carrier.create() else null
      if (loop.directCarrier == null && loop.getDebug()) notCarried(loop, onVirtual)
    }
    return loop.directCarrier
  }

  /**
   * Debug mode, once per loop: says why its direct bodies run on the JDK's scheduler when the
   * carrier mode could have carried them (each suspending `await` then wakes another core, about
   * 5x the cost); silent on JDK 17-23 and when the mode was turned off.
   */
  private fun notCarried(loop: EventLoopImpl, onVirtual: Boolean) {
    val why = when {
      Carrier.notOpen ->
        "java.lang is not open to jasyncio: start the JVM with --add-opens java.base/java.lang=ALL-UNNAMED " +
          "(or put Add-Opens: java.base/java.lang in an executable jar's manifest)"
      Carrier.available && onVirtual ->
        "the loop runs on a virtual thread: run it on a platform thread, which then carries its bodies itself"
      else -> return
    }
    io.jasyncio.internal.debug.DebugDefaults.LOG.log(
      System.Logger.Level.INFO,
      "Direct bodies of $loop run on the JDK's virtual-thread scheduler, where each suspending await wakes " +
        "another core (about 5x the cost of the loop's own thread carrying them) because $why",
    )
  }

  /** `Asyncio.await`. */
  fun <T> await(stage: CompletionStage<T>): T {
    val d = DirectTask.current()
    if (d != null) return d.await(stage)
    val running = EventLoopImpl.running()
    if (running != null && running.inLoop()) {
      throw IllegalStateException(
        "Asyncio.await() called on the thread of $running outside a direct task: waiting here would block " +
          "the loop that must complete the stage (a deadlock). Await inside a direct task " +
          "(Asyncio.createTask(Asyncio.direct(...))), or compose the stage (thenCompose) in a callback or chain",
      )
    }
    return awaitBlocking(stage)
  }

  /** On a plain thread: waits as join() does, and throws the stage's own exception. */
  private fun <T> awaitBlocking(stage: CompletionStage<T>): T {
    val cf: CompletableFuture<T> = try {
      stage.toCompletableFuture()
    } catch (e: UnsupportedOperationException) {
      CompletableFuture<T>().also { c -> stage.whenComplete { v, x -> if (x != null) c.completeExceptionally(x) else c.complete(v) } }
    }
    try {
      return cf.join() // FutureImpl.join waits without running dependents here, and throws its own CancelledError
    } catch (e: CancellationException) {
      throw FutureImpl.normalize((cf as? FutureImpl<*>)?.failure ?: e)!!
    } catch (e: CompletionException) {
      throw unwrap(e)
    }
  }

  private fun unwrap(e: Throwable): Throwable {
    var x = e
    while ((x is CompletionException || x is ExecutionException) && x.cause != null) x = x.cause!!
    return x
  }
}
