package io.jasyncio.internal.net

import io.jasyncio.ExceptionContext
import io.jasyncio.TimerHandle
import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.net.BaseProtocol
import io.jasyncio.net.BufferedProtocol
import io.jasyncio.net.Protocol
import io.jasyncio.net.Transport
import java.io.IOException
import java.net.SocketException
import java.net.SocketTimeoutException
import java.nio.ByteBuffer
import java.util.ArrayDeque
import java.util.concurrent.Callable
import javax.net.ssl.SSLContext
import javax.net.ssl.SSLEngine
import javax.net.ssl.SSLEngineResult
import javax.net.ssl.SSLEngineResult.HandshakeStatus
import javax.net.ssl.SSLEngineResult.Status
import javax.net.ssl.SSLException
import javax.net.ssl.SSLHandshakeException

/**
 * asyncio's `sslproto.SSLProtocol`: a protocol sandwiched between the plain [SocketTransport]
 * below (it is that transport's [BufferedProtocol], so the socket reads straight into [netIn])
 * and the application's protocol above, which sees the [SslTransport] [app].
 *
 * Why this shape: the plain transport keeps doing what it does well (one selector key, write
 * first and buffer the rest, its pause/resume marks), and this layer only turns records into
 * bytes and back. STARTTLS is then just `plain.setProtocol(sslProtocol)`.
 *
 * States (asyncio's `SSLProtocolState`): [UNWRAPPED] until the plain connection is made,
 * [HANDSHAKE], [WRAPPED] (application data), [FLUSHING]/[SHUTDOWN] while our close_notify goes
 * out and we wait for the peer's, [CLOSED] once the plain transport was asked to go.
 *
 * Invariants:
 * - the [engine] is touched only on the loop thread, except by its delegated tasks, which run on
 *   the default executor while [tasksRunning] is set; during that time nothing on the loop calls
 *   the engine (incoming bytes just accumulate in [netIn], writes in [pending]);
 * - the application protocol gets `connectionMade` exactly once, only after the handshake
 *   finished, and `connectionLost` exactly once, only if `connectionMade` ran; a failed handshake
 *   reaches [waiter] (the caller's future) instead, and the plain transport is aborted, which
 *   closes the socket and cancels its selector key;
 * - [handshakeTimer] and [shutdownTimer] are cancelled on every way out.
 *
 * Renegotiation is refused: after the handshake, a TLS 1.2 (or older) peer that asks for a new
 * handshake gets the connection aborted with an [SSLException]. TLS 1.3 post-handshake messages
 * (session tickets, key updates) are handled normally.
 */
