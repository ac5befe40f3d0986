package io.jasyncio.internal.net

import io.jasyncio.EventLoop
import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.net.IncompleteReadError
import io.jasyncio.net.LimitOverrunError
import io.jasyncio.net.StreamReader
import io.jasyncio.net.Transport
import java.io.ByteArrayOutputStream
import java.nio.ByteBuffer
import java.util.Objects
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import java.util.function.Function
import kotlin.coroutines.resume
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlinx.coroutines.withContext

/*
 * asyncio's StreamReader on the JVM.
 *
 * The buffer is a byte array with a start and an end; the transport appends ([feedData]), reads
 * take from the start. Every read is one "operation" ([tryOp]): it either answers from the buffer
 * (taking the bytes) or says "not yet" (null) without touching the buffer. A read that has to
 * wait parks exactly one waiter in [waiter] (asyncio allows one), which is only a *signal*: when
 * data, EOF or an error arrives the waiter is woken, and the operation is retried in the step
 * that delivers the result. Hence nothing is ever taken for a read that was cancelled:
 *
 *  - a Kotlin coroutine is resumed with Unit and retries after it resumed; kotlinx's prompt
 *    cancellation means a cancelled one never retries (asyncio: the task is cancelled at its
 *    `await self._waiter`, before it consumes);
 *  - a Java read's future ([ReadFuture]) is scheduled when woken; the step retries the operation
 *    and, if it is answered, completes the future and runs the stages attached to it in that same
 *    step (FutureImpl.completeDelivering), so no cancel can land between taking the bytes and
 *    handing them over. A cancel before that step makes the step a no-op. Cancels from other
 *    threads are carried to the loop thread first, so every claim happens on the loop thread.
 *
 * `read(-1)` is the one operation that takes bytes before it answers (asyncio reads chunks until
 * EOF): its collected bytes go with it when cancelled, as in asyncio.
 *
 * Loop-confined: the waiting calls hop to the loop when called elsewhere; feedData/feedEof/
 * setException are called by the protocol on the loop thread (tests may call them while the loop
 * is not running).
 */
internal class StreamReaderImpl(@JvmField val loop: EventLoopImpl, private val limit: Int) : StreamReader {
  private var buf: ByteArray = EMPTY
  private var start = 0
  private var end = 0
  private var eof = false
  private var exception: Throwable? = null
  private var transport: Transport? = null
  private var paused = false

  /** The parked read: a [ReadFuture] or a Kotlin continuation; stale entries count as free. */
  private var waiter: Any? = null

  init {
    if (limit <= 0) throw IllegalArgumentException("limit must be > 0, got $limit")
  }

  internal fun setTransport(t: Transport) {
    check(transport == null) { "Transport already set" }
    transport = t
  }

  /** TLS (issue 11): start_tls puts the TLS transport where the plain one was. */
  internal fun replaceTransport(t: Transport) {
    transport = t
  }

  private val buffered: Int get() = end - start

  // ---- feeding -------------------------------------------------------------------------------

  override fun feedData(data: ByteArray?) {
    Objects.requireNonNull(data, "data")
    feed(ByteBuffer.wrap(data!!))
  }

  /** Appends the bytes between [data]'s position and limit. */
  fun feed(data: ByteBuffer) {
    check(!eof) { "feedData after feedEof" }
    val n = data.remaining()
    if (n == 0) return
    ensureRoom(n)
    data.get(buf, end, n)
    end += n
    wakeup()
    val t = transport
    if (t != null && !paused && buffered > 2 * limit) {
      t.pauseReading()
      paused = true
    }
  }

  private fun ensureRoom(n: Int) {
    if (end + n <= buf.size) return
    val used = end - start
    if (used + n <= buf.size && start > 0) {
      System.arraycopy(buf, start, buf, 0, used)
    } else {
      val cap = maxOf(256, buf.size * 2, used + n)
      val nb = ByteArray(cap)
      System.arraycopy(buf, start, nb, 0, used)
      buf = nb
    }
    start = 0
    end = used
  }

  override fun feedEof() {
    eof = true
    wakeup()
  }

  override fun atEof(): Boolean = eof && buffered == 0

  override fun exception(): Throwable? = exception

  override fun setException(exc: Throwable?) {
    Objects.requireNonNull(exc, "exc")
    exception = exc
    wakeup()
  }

