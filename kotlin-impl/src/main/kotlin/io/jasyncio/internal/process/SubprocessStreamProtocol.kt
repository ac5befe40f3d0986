package io.jasyncio.internal.process

import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.internal.net.StreamProtocol
import io.jasyncio.internal.net.StreamReaderImpl
import io.jasyncio.internal.net.StreamWriterImpl
import io.jasyncio.net.Transport
import io.jasyncio.process.SubprocessProtocol
import io.jasyncio.process.SubprocessTransport
import java.nio.ByteBuffer

/**
 * asyncio's `SubprocessStreamProtocol`: a [StreamReaderImpl] per output pipe, a
 * [StreamWriterImpl] on stdin whose drain follows the stdin pipe's flow control (kept by [flow],
 * the networking's own `StreamProtocol`), and the transport closed once the child exited and both
 * output pipes ended. Loop thread.
 */
internal class SubprocessStreamProtocol(private val loop: EventLoopImpl, private val limit: Int) : SubprocessProtocol {
  @JvmField var stdin: StreamWriterImpl? = null
  @JvmField var stdout: StreamReaderImpl? = null
  @JvmField var stderr: StreamReaderImpl? = null
  private var transport: SubprocessTransport? = null
  private var exited = false
  private val openFds = ArrayList<Int>(2)

  /** stdin's flow control: pause/resume from the pipe, drains parked here, and the lost state. */
  private val flow = StreamProtocol(loop, StreamReaderImpl(loop, 1))

  override fun connectionMade(t: SubprocessTransport) {
    transport = t
    t.getPipeTransport(1)?.let { p ->
      stdout = StreamReaderImpl(loop, limit).also { it.setTransport(p) }
      openFds.add(1)
    }
    t.getPipeTransport(2)?.let { p ->
      stderr = StreamReaderImpl(loop, limit).also { it.setTransport(p) }
      openFds.add(2)
    }
    t.getPipeTransport(0)?.let { p: Transport ->
      flow.transport = p
      stdin = StreamWriterImpl(p, flow, null, loop).also { flow.writer = it }
    }
  }

  override fun pipeDataReceived(fd: Int, data: ByteBuffer) {
    when (fd) {
      1 -> stdout?.feed(data)
      2 -> stderr?.feed(data)
    }
  }

  override fun pipeConnectionLost(fd: Int, exc: Throwable?) {
    if (fd == 0) {
      stdin?.let { if (!it.isClosing) it.close() }
      flow.connectionLost(exc)
      return
    }
    val r = if (fd == 1) stdout else if (fd == 2) stderr else null
    if (r != null) {
      if (exc == null) r.feedEof() else r.setException(exc)
    }
    openFds.remove(fd)
    maybeCloseTransport()
  }

  override fun pauseWriting() = flow.pauseWriting()

  override fun resumeWriting() = flow.resumeWriting()

  override fun processExited() {
    exited = true
    maybeCloseTransport()
  }

  private fun maybeCloseTransport() {
    if (openFds.isEmpty() && exited) {
      transport?.close()
      transport = null
    }
  }

  override fun toString(): String = "SubprocessStreamProtocol[stdin=$stdin, stdout=$stdout, stderr=$stderr]"
}
