package io.jasyncio.kotlin.lincheck

import io.jasyncio.QueueEmpty
import io.jasyncio.QueueFull
import io.jasyncio.kotlin.LifoQueue
import io.jasyncio.kotlin.Queue
import io.jasyncio.kotlin.get
import io.jasyncio.kotlin.put
import kotlinx.coroutines.CancellableContinuation
import org.jetbrains.kotlinx.lincheck.Actor
import kotlin.coroutines.Continuation
import kotlinx.coroutines.suspendCancellableCoroutine
import org.jetbrains.lincheck.datastructures.IntGen
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions
import org.jetbrains.lincheck.datastructures.Operation
import org.jetbrains.lincheck.datastructures.Param
import org.junit.jupiter.api.Test
import io.jasyncio.Queue as JQueue

/**
 * Model checking of the bounded queues with prompt cancellation of the suspending put and get,
 * against a sequential model ([SequentialQueue]) that states the contract: FIFO (or LIFO) items,
 * FIFO waiters, a put with a waiting getter hands over, a freed slot is reserved for the first
 * waiting putter, which stores its item when it resumes (and passes the slot on if cancelled), and
 * an item handed to a getter that is cancelled before it resumes goes to the next getter or back
 * where it came from.
 */
@Param(name = "item", gen = IntGen::class, conf = "1:3")
abstract class QueueLincheckBase(private val q: JQueue<Int>) {
  @Operation(promptCancellation = true)
  suspend fun put(@Param(name = "item") x: Int) = q.put(x)

  @Operation(promptCancellation = true)
  suspend fun get(): Int = q.get()

  @Operation
  fun putNowait(@Param(name = "item") x: Int): Boolean =
    try {
      q.putNowait(x)
      true
    } catch (e: QueueFull) {
      false
    }

  @Operation
  fun getNowait(): Int? =
    try {
      q.getNowait()
    } catch (e: QueueEmpty) {
      null
    }

  @Operation
  fun full(): Boolean = q.full()
}

class FifoQueueLincheckTarget : QueueLincheckBase(Queue(1))

class LifoQueueLincheckTarget : QueueLincheckBase(LifoQueue(2))

/** The contract, sequentially (the same operations, one at a time). */
abstract class SequentialQueue(private val cap: Int, private val lifo: Boolean) {
  private val buf = ArrayDeque<Int>()
  private val getters = ArrayDeque<CancellableContinuation<Int>>()
  private val putters = ArrayDeque<CancellableContinuation<Unit>>()
  private var reserved = 0

  private fun isFull() = buf.size + reserved >= cap

  private fun take(): Int = if (lifo) buf.removeLast() else buf.removeFirst()

  private fun store(x: Int) {
    val g = getters.removeFirstOrNull()
    if (g == null) {
      buf.addLast(x)
    } else {
      g.resume(x) { _, v, _ -> handBack(v) }
    }
  }

  private fun handBack(x: Int) {
    val g = getters.removeFirstOrNull()
    when {
      g != null -> g.resume(x) { _, v, _ -> handBack(v) }
      lifo -> buf.addLast(x)
      else -> buf.addFirst(x)
    }
  }

  private fun grantPutters() {
    while (!isFull()) {
      val p = putters.removeFirstOrNull() ?: return
      reserved++
      p.resume(Unit) { _, _, _ ->
        reserved--
        grantPutters()
      }
    }
  }

  suspend fun put(x: Int) {
    if (!isFull()) {
      store(x)
      return
    }
    suspendCancellableCoroutine<Unit> { c ->
      putters.addLast(c)
      c.invokeOnCancellation { putters.remove(c) }
    }
    reserved--
    store(x)
    grantPutters()
  }

  suspend fun get(): Int {
    if (buf.isNotEmpty()) {
      val x = take()
      grantPutters()
      return x
    }
    return suspendCancellableCoroutine { c ->
      getters.addLast(c)
      c.invokeOnCancellation { getters.remove(c) }
    }
  }

  fun putNowait(x: Int): Boolean {
    if (isFull()) return false
    store(x)
    return true
  }

  fun getNowait(): Int? {
    if (buf.isEmpty()) return null
    val x = take()
    grantPutters()
    return x
  }

  fun full(): Boolean = isFull()
}

class SequentialFifo1 : SequentialQueue(1, false)

class SequentialLifo2 : SequentialQueue(2, true)

class QueueLincheckTest {
  private val scale = Integer.getInteger("jasyncio.stress", 1)

  private fun options() =
    ModelCheckingOptions()
      .iterations(2 * scale)
      .invocationsPerIteration(150)
      .threads(2)
      .actorsPerThread(3)
      .actorsBefore(1)
      .actorsAfter(0)

  /** A suspending actor that Lincheck may cancel when it suspends, promptly (even once resumed). */
  private fun cancellable(name: String, vararg args: Any): Actor {
    val params = args.map { Int::class.javaPrimitiveType!! } + Continuation::class.java
    val m = QueueLincheckBase::class.java.getMethod(name, *params.toTypedArray())
    return Actor(method = m, arguments = args.toList(), cancelOnSuspension = true, promptCancellation = true)
  }

  @Test
  fun fifoQueue_isLinearizableWithPromptCancellation() {
    options()
      // two putters wait; the room a get frees goes to the first, or on if it was cancelled
      .addCustomScenario {
        initial { actor(QueueLincheckBase::putNowait, 0) }
        parallel {
          thread { add(cancellable("put", 1)) }
          thread { add(cancellable("put", 2)) }
          thread {
            actor(QueueLincheckBase::getNowait)
            actor(QueueLincheckBase::getNowait)
            actor(QueueLincheckBase::getNowait)
          }
        }
      }
      // two getters wait; an item handed to a cancelled one goes to the other or back to the head
      .addCustomScenario {
        parallel {
          thread { add(cancellable("get")) }
          thread { add(cancellable("get")) }
          thread {
            actor(QueueLincheckBase::putNowait, 1)
            actor(QueueLincheckBase::putNowait, 2)
            actor(QueueLincheckBase::getNowait)
            actor(QueueLincheckBase::getNowait)
          }
        }
      }
      .sequentialSpecification(SequentialFifo1::class.java)
      .check(FifoQueueLincheckTarget::class.java)
  }

  @Test
  fun lifoQueue_isLinearizableWithPromptCancellation() {
    options().sequentialSpecification(SequentialLifo2::class.java).check(LifoQueueLincheckTarget::class.java)
  }
}