  override fun limit(): Int = limit

  /** read(-1): moves every buffered byte into [acc] (made on first use) and returns it. */
  private fun moveBufferedInto(acc: ByteArrayOutputStream?): ByteArrayOutputStream? {
    if (buffered == 0) return acc
    val a = acc ?: ByteArrayOutputStream()
    a.write(buf, start, buffered)
    start = 0
    end = 0
    maybeResumeTransport()
    return a
  }

  private fun maybeResumeTransport() {
    if (paused && buffered <= limit) {
      paused = false
      transport?.resumeReading()
    }
  }

  /** Before parking (asyncio's `_wait_for_data`): a paused transport must read again, or nobody would wake us. */
  private fun resumeForWait() {
    if (paused) {
      paused = false
      transport?.resumeReading()
    }
  }

  private fun wakeup() {
    when (val w = waiter) {
      null -> {}
      is ReadFuture -> w.wake()
      else -> {
        waiter = null
        @Suppress("UNCHECKED_CAST")
        (w as CancellableContinuation<Unit>).resume(Unit)
      }
    }
  }

  private fun checkNoWaiter(what: String) {
    val w = waiter ?: return
    val busy = if (w is ReadFuture) !w.isDone else (w as CancellableContinuation<*>).isActive
    if (busy) throw IllegalStateException("$what called while another coroutine is already waiting for incoming data")
    waiter = null
  }

  // ---- the operations --------------------------------------------------------------------------

  private fun take(n: Int): ByteArray {
    val out = buf.copyOfRange(start, start + n)
    start += n
    if (start == end) {
      start = 0
      end = 0
    }
    maybeResumeTransport()
    return out
  }

  /**
   * readInto: copies what is buffered (at most [dst]'s remaining room) into [dst]; the count, -1
   * at EOF, 0 when [dst] has no room; null to wait.
   */
  private fun tryInto(dst: ByteBuffer): Int? {
    exception?.let { throw it }
    val room = dst.remaining()
    if (room == 0) return 0
    if (buffered == 0) return if (eof) -1 else null
    val n = minOf(room, buffered)
    dst.put(buf, start, n)
    start += n
    if (start == end) {
      start = 0
      end = 0
    }
    maybeResumeTransport()
    return n
  }

  /** Any operation: [tryInto] for [INTO], else [tryOp]. */
  private fun anyOp(kind: Int, n: Int, seps: Array<ByteArray>?, dst: ByteBuffer?): Any? =
    if (kind == INTO) tryInto(dst!!) else tryOp(kind, n, seps)

  /** An answer from the buffer, or null to wait; throws the operation's error. */
  internal fun tryOp(kind: Int, n: Int, seps: Array<ByteArray>?): ByteArray? {
    exception?.let { throw it }
    return when (kind) {
      READ -> when {
        n == 0 -> EMPTY
        buffered == 0 -> if (eof) EMPTY else null
        else -> take(minOf(n, buffered))
      }
      EXACTLY -> when {
        n == 0 -> EMPTY
        buffered >= n -> take(n)
        eof -> throw IncompleteReadError(take(buffered), n)
        else -> null
      }
      UNTIL -> readuntil(seps!!)
      LINE -> readline()
      else -> throw AssertionError(kind)
    }
  }

  private fun readline(): ByteArray? = try {
    readuntil(NEWLINE)
  } catch (e: IncompleteReadError) {
    e.partial()
  } catch (e: LimitOverrunError) {
    val c = e.consumed()
    if (start + c < end && buf[start + c] == '\n'.code.toByte()) {
      start += c + 1
    } else {
      start = end
    }
    if (start == end) {
      start = 0
      end = 0
    }
    maybeResumeTransport()
    throw IllegalArgumentException(e.message)
  }

