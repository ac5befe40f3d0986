package io.jasyncio.internal.process

import io.jasyncio.EventLoop
import io.jasyncio.ExceptionContext
import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.net.BaseProtocol
import io.jasyncio.net.Transport
import io.jasyncio.net.WriteBufferLimits
import java.io.IOException
import java.io.OutputStream
import java.nio.ByteBuffer
import java.util.ArrayDeque
import java.util.Objects
import java.util.concurrent.locks.ReentrantLock
import kotlin.concurrent.withLock

/*
 * The write end of a child's stdin as a transport (asyncio's _UnixWritePipeTransport).
 *
 * `write` copies the bytes into a queue and returns; a pump thread (started on the first write)
 * takes chunks off the queue and blocks in the stream's `write`. The queued size drives the
 * protocol's flow control exactly as a socket's write buffer does: pauseWriting above the high
 * mark (on the loop thread, from `write`), resumeWriting once the pump brought it down to the low
 * mark (posted to the loop). A writer that drains therefore never holds more than the high mark.
 *
 * `close`/`writeEof` flush the queue, then close the stream and report connectionLost(null); a
 * failed write (the child closed its stdin or died: EPIPE, "Broken pipe") drops the queue and
 * reports connectionLost(that IOException); later writes are dropped, as asyncio does, and a
 * StreamWriter's drain raises. The loop thread never closes the stream while the pump may be
 * inside `write` (the JDK's buffered stream would block the closer): the pump closes it.
 */
