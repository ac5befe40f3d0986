package io.jasyncio.internal.process

import io.jasyncio.EventLoop
import io.jasyncio.ExceptionContext
import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.net.BaseProtocol
import io.jasyncio.net.Protocol
import io.jasyncio.net.Transport
import io.jasyncio.net.WriteBufferLimits
import java.io.IOException
import java.io.InputStream
import java.nio.ByteBuffer
import java.util.Objects
import java.util.concurrent.locks.ReentrantLock
import kotlin.concurrent.withLock

/*
 * The read end of a child's stdout or stderr as a transport (asyncio's _UnixReadPipeTransport).
 *
 * A pump thread blocks in `read` and posts each chunk to the loop, where the protocol gets it.
 * Memory stays bounded whatever the child writes: the pump reads again only while
 *  - the transport is not paused (a StreamReader above twice its limit pauses it), and
 *  - fewer than MAX_IN_FLIGHT chunks it posted are still undelivered;
 * otherwise it parks, the child's next write blocks on the full OS pipe, and the child waits.
 * So at most MAX_IN_FLIGHT chunks plus what the protocol buffers are ever held.
 *
 * Closing marks the transport closed and closes the stream; a pump blocked in `read` at that
 * moment stays blocked until the child writes again or exits (closing a file descriptor does not
 * wake a thread blocked on it), then sees the close and ends without delivering anything.
 */
internal class ReadPipe(
  @JvmField val loop: EventLoopImpl,
  @JvmField val fd: Int,
  private val input: InputStream,
  private var protocol: BaseProtocol,
) : Transport {
  // loop side
  private var closing = false
  private var paused = false
  private var lostCalled = false

  // shared with the pump, under lock
  private val lock = ReentrantLock()
  private val wake = lock.newCondition()
  private var pumpPaused = false
  private var inFlight = 0
  private var stopped = false

  /** True while the pump waits for a resume or a delivery (tests read it to see backpressure). */
  @Volatile @JvmField var parked = false

  /** Bytes the pump has read so far. */
  @Volatile @JvmField var bytesRead = 0L

  fun start() {
    PumpThreads.start(::pump)
  }

  private fun pump() {
    val buf = ByteArray(CHUNK)
    try {
      while (true) {
        lock.withLock {
          while (!stopped && (pumpPaused || inFlight >= MAX_IN_FLIGHT)) {
            parked = true
            wake.awaitUninterruptibly()
          }
          parked = false
          if (stopped) return
        }
        val n = input.read(buf)
        if (n < 0) {
          post { eof() }
          return
        }
        if (n == 0) continue
        bytesRead += n
        val chunk = buf.copyOf(n)
        lock.withLock { inFlight++ }
        post { deliver(chunk) }
      }
    } catch (e: IOException) {
      post { failed(e) }
    }
  }

  private fun post(r: Runnable) {
    if (!loop.isClosed) loop.post(r)
  }

  private fun deliver(chunk: ByteArray) {
    lock.withLock {
      inFlight--
      if (parked && !pumpPaused) wake.signal()
    }
    if (closing) return
    val p = protocol as? Protocol ?: return
    try {
      p.dataReceived(ByteBuffer.wrap(chunk))
    } catch (e: Throwable) {
      loop.callExceptionHandler(ExceptionContext("Exception in pipe data callback (fd $fd)", e, null, null))
    }
  }

  private fun eof() {
    if (closing) {
      callConnectionLost(null)
      return
    }
    closing = true
    callConnectionLost(null)
  }

  private fun failed(e: IOException) {
    if (lostCalled) return
    closing = true
    callConnectionLost(if (stoppedByUs()) null else e)
  }

  private fun stoppedByUs(): Boolean = lock.withLock { stopped }

  private fun callConnectionLost(exc: Throwable?) {
    if (lostCalled) return
    lostCalled = true
    stopPump()
    try {
      input.close()
    } catch (ignored: IOException) {
      // nothing to do
    }
    try {
      protocol.connectionLost(exc)
    } catch (e: Throwable) {
      loop.callExceptionHandler(ExceptionContext("Exception in pipe connectionLost (fd $fd)", e, null, null))
    }
  }

  private fun stopPump() {
    lock.withLock {
      stopped = true
      wake.signal()
    }
  }

  /** The loop closed: the pump ends at its next wake-up; nothing more is delivered. */
  internal fun stopForLoopClose() {
    closing = true
    lostCalled = true
    stopPump()
    try {
      input.close()
    } catch (ignored: IOException) {
      // nothing to do
    }
  }

  private fun checkThread() {
    if (!loop.owned()) {
      throw IllegalStateException(
        "a pipe transport is bound to its event loop: call it on the loop thread, not from ${Thread.currentThread().name}",
      )
    }
  }

  // ---- Transport: the reading side -------------------------------------------------------------

  override fun getLoop(): EventLoop = loop

  override fun pauseReading() {
    checkThread()
    if (closing || paused) return
    paused = true
    lock.withLock { pumpPaused = true }
  }

  override fun resumeReading() {
    checkThread()
    if (closing || !paused) return
    paused = false
    lock.withLock {
      pumpPaused = false
      wake.signal()
    }
  }

  override fun isReading(): Boolean = !paused && !closing

  override fun close() {
    checkThread()
    if (closing) return
    closing = true
    stopPump()
    loop.schedule { callConnectionLost(null) }
  }

  override fun abort() = close()

  override fun isClosing(): Boolean = closing

  override fun getExtraInfo(name: String?, defaultValue: Any?): Any? = if (name == "pipe") input else defaultValue

  override fun getProtocol(): BaseProtocol = protocol

  override fun setProtocol(protocol: BaseProtocol?) {
    Objects.requireNonNull(protocol, "protocol")
    checkThread()
    this.protocol = protocol!!
  }

  // ---- the writing side does not exist ---------------------------------------------------------

  private fun readOnly(): Nothing = throw UnsupportedOperationException("fd $fd is a read pipe: it cannot be written")

  override fun write(data: ByteArray?): Unit = readOnly()

  override fun write(data: ByteBuffer?): Unit = readOnly()

  override fun writelines(list: Iterable<ByteArray>?): Unit = readOnly()

  override fun writeEof(): Unit = readOnly()

  override fun canWriteEof(): Boolean = false

  override fun setWriteBufferLimits(high: Int?, low: Int?): Unit = readOnly()

  override fun getWriteBufferLimits(): WriteBufferLimits = readOnly()

  override fun getWriteBufferSize(): Int = 0

  override fun toString(): String {
    val state = when {
      lostCalled -> "closed"
      closing -> "closing"
      paused -> "paused"
      else -> "reading"
    }
    return "ReadPipe[fd=$fd, $state, read=$bytesRead]"
  }

  internal companion object {
    const val CHUNK = 64 * 1024
    const val MAX_IN_FLIGHT = 4
  }
}