  /** asyncio 3.13 `readuntil`, several separators: the match that ends first wins. */
  private fun readuntil(seps: Array<ByteArray>): ByteArray? {
    var minLen = Int.MAX_VALUE
    var maxLen = 0
    for (s in seps) {
      minLen = minOf(minLen, s.size)
      maxLen = maxOf(maxLen, s.size)
    }
    val len = buffered
    if (len >= minLen) {
      var matchStart = -1
      var matchEnd = Int.MAX_VALUE
      for (s in seps) {
        val i = indexOf(s, 0)
        if (i >= 0 && i + s.size < matchEnd) {
          matchEnd = i + s.size
          matchStart = i
        }
      }
      if (matchStart >= 0) {
        if (matchStart > limit) throw LimitOverrunError("Separator is found, but chunk is longer than limit", matchStart)
        return take(matchEnd)
      }
      val offset = maxOf(0, len + 1 - maxLen)
      if (offset > limit) throw LimitOverrunError("Separator is not found, and chunk exceed the limit", offset)
    }
    if (eof) throw IncompleteReadError(take(len), -1)
    return null
  }

  /** Index (relative to [start]) of [sep] in the buffer at or after [from], or -1. */
  private fun indexOf(sep: ByteArray, from: Int): Int {
    val b = buf
    val last = end - sep.size
    val first = sep[0]
    var i = start + from
    outer@ while (i <= last) {
      if (b[i] != first) {
        i++
        continue
      }
      for (j in 1 until sep.size) {
        if (b[i + j] != sep[j]) {
          i++
          continue@outer
        }
      }
      return i - start
    }
    return -1
  }

  // ---- Java face -------------------------------------------------------------------------------

  /** A parked Java read; see the file comment. */
  private inner class ReadFuture(val kind: Int, val n: Int, val seps: Array<ByteArray>?, val dst: ByteBuffer?) :
    FutureImpl<Any?>(loop), Runnable {
    private var scheduled = false
    private var acc: ByteArrayOutputStream? = null

    fun wake() {
      if (scheduled || isDone) return
      scheduled = true
      loop.schedule(this)
    }

    override fun run() {
      scheduled = false
      if (isDone) {
        if (waiter === this) waiter = null
        return
      }
      val r: Any?
      try {
        r = if (kind == ALL) readAllStep() else anyOp(kind, n, seps, dst)
      } catch (e: Throwable) {
        if (waiter === this) waiter = null
        completeDelivering(null, e)
        return
      }
      if (r == null) {
        resumeForWait()
        return
      }
      if (waiter === this) waiter = null
      completeDelivering(r, null)
    }

    /** read(-1): collects what is buffered; answers at EOF. */
    fun readAllStep(): ByteArray? {
      exception?.let { throw it }
      acc = moveBufferedInto(acc)
      if (!eof) return null
      return acc?.toByteArray() ?: EMPTY
    }

    // cancels and completions from other threads are carried to the loop thread (see the file comment)
    override fun cancel(msg: String?): Boolean = onLoopOrPosted { super.cancel(msg) }

    override fun complete(value: Any?): Boolean = onLoopOrPosted { super.complete(value) }

    override fun completeExceptionally(ex: Throwable): Boolean {
      Objects.requireNonNull(ex, "ex")
      return onLoopOrPosted { super.completeExceptionally(ex) }
    }
  }

  private fun javaRead(kind: Int, n: Int, seps: Array<ByteArray>?, what: String): CompletableFuture<ByteArray> {
    if (!loop.owned()) return loop.submitCoroutine { suspendRead(kind, n, seps, what) }
    @Suppress("UNCHECKED_CAST")
    return javaOp(kind, n, seps, null, what) as CompletableFuture<ByteArray>
  }

  /** A Java read of any kind: answered now from the buffer, or a parked [ReadFuture]. On the loop. */
  private fun javaOp(kind: Int, n: Int, seps: Array<ByteArray>?, dst: ByteBuffer?, what: String): CompletableFuture<Any?> {
    checkNoWaiter(what)
    val f = ReadFuture(kind, n, seps, dst)
    if (kind != ALL) {
      val r = try {
        anyOp(kind, n, seps, dst)
      } catch (e: Throwable) {
        f.completeInternal(null, e)
        return f
      }
      if (r != null) {
        f.completeInternal(r, null)
        return f
      }
    }
    waiter = f
    resumeForWait()
    if (kind == ALL) f.wake()
    return f
  }

  override fun readAsync(n: Int): CompletableFuture<ByteArray> {
    if (n < -1) throw IllegalArgumentException("n must be >= -1, got $n")
    return if (n == -1) javaRead(ALL, -1, null, "read()") else javaRead(READ, n, null, "read()")
  }