internal class SslProtocol(
  @JvmField val loop: EventLoopImpl,
  @JvmField val context: SSLContext,
  @JvmField val engine: SSLEngine,
  appProtocol: BaseProtocol,
  private var waiter: FutureImpl<Void?>?,
  private val handshakeTimeout: Double,
  private val shutdownTimeout: Double,
  /** false for start_tls: the application protocol saw connectionMade on the plain transport. */
  private val callConnectionMade: Boolean,
) : BufferedProtocol {
  internal companion object {
    const val UNWRAPPED = 0
    const val HANDSHAKE = 1
    const val WRAPPED = 2
    const val FLUSHING = 3
    const val SHUTDOWN = 4
    const val CLOSED = 5

    private val EMPTY: ByteBuffer = ByteBuffer.allocate(0)
  }

  @JvmField var state = UNWRAPPED
  @JvmField val app = SslTransport(this)
  @JvmField var appProtocol: BaseProtocol = appProtocol
  @JvmField var plain: Transport? = null

  /** connectionMade ran on the application protocol (or it was made before: start_tls). */
  @JvmField var appMade = !callConnectionMade
  private var appLost = false

  /** Bytes from the socket not yet unwrapped, in write mode: data is [0, position). */
  private var netIn: ByteBuffer = ByteBuffer.allocate(engine.session.packetBufferSize + 16 * 1024)

  /** Decrypted bytes on their way to the application protocol. */
  private var appIn: ByteBuffer = ByteBuffer.allocate(engine.session.applicationBufferSize)

  /** Records on their way to the plain transport; several records are batched per write. */
  private var netOut: ByteBuffer = ByteBuffer.allocate(engine.session.packetBufferSize * 2)

  /** Application writes made before the handshake finished (asyncio's `_write_backlog`). */
  private val pending = ArrayDeque<ByteBuffer>()
  @JvmField var pendingSize = 0

  private var tasksRunning = false
  private var handshakeTimer: TimerHandle? = null
  private var shutdownTimer: TimerHandle? = null

  /** Application-side flow control (the plain transport's marks are kept equal to these). */
  @JvmField var high = 64 * 1024
  @JvmField var low = 16 * 1024
  private var appWritingPaused = false
  @JvmField var appReadingPaused = false
  private var processScheduled = false

  // ---- the plain transport's protocol ----------------------------------------------------------

  override fun connectionMade(transport: Transport) {
    plain = transport
    startHandshake()
  }

  /** Also the start_tls entry point, once this protocol was set on the plain transport. */
  fun startHandshake() {
    if (state != UNWRAPPED) return
    state = HANDSHAKE
    val t = handshakeTimeout
    handshakeTimer = loop.callLater(t) {
      handshakeTimer = null
      if (state == HANDSHAKE) {
        fail(SocketTimeoutException("SSL handshake is taking longer than $t seconds: aborting the connection"), true)
      }
    }
    try {
      engine.beginHandshake()
      doHandshake()
    } catch (e: Throwable) {
      fail(e, true)
    }
  }

  override fun getBuffer(sizeHint: Int): ByteBuffer {
    val need = engine.session.packetBufferSize
    if (netIn.remaining() < need) {
      // the handshake (or a paused reader) left bytes: grow, bounded by the reader pausing
      val bigger = ByteBuffer.allocate(netIn.position() + need + 16 * 1024)
      netIn.flip()
      bigger.put(netIn)
      netIn = bigger
    }
    return netIn
  }

  override fun bufferUpdated(nbytes: Int) {
    // the socket read into netIn: its position moved already
    processIncoming()
  }

  override fun eofReceived(): Boolean {
    when (state) {
      HANDSHAKE, UNWRAPPED -> fail(SSLHandshakeException("Remote host terminated the handshake (EOF during the TLS handshake)"), false)
      FLUSHING, SHUTDOWN -> finishShutdown()
      WRAPPED -> {
        // a peer that closes without close_notify: EOF for the application, then close
        callAppEof()
      }
    }
    return false
  }

  override fun connectionLost(exc: Throwable?) {
    cancelTimers()
    pending.clear()
    pendingSize = 0
    state = CLOSED
    // a failed handshake reaches the caller only now: the plain transport unregisters and closes
    // its socket right after this call, before the caller's continuation can run
    if (waiter != null) completeWaiter(failure ?: exc ?: SocketException("Connection lost during SSL handshake"))
    if (appMade && !appLost) {
      appLost = true
      try {
        appProtocol.connectionLost(failure ?: exc)
      } catch (e: Throwable) {
        loop.callExceptionHandler(ExceptionContext("protocol.connectionLost() failed", e, null, null))
      }
    }
  }

  override fun pauseWriting() = controlAppWriting()

  override fun resumeWriting() = controlAppWriting()

  // ---- handshake --------------------------------------------------------------------------------

  private fun doHandshake() {
    while (state == HANDSHAKE && !tasksRunning) {
      when (engine.handshakeStatus) {
        HandshakeStatus.NEED_TASK -> {
          runTasks()
          return
        }
        HandshakeStatus.NEED_WRAP -> {
          val r = engine.wrap(EMPTY, netOut)
          if (r.status == Status.BUFFER_OVERFLOW) {
            flushNetOut()
            growNetOutIfEmpty()
            continue
          }
          flushNetOut()
          if (r.handshakeStatus == HandshakeStatus.FINISHED) return handshakeDone()
          if (r.status == Status.CLOSED) throw SSLException("the TLS engine closed during the handshake")
        }
        HandshakeStatus.NEED_UNWRAP, HandshakeStatus.NEED_UNWRAP_AGAIN -> {
          netIn.flip()
          val r: SSLEngineResult
          try {
            r = engine.unwrap(netIn, appIn)
          } finally {
            netIn.compact()
          }
          when (r.status) {
            Status.BUFFER_UNDERFLOW -> return // wait for more bytes
            Status.BUFFER_OVERFLOW -> growAppIn()
            Status.CLOSED -> throw SSLException("the peer closed the connection during the TLS handshake")
            else -> {}
          }
          if (r.handshakeStatus == HandshakeStatus.FINISHED) return handshakeDone()
        }
        else -> return handshakeDone() // NOT_HANDSHAKING, FINISHED
      }
    }
  }

  /** Runs the engine's delegated tasks on the default executor, then goes on where it stopped. */
  private fun runTasks() {
    tasksRunning = true
    val f = loop.runInExecutor(null, Callable {
      while (true) {
        val task = engine.delegatedTask ?: break
        task.run()
      }
      null
    })
    f.whenComplete { _, e ->
      tasksRunning = false
      if (state == CLOSED) return@whenComplete
      if (e != null) return@whenComplete fail(e, true)
      try {
        if (state == HANDSHAKE) doHandshake() else processIncoming()
      } catch (x: Throwable) {
        fail(x, true)
      }
    }
  }

  private fun handshakeDone() {
    handshakeTimer?.cancel()
    handshakeTimer = null
    state = WRAPPED
    val session = engine.session
    if (appIn.capacity() < session.applicationBufferSize) appIn = ByteBuffer.allocate(session.applicationBufferSize)
    if (netOut.capacity() < 2 * session.packetBufferSize) netOut = ByteBuffer.allocate(2 * session.packetBufferSize)
    if (!appMade) {
      appMade = true
      try {
        appProtocol.connectionMade(app)
      } catch (e: Throwable) {
        appMade = false
        loop.callExceptionHandler(ExceptionContext("Fatal error: protocol.connectionMade() call failed.", e, null, null))
        fail(e, false)
        return
      }
    }
    completeWaiter(null)
    // what was written before the handshake finished, then what the peer sent after it
    while (state == WRAPPED) {
      val b = pending.pollFirst() ?: break
      pendingSize -= b.remaining()
      wrapAndSend(b)
    }
    if (state == WRAPPED) {
      controlAppWriting()
      if (netIn.position() > 0) scheduleProcess()
    }
  }

  private fun completeWaiter(e: Throwable?) {
    val w = waiter ?: return
    waiter = null
    w.completeInternal(null, e)
  }

  /**
   * A failed handshake or a broken connection: the alert the engine may have for the peer goes
   * out first (best effort), then the plain transport is aborted; the caller's future fails with
   * [e]. After the handshake, [e] goes to the application's connectionLost.
   */
  fun fail(e: Throwable, sendAlert: Boolean) {
    if (state == CLOSED) return
    cancelTimers()
    if (sendAlert && !tasksRunning && e is SSLException) {
      try {
        engine.closeOutbound()
        netOut.clear()
        engine.wrap(EMPTY, netOut)
        flushNetOut()
      } catch (ignored: Throwable) {
        // the engine is broken: no alert
      }
    }
    state = CLOSED
    failure = e
    val p = plain
    if (p == null) {
      connectionLost(e)
      return
    }
    if (p is SocketTransport) {
      // connection errors are expected: logged at debug level; connectionLost follows (scheduled)
      p.fatalError(if (e is IOException) e else IOException(e.message, e), "Fatal error on SSL protocol")
    } else {
      p.abort()
    }
  }

  /** The error given to [fail], handed to the application's connectionLost instead of the wrapper. */
  private var failure: Throwable? = null

  private fun cancelTimers() {
    handshakeTimer?.cancel()
    handshakeTimer = null
    shutdownTimer?.cancel()
    shutdownTimer = null
  }

  // ---- application data ------------------------------------------------------------------------

  private fun scheduleProcess() {
    if (processScheduled) return
    processScheduled = true
    loop.schedule {
      processScheduled = false
      processIncoming()
    }
  }

  private fun processIncoming() {
    if (tasksRunning) return
    try {
      when (state) {
        HANDSHAKE -> doHandshake()
        WRAPPED, FLUSHING -> readAppData()
        SHUTDOWN -> readUntilCloseNotify()
      }
    } catch (e: Throwable) {
      fail(e, true)
    }
  }

  private fun readAppData() {
    var closed = false
    netIn.flip()
    try {
      while (netIn.hasRemaining() && !appReadingPaused && (state == WRAPPED || state == FLUSHING)) {
        val r = engine.unwrap(netIn, appIn)
        when (r.status) {
          Status.BUFFER_UNDERFLOW -> break
          Status.BUFFER_OVERFLOW -> {
            if (appIn.position() > 0) deliver() else growAppIn()
            continue
          }
          Status.CLOSED -> {
            closed = true
            break
          }
          else -> {}
        }
        if (!postHandshake(r)) return
        // deliver when the next record might not fit, so one read makes few dataReceived calls
        if (appIn.remaining() < engine.session.applicationBufferSize) deliver()
      }
      if (appIn.position() > 0 && state != CLOSED) deliver()
    } finally {
      netIn.compact()
    }
    if (closed && state != CLOSED) {
      // the peer's close_notify: EOF for the application, then our close_notify and the close
      if (state == WRAPPED) callAppEof() else finishShutdownIfInboundDone()
    }
  }

  /** After the handshake: TLS 1.3 key updates are answered; anything that asks for a new handshake is refused. */
  private fun postHandshake(r: SSLEngineResult): Boolean {
    val hs = r.handshakeStatus
    if (hs == HandshakeStatus.NOT_HANDSHAKING || hs == HandshakeStatus.FINISHED) return true
    if (engine.session.protocol != "TLSv1.3") {
      fail(SSLException("TLS renegotiation refused: the peer asked for a new handshake on ${engine.session.protocol}"), true)
      return false
    }
    var s = hs
    while (true) {
      when (s) {
        HandshakeStatus.NEED_WRAP -> {
          val w = engine.wrap(EMPTY, netOut)
          flushNetOut()
          s = w.handshakeStatus
          if (w.status == Status.CLOSED) return true
        }
        HandshakeStatus.NEED_TASK -> {
          // rare after a TLS 1.3 handshake; still never on the loop thread
          runTasks()
          return false
        }
        else -> return true
      }
    }
  }

  private fun deliver() {
    appIn.flip()
    try {
      when (val p = appProtocol) {
        is Protocol -> p.dataReceived(appIn)
        is BufferedProtocol -> {
          while (appIn.hasRemaining()) {
            val b = p.getBuffer(appIn.remaining())
            if (!b.hasRemaining()) throw IllegalStateException("getBuffer() returned an empty buffer")
            val n = minOf(b.remaining(), appIn.remaining())
            val slice = appIn.slice().limit(n) as ByteBuffer
            b.put(slice)
            appIn.position(appIn.position() + n)
            p.bufferUpdated(n)
          }
        }
      }
    } catch (e: Throwable) {
      appIn.clear()
      loop.callExceptionHandler(ExceptionContext("Fatal error: protocol.dataReceived() call failed.", e, null, null))
      fail(e, false)
      return
    }
    appIn.clear()
  }

  private fun callAppEof() {
    try {
      when (val p = appProtocol) {
        is Protocol -> p.eofReceived()
        is BufferedProtocol -> p.eofReceived()
        else -> false
      }
      // asyncio: returning true from eof_received() has no effect with TLS (no half-close)
    } catch (e: Throwable) {
      loop.callExceptionHandler(ExceptionContext("Fatal error: protocol.eofReceived() call failed.", e, null, null))
      fail(e, false)
      return
    }
    startShutdown()
  }

  // ---- writing ---------------------------------------------------------------------------------

  fun appWrite(data: ByteBuffer) {
    when (state) {
      WRAPPED -> if (pendingSize == 0) wrapAndSend(data) else queue(data)
      UNWRAPPED, HANDSHAKE -> queue(data)
      else -> {
        data.position(data.limit()) // closing: asyncio drops the bytes too
        return
      }
    }
    controlAppWriting()
  }

  private fun queue(data: ByteBuffer) {
    val copy = ByteBuffer.allocate(data.remaining())
    copy.put(data)
    copy.flip()
    pending.addLast(copy)
    pendingSize += copy.remaining()
  }

  private fun wrapAndSend(src: ByteBuffer) {
    try {
      while (src.hasRemaining() && state != CLOSED) {
        val r = engine.wrap(src, netOut)
        when (r.status) {
          Status.BUFFER_OVERFLOW -> {
            flushNetOut()
            growNetOutIfEmpty()
          }
          Status.CLOSED -> throw SSLException("write on a closed TLS engine")
          else -> if (netOut.remaining() < engine.session.packetBufferSize) flushNetOut()
        }
        if (!postHandshake(r)) return
      }
      flushNetOut()
    } catch (e: Throwable) {
      fail(e, true)
    }
  }

  private fun flushNetOut() {
    if (netOut.position() == 0) return
    netOut.flip()
    plain?.write(netOut)
    netOut.clear()
  }

  private fun growNetOutIfEmpty() {
    if (netOut.position() == 0) netOut = ByteBuffer.allocate(netOut.capacity() + engine.session.packetBufferSize)
  }

  private fun growAppIn() {
    val need = maxOf(engine.session.applicationBufferSize, appIn.capacity() * 2)
    val bigger = ByteBuffer.allocate(appIn.position() + need)
    appIn.flip()
    bigger.put(appIn)
    appIn = bigger
  }

  /** asyncio's `_control_app_writing`: pause above [high], resume at [low], counting both buffers. */
  fun controlAppWriting() {
    val size = writeBufferSize()
    if (size > high && !appWritingPaused) {
      appWritingPaused = true
      try {
        appProtocol.pauseWriting()
      } catch (e: Throwable) {
        loop.callExceptionHandler(ExceptionContext("protocol.pauseWriting() failed", e, null, null))
      }
    } else if (size <= low && appWritingPaused) {
      appWritingPaused = false
      try {
        appProtocol.resumeWriting()
      } catch (e: Throwable) {
        loop.callExceptionHandler(ExceptionContext("protocol.resumeWriting() failed", e, null, null))
      }
    }
  }

  fun writeBufferSize(): Int = pendingSize + (plain?.writeBufferSize ?: 0)

  // ---- reading control -------------------------------------------------------------------------

  fun pauseReading() {
    appReadingPaused = true
    plain?.pauseReading()
  }

  fun resumeReading() {
    appReadingPaused = false
    plain?.resumeReading()
    if (netIn.position() > 0 && state == WRAPPED) scheduleProcess()
  }

  // ---- closing ---------------------------------------------------------------------------------

  /** asyncio's `_start_shutdown`: close_notify out, then wait (bounded) for the peer's. */
  fun startShutdown() {
    when (state) {
      FLUSHING, SHUTDOWN, CLOSED -> return
      UNWRAPPED, HANDSHAKE -> {
        abort(null)
        return
      }
    }
    state = FLUSHING
    shutdownTimer = loop.callLater(shutdownTimeout) {
      shutdownTimer = null
      if (state == FLUSHING || state == SHUTDOWN) {
        // asyncio: "SSL shutdown timed out"; the application sees a normal close
        state = CLOSED
        plain?.abort()
      }
    }
    // asyncio's FLUSHING: what the application wrote goes out before our close_notify
    while (state == FLUSHING) {
      val b = pending.pollFirst() ?: break
      pendingSize -= b.remaining()
      wrapAndSend(b)
    }
    if (state != FLUSHING) return
    try {
      engine.closeOutbound()
      while (!engine.isOutboundDone) {
        val r = engine.wrap(EMPTY, netOut)
        if (r.status == Status.BUFFER_OVERFLOW) {
          flushNetOut()
          growNetOutIfEmpty()
        } else if (r.bytesProduced() == 0) {
          break
        }
      }
      flushNetOut()
    } catch (e: SSLException) {
      // nothing more to say to the peer
    }
    state = SHUTDOWN
    finishShutdownIfInboundDone()
    if (state == SHUTDOWN && netIn.position() > 0) scheduleProcess()
  }

  private fun readUntilCloseNotify() {
    netIn.flip()
    try {
      while (netIn.hasRemaining() && !engine.isInboundDone) {
        val r = engine.unwrap(netIn, appIn)
        appIn.clear() // application data after our close is dropped, as asyncio
        if (r.status == Status.BUFFER_UNDERFLOW) break
        if (r.status == Status.BUFFER_OVERFLOW) growAppIn()
      }
    } catch (e: SSLException) {
      netIn.clear()
      netIn.flip()
      finishShutdown()
      return
    } finally {
      netIn.compact()
    }
    finishShutdownIfInboundDone()
  }

  private fun finishShutdownIfInboundDone() {
    if (engine.isInboundDone) finishShutdown()
  }

  private fun finishShutdown() {
    if (state == CLOSED) return
    cancelTimers()
    state = CLOSED
    plain?.close()
  }

  fun abort(e: Throwable?) {
    if (state == CLOSED) {
      plain?.abort()
      return
    }
    cancelTimers()
    val handshaking = state == HANDSHAKE || state == UNWRAPPED
    state = CLOSED
    if (handshaking) completeWaiter(e ?: SocketException("Connection aborted during SSL handshake"))
    plain?.abort()
  }

  override fun toString(): String {
    val s = arrayOf("unwrapped", "handshake", "wrapped", "flushing", "shutdown", "closed")[state]
    return "SslProtocol[$s, ${if (engine.useClientMode) "client" else "server"}, app=${appProtocol.javaClass.simpleName}]"
  }
}