internal class WritePipe(
  @JvmField val loop: EventLoopImpl,
  private val out: OutputStream,
  private var protocol: BaseProtocol,
) : Transport {
  // loop side
  private var closing = false
  private var lostCalled = false
  private var protocolPaused = false
  private var high = 64 * 1024
  private var low = 16 * 1024
  private var droppedWrites = 0
  private var pumpStarted = false
  private var userClosed = false

  // shared with the pump, under lock
  private val lock = ReentrantLock()
  private val wake = lock.newCondition()
  private val queue = ArrayDeque<ByteArray>()
  private var size = 0L
  private var shutdown = false
  private var aborted = false

  /** Read by the pump: whether a resume is wanted once the queue is low. */
  @Volatile private var wantResume = false

  private fun checkThread() {
    if (!loop.owned()) {
      throw IllegalStateException(
        "a pipe transport is bound to its event loop: call it on the loop thread, not from ${Thread.currentThread().name}",
      )
    }
  }

  private fun post(r: Runnable) {
    if (!loop.isClosed) loop.post(r)
  }

  private fun pump() {
    while (true) {
      val chunk: ByteArray
      lock.withLock {
        while (queue.isEmpty() && !shutdown && !aborted) wake.awaitUninterruptibly()
        if (aborted) {
          closeQuietly()
          return
        }
        if (queue.isEmpty()) {
          // shutdown with everything written
          val e = try {
            out.close()
            null
          } catch (e: IOException) {
            e
          }
          post { callConnectionLost(e) }
          return
        }
        chunk = queue.removeFirst()
      }
      try {
        out.write(chunk)
        out.flush()
      } catch (e: IOException) {
        // the size stays until the loop sees the loss, so a paused writer is not resumed first:
        // its drain wakes with this error (callConnectionLost)
        lock.withLock { queue.clear() }
        closeQuietly()
        post { callConnectionLost(e) }
        return
      }
      val left = lock.withLock {
        size -= chunk.size
        size
      }
      if (wantResume && left <= low) post { maybeResumeProtocol() }
    }
  }

  private fun closeQuietly() {
    try {
      out.close()
    } catch (ignored: IOException) {
      // the child is gone: nothing to do
    }
  }

  /**
   * [queuedNow] is the size when the caller queued its bytes (the pump may have written some
   * since). The pump posts a resume only when it sees [wantResume]; as it lowers the size before it
   * reads the flag and we set the flag before we read the size again, one of us sees the other.
   */
  private fun maybePauseProtocol(queuedNow: Long = queued()) {
    if (protocolPaused || queuedNow <= high) return
    protocolPaused = true
    wantResume = true
    try {
      protocol.pauseWriting()
    } catch (e: Throwable) {
      loop.callExceptionHandler(ExceptionContext("protocol.pauseWriting() failed", e, null, null))
    }
    if (queued() <= low) maybeResumeProtocol()
  }

  private fun maybeResumeProtocol() {
    if (!protocolPaused || queued() > low) return
    protocolPaused = false
    wantResume = false
    try {
      protocol.resumeWriting()
    } catch (e: Throwable) {
      loop.callExceptionHandler(ExceptionContext("protocol.resumeWriting() failed", e, null, null))
    }
  }

  private fun queued(): Long = lock.withLock { size }

  private fun callConnectionLost(exc: Throwable?) {
    if (lostCalled) return
    lostCalled = true
    closing = true
    lock.withLock {
      queue.clear()
      size = 0
    }
    try {
      protocol.connectionLost(exc)
    } catch (e: Throwable) {
      loop.callExceptionHandler(ExceptionContext("Exception in pipe connectionLost (fd 0)", e, null, null))
    }
  }

  // ---- Transport: the writing side -------------------------------------------------------------

  override fun getLoop(): EventLoop = loop

  override fun write(data: ByteBuffer?) {
    Objects.requireNonNull(data, "data")
    data!!
    checkThread()
    if (userClosed) throw IllegalStateException("Cannot call write() after writeEof() or close()")
    if (!data.hasRemaining()) return
    if (closing) {
      // asyncio drops writes to a lost pipe (and logs after a few); a StreamWriter's drain raises
      if (++droppedWrites == 5) EventLoopImpl.LOG.log(System.Logger.Level.WARNING, "write() on a closed pipe: $this")
      data.position(data.limit())
      return
    }
    val copy = ByteArray(data.remaining())
    data.get(copy)
    val queuedNow = lock.withLock {
      queue.addLast(copy)
      size += copy.size
      wake.signal()
      size
    }
    if (!pumpStarted) {
      pumpStarted = true
      PumpThreads.start(::pump)
    }
    maybePauseProtocol(queuedNow)
  }

  override fun writelines(list: Iterable<ByteArray>?) {
    Objects.requireNonNull(list, "list")
    var total = 0
    for (b in list!!) total += (b ?: throw NullPointerException("list element")).size
    val all = ByteBuffer.allocate(total)
    for (b in list) all.put(b)
    all.flip()
    write(all)
  }

  /** For a pipe, EOF is closing it (asyncio's write pipe: `write_eof` closes once flushed). */
  override fun writeEof() = close()

  override fun canWriteEof(): Boolean = true

  override fun close() {
    checkThread()
    userClosed = true
    beginClose()
  }

  private fun beginClose() {
    if (closing) return
    closing = true
    if (!pumpStarted) {
      // nothing was ever written: nobody else touches the stream
      val e = try {
        out.close()
        null
      } catch (e: IOException) {
        e
      }
      loop.schedule { callConnectionLost(e) }
      return
    }
    lock.withLock {
      shutdown = true
      wake.signal()
    }
  }

  override fun abort() {
    checkThread()
    userClosed = true
    if (lostCalled) return
    closing = true
    if (!pumpStarted) {
      closeQuietly()
    } else {
      lock.withLock {
        aborted = true
        queue.clear()
        size = 0
        wake.signal()
      }
    }
    loop.schedule { callConnectionLost(null) }
  }

  /** The child exited (asyncio sees the pipe's read end close): flush what is queued, then close. */
  internal fun childExited() {
    beginClose()
  }

  /** The loop closed: drop everything, the pump ends. */
  internal fun stopForLoopClose() {
    closing = true
    lostCalled = true
    if (!pumpStarted) {
      closeQuietly()
      return
    }
    lock.withLock {
      aborted = true
      queue.clear()
      size = 0
      wake.signal()
    }
  }

  override fun isClosing(): Boolean = closing

  override fun setWriteBufferLimits(high: Int?, low: Int?) {
    checkThread()
    val h = high ?: if (low != null) 4 * low else 64 * 1024
    val l = low ?: (h / 4)
    if (h < l || l < 0) throw IllegalArgumentException("high ($h) must be >= low ($l) must be >= 0")
    this.high = h
    this.low = l
    maybePauseProtocol()
  }

  override fun getWriteBufferLimits(): WriteBufferLimits = WriteBufferLimits(low, high)

  override fun getWriteBufferSize(): Int = queued().toInt()

  override fun getExtraInfo(name: String?, defaultValue: Any?): Any? = if (name == "pipe") out else defaultValue

  override fun getProtocol(): BaseProtocol = protocol

  override fun setProtocol(protocol: BaseProtocol?) {
    Objects.requireNonNull(protocol, "protocol")
    checkThread()
    this.protocol = protocol!!
  }

  // ---- the reading side does not exist ---------------------------------------------------------

  private fun writeOnly(): Nothing = throw UnsupportedOperationException("fd 0 is a write pipe: it cannot be read")

  override fun pauseReading(): Unit = writeOnly()

  override fun resumeReading(): Unit = writeOnly()

  override fun isReading(): Boolean = false

  override fun toString(): String {
    val state = when {
      lostCalled -> "closed"
      closing -> "closing"
      else -> "open"
    }
    return "WritePipe[fd=0, $state, write buffer=${queued()}]"
  }
}