  override fun readIntoAsync(dst: ByteBuffer?): CompletableFuture<Int> {
    checkDst(dst)
    if (!loop.owned()) return loop.submitCoroutine { suspendReadInto(dst!!) }
    @Suppress("UNCHECKED_CAST")
    return javaOp(INTO, 0, null, dst, "readInto()") as CompletableFuture<Int>
  }

  override fun readlineAsync(): CompletableFuture<ByteArray> = javaRead(LINE, 0, null, "readline()")

  override fun readexactlyAsync(n: Int): CompletableFuture<ByteArray> {
    if (n < 0) throw IllegalArgumentException("readexactly size can not be less than zero, got $n")
    return javaRead(EXACTLY, n, null, "readexactly()")
  }

  override fun readuntilAsync(vararg separators: ByteArray?): CompletableFuture<ByteArray> =
    javaRead(UNTIL, 0, checkSeparators(separators), "readuntil()")

  override fun forEachLineAsync(action: Function<ByteArray, out CompletionStage<*>?>?): CompletableFuture<Void?> {
    Objects.requireNonNull(action, "action")
    return loop.javaTask {
      while (true) {
        val line = suspendRead(LINE, 0, null, "readline()")
        if (line.isEmpty()) break
        val s = action!!.apply(line) ?: continue
        loop.ensureFuture(s).awaitInternal()
      }
      null
    }
  }

  // ---- Kotlin face -----------------------------------------------------------------------------

  /** The Kotlin face's read: answers from the buffer, else parks a continuation and retries. */
  internal suspend fun suspendRead(kind: Int, n: Int, seps: Array<ByteArray>?, what: String): ByteArray {
    if (!loop.inLoop()) return withContext(loop) { suspendRead(kind, n, seps, what) }
    if (kind == ALL) return readAll(what)
    while (true) {
      val r = tryOp(kind, n, seps)
      if (r != null) return r
      awaitData(what)
    }
  }

  /** The Kotlin face's readInto. */
  internal suspend fun suspendReadInto(dst: ByteBuffer): Int {
    if (!loop.inLoop()) return withContext(loop) { suspendReadInto(dst) }
    while (true) {
      val r = tryInto(dst)
      if (r != null) return r
      awaitData("readInto()")
    }
  }

  private suspend fun readAll(what: String): ByteArray {
    var acc: ByteArrayOutputStream? = null
    while (true) {
      exception?.let { throw it }
      acc = moveBufferedInto(acc)
      if (eof) return acc?.toByteArray() ?: EMPTY
      awaitData(what)
    }
  }

  private suspend fun awaitData(what: String) {
    checkNoWaiter(what)
    check(!eof) { "awaitData after EOF" }
    resumeForWait()
    suspendCancellableCoroutine<Unit> { c -> waiter = c }
  }

  override fun toString(): String = buildString {
    append("StreamReader[")
    append(buffered).append(" bytes")
    if (eof) append(", eof")
    if (limit != DEFAULT_LIMIT) append(", limit=").append(limit)
    if (waiter != null) append(", waiter")
    if (exception != null) append(", exception=").append(exception)
    if (transport != null) append(", transport=").append(transport)
    if (paused) append(", paused")
    append("]")
  }

  fun getLoop(): EventLoop = loop

  internal companion object {
    const val READ = 0
    const val ALL = 1
    const val EXACTLY = 2
    const val UNTIL = 3
    const val LINE = 4
    const val INTO = 5
    const val DEFAULT_LIMIT = 64 * 1024

    @JvmField val EMPTY = ByteArray(0)

    @JvmField val NEWLINE = arrayOf(byteArrayOf('\n'.code.toByte()))

    fun checkDst(dst: ByteBuffer?) {
      Objects.requireNonNull(dst, "dst")
      if (dst!!.isReadOnly) throw IllegalArgumentException("dst is a read-only buffer: $dst")
    }

    fun checkSeparators(separators: Array<out ByteArray?>?): Array<ByteArray> {
      Objects.requireNonNull(separators, "separators")
      if (separators!!.isEmpty()) return NEWLINE
      val out = Array(separators.size) { i -> separators[i] ?: throw NullPointerException("separators[$i]") }
      for (s in out) if (s.isEmpty()) throw IllegalArgumentException("Separator should be at least one-byte string")
      return out
    }
  }
}
