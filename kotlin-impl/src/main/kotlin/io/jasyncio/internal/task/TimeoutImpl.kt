package io.jasyncio.internal.task

import io.jasyncio.AsyncCallable
import io.jasyncio.CancelledError
import io.jasyncio.Future
import io.jasyncio.Handle
import io.jasyncio.Timeout
import io.jasyncio.TimeoutError
import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.future.FutureListener
import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.spi.Checks
import java.util.Objects
import java.util.concurrent.CancellationException

/**
 * The state machine of asyncio's `Timeout`, shared by the Java scope ([enter]) and the Kotlin
 * scope (`timeout(d) { }`). Expiry runs the face's [onExpire] (which cancels the body); the face
 * decides at [exit] whether the body's cancellation becomes a TimeoutError.
 *
 * Loop-confined; `when()` and `expired()` read plain fields and may be called from anywhere.
 */
internal class TimeoutImpl(@JvmField val loop: EventLoopImpl, @Volatile private var whenSec: Double?) : Timeout {
  internal enum class State(val text: String) {
    CREATED("created"), ENTERED("active"), EXPIRING("expiring"), EXPIRED("expired"), EXITED("finished")
  }

  @Volatile
  internal var state = State.CREATED
    private set
  private var handle: Handle? = null
  private var onExpire: Runnable? = null

  override fun `when`(): Double? = whenSec

  override fun expired(): Boolean = state == State.EXPIRING || state == State.EXPIRED

  override fun reschedule(`when`: Double?) {
    if (`when` != null && `when`.isNaN()) throw IllegalArgumentException("when must be a time in seconds, got NaN")
    checkThread("reschedule")
    when (state) {
      State.ENTERED -> {}
      State.CREATED -> throw IllegalStateException("Timeout has not been entered")
      else -> throw IllegalStateException("Cannot change state of ${state.text} Timeout")
    }
    whenSec = `when`
    arm()
  }

  private fun checkThread(what: String) {
    if (!loop.inLoop()) {
      throw IllegalStateException("Timeout.$what must be called on the thread of the loop running it ($loop)")
    }
  }

  /** (Re)arms the timer for [whenSec]: never, at the next iteration, or at the deadline. */
  private fun arm() {
    handle?.cancel()
    handle = null
    val w = whenSec ?: return
    if (w == Double.POSITIVE_INFINITY) return
    val fire = Runnable { fire() }
    handle = if (w == Double.NEGATIVE_INFINITY || Checks.timeNanos(w, "when") <= loop.nanos()) {
      loop.callSoon(fire) // CPython: call_soon, so it runs before a task that yields now
    } else {
      loop.callAt(w, fire)
    }
  }

  private fun fire() {
    if (state != State.ENTERED) return
    state = State.EXPIRING
    handle = null
    onExpire?.run()
  }

  /** Checks that this timeout may be entered here (before the face starts the body). */
  fun checkEnter() {
    checkThread("enter")
    if (state != State.CREATED) throw IllegalStateException("Timeout has already been entered")
  }

  /** Enters: [cancelBody] runs when the deadline passes while entered. */
  fun enterWith(cancelBody: Runnable) {
    checkEnter()
    state = State.ENTERED
    onExpire = cancelBody
    arm()
  }

  /** Leaves the scope; true if the deadline cancelled the body (the caller raises TimeoutError). */
  fun exit(): Boolean {
    handle?.cancel()
    handle = null
    onExpire = null
    return when (state) {
      State.EXPIRING -> {
        state = State.EXPIRED
        true
      }
      State.ENTERED -> {
        state = State.EXITED
        false
      }
      else -> state == State.EXPIRED
    }
  }

  override fun <T> enter(body: AsyncCallable<T>?): Future<T> {
    Objects.requireNonNull(body, "body")
    body!!
    checkEnter()
    val scope = JavaTimeoutScope<T>(this)
    enterWith { scope.expire() }
    scope.start(body)
    return scope
  }

  override fun toString(): String {
    val s = state
    if (s != State.ENTERED) return "Timeout[${s.text}]"
    val w = whenSec
    return "Timeout[${s.text}, when=${if (w == null) "never" else String.format(java.util.Locale.ROOT, "%.3f", w)}]"
  }

  internal companion object {
    /** The TimeoutError a scope raises for [cause], the CancelledError that stopped its body. */
    fun timeoutError(t: TimeoutImpl, cause: Throwable): TimeoutError {
      val e = TimeoutError("timeout expired at ${t.whenSec} (loop time)")
      e.initCause(cause)
      return e
    }

    /** A body cancelled by an expiring scope gets this. */
    fun expiryCancel(): CancelledError = CancelledError("Timeout expired")
  }
}

/**
 * The future of a Java timeout scope: follows the body's stage; the outcome is decided one
 * iteration after the stage completes (as a task step), so that an outer scope or an outside
 * cancel arriving in the same iteration is seen first.
 */
internal class JavaTimeoutScope<T>(private val timeout: TimeoutImpl) : FutureImpl<T>(timeout.loop), FutureListener {
  private var inner: FutureImpl<T>? = null
  private var foreign: CancelledError? = null
  private var expireBeforeStage = false

  fun start(body: AsyncCallable<T>) {
    val s = try {
      body.call() ?: throw NullPointerException("the timeout body returned null instead of a CompletionStage")
    } catch (e: Throwable) {
      timeout.exit()
      completeInternal(null, e)
      return
    }
    val f = loop.ensureFuture(s)
    inner = f
    f.markRetrieved()
    if (expireBeforeStage) f.cancel("Timeout expired")
    f.addListener(this)
  }

  fun expire() {
    val f = inner
    if (f == null) expireBeforeStage = true else f.cancel("Timeout expired")
  }

  override fun onFutureDone(f: FutureImpl<*>) {
    loop.schedule { finishScope() }
  }

  private fun finishScope() {
    if (isDone) return
    val f = inner!!
    val expired = timeout.exit()
    val e = f.failure
    when {
      e == null -> completeInternal(f.result(), null)
      e !is CancellationException -> {
        if (expired && foreign == null) e.addSuppressed(TimeoutImpl.timeoutError(timeout, CancelledError("Timeout expired")))
        completeInternal(null, e)
      }
      foreign != null -> completeInternal(null, foreign)
      expired -> completeInternal(null, TimeoutImpl.timeoutError(timeout, e))
      else -> completeInternal(null, e)
    }
  }

  /** An outside cancel: cancels the body; the scope ends cancelled (never TimeoutError) once it is done. */
  override fun cancel(msg: String?): Boolean {
    if (isDone) return false
    if (!loop.owned() && !loop.isClosed) {
      loop.post { cancel(msg) }
      return true
    }
    if (foreign == null) foreign = CancelledError(msg)
    val f = inner
    if (f == null || loop.isClosed) return completeInternal(null, foreign)
    f.cancel(msg)
    return true
  }

  override fun kind(): String = "Timeout scope"

  override fun toString(): String = "TimeoutScope[${stateText()}, $timeout]"
}
