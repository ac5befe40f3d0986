package io.jasyncio.internal.net

import io.jasyncio.ExceptionContext
import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.future.FutureListener
import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.net.ClientConnected
import io.jasyncio.net.Protocol
import io.jasyncio.net.StreamReader
import io.jasyncio.net.StreamWriter
import io.jasyncio.net.Transport
import java.net.SocketException
import java.nio.ByteBuffer
import java.util.concurrent.CompletableFuture
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.suspendCancellableCoroutine

/**
 * asyncio's `StreamReaderProtocol` with its `FlowControlMixin`: feeds the [reader] from the
 * transport, tracks the transport's pause/resume for `drain`, and on a server starts the client
 * handler as a task once the connection is made. Loop thread.
 */
internal class StreamProtocol(
  @JvmField val loop: EventLoopImpl,
  @JvmField val reader: StreamReaderImpl,
  private val javaHandler: ClientConnected? = null,
  private val kotlinHandler: (suspend (StreamReader, StreamWriter) -> Unit)? = null,
) : Protocol {
  @JvmField var transport: Transport? = null
  @JvmField var writer: StreamWriterImpl? = null

  /** The transport is above its high-water mark. */
  @JvmField var paused = false

  /** connectionLost ran. */
  @JvmField var lost = false
  private var lostError: Throwable? = null

  /** Parked drains: futures (Java) and continuations (Kotlin). */
  private var drainWaiters: ArrayList<Any>? = null

  /** Parked waitClosed calls. */
  private var closeWaiters: ArrayList<FutureImpl<Void?>>? = null

  /** A server connection (a handler runs): asyncio's `StreamWriter.start_tls` then takes the server side. */
  fun isServerSide(): Boolean = javaHandler != null || kotlinHandler != null

  override fun connectionMade(transport: Transport) {
    reader.setTransport(transport)
    this.transport = transport
    if (javaHandler == null && kotlinHandler == null) return
    val w = StreamWriterImpl(transport, this, reader, loop)
    writer = w
    val task: FutureImpl<*> = if (javaHandler != null) {
      loop.createTask(io.jasyncio.AsyncCallable<Any?> {
        @Suppress("UNCHECKED_CAST")
        (javaHandler.handle(reader, w) ?: CompletableFuture.completedFuture(null)) as java.util.concurrent.CompletionStage<Any?>
      }) as FutureImpl<*>
    } else {
      val h = kotlinHandler!!
      loop.createCoroutineTask(null, { h(reader, w) })
    }
    task.addListener(HandlerDone(transport))
  }

  /** asyncio 3.12: a handler that failed is reported and its connection closed; the server goes on. */
  private inner class HandlerDone(private val t: Transport) : FutureListener {
    override fun onFutureDone(f: FutureImpl<*>) {
      if (f.isCancelled) {
        if (!t.isClosing) t.close()
        return
      }
      val e = f.exception() ?: return
      loop.callExceptionHandler(ExceptionContext("Unhandled exception in client_connected_cb", e, f, null))
      if (!t.isClosing) t.close()
    }
  }

  override fun connectionLost(exc: Throwable?) {
    if (exc == null) reader.feedEof() else reader.setException(exc)
    lost = true
    lostError = exc
    closeWaiters?.let { ws ->
      closeWaiters = null
      for (w in ws) w.completeInternal(null, null)
    }
    // asyncio's FlowControlMixin: waiting drains end with the error, or normally
    wakeDrains(exc)
    transport = null
  }

  override fun dataReceived(data: ByteBuffer) {
    reader.feed(data)
  }

  override fun eofReceived(): Boolean {
    reader.feedEof()
    return true // keep the connection half-open: the writer may still write
  }

  override fun pauseWriting() {
    paused = true
  }

  override fun resumeWriting() {
    paused = false
    wakeDrains(null)
  }

  private fun wakeDrains(exc: Throwable?) {
    val ws = drainWaiters ?: return
    drainWaiters = null
    for (w in ws) {
      if (w is FutureImpl<*>) {
        @Suppress("UNCHECKED_CAST")
        (w as FutureImpl<Void?>).completeDelivering(null, exc)
      } else {
        @Suppress("UNCHECKED_CAST")
        val c = w as CancellableContinuation<Unit>
        if (exc == null) c.resume(Unit) else c.resumeWithException(exc)
      }
    }
  }

  /** What a drain on a lost connection raises (asyncio: `ConnectionResetError('Connection lost')`). */
  private fun lostError(): Throwable = SocketException("Connection lost").also { e -> lostError?.let { e.initCause(it) } }

  fun drainAsync(): CompletableFuture<Void?> {
    if (lost) return FutureImpl<Void?>(loop).also { it.completeInternal(null, lostError()) }
    if (!paused) return DONE_FUTURE_MARK
    val f = FutureImpl<Void?>(loop)
    (drainWaiters ?: ArrayList<Any>(2).also { drainWaiters = it }).add(f)
    return f
  }

  suspend fun drain() {
    if (lost) throw lostError()
    if (!paused) return
    suspendCancellableCoroutine<Unit> { c -> (drainWaiters ?: ArrayList<Any>(2).also { drainWaiters = it }).add(c) }
  }

  fun waitClosedAsync(): CompletableFuture<Void?> {
    val f = FutureImpl<Void?>(loop)
    if (lost) f.completeInternal(null, null) else (closeWaiters ?: ArrayList<FutureImpl<Void?>>(1).also { closeWaiters = it }).add(f)
    return f
  }

  internal companion object {
    /** Never returned: marks "not paused" for the writer, which substitutes its own done future. */
    @JvmField val DONE_FUTURE_MARK: CompletableFuture<Void?> = CompletableFuture.completedFuture(null)
  }
}
