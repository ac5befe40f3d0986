package io.jasyncio.internal.process

import io.jasyncio.EventLoop
import io.jasyncio.ExceptionContext
import io.jasyncio.internal.debug.ResourceLeaks
import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.internal.signal.SignalNames
import io.jasyncio.net.Protocol
import io.jasyncio.net.Transport
import io.jasyncio.process.SubprocessProtocol
import io.jasyncio.process.SubprocessTransport
import java.io.IOException
import java.io.UncheckedIOException
import java.nio.ByteBuffer
import java.util.concurrent.TimeUnit

/*
 * A child process on the loop (asyncio's BaseSubprocessTransport): one pipe transport per PIPE
 * stream, the exit seen through Process.onExit() (the JDK's reaper thread completes it; we post
 * to the loop), and asyncio's finishing rule: connectionLost goes to the protocol, and wait()
 * waiters are woken, once the child exited AND every pipe closed.
 *
 * Order on the loop thread: connectionMade (before any pump starts, so it is first), then pipe
 * callbacks and processExited as they come, connectionLost last.
 */
internal class SubprocessTransportImpl(
  @JvmField val loop: EventLoopImpl,
  private var protocol: SubprocessProtocol,
  @JvmField val process: Process,
  private val program: String,
) : SubprocessTransport {
  private val pipes = arrayOfNulls<Transport>(3)
  private val pipeOpen = BooleanArray(3)

  /** Debug mode: reported if collected before [close] (asyncio's "unclosed transport" for a child). */
  private val leak: ResourceLeaks.Watch? =
    if (loop.getDebug()) ResourceLeaks.watch(this, "subprocess transport", "SubprocessTransport[pid=${process.pid()} program=$program]") else null

  @Volatile private var returncode: Int? = null
  private var finished = false
  private var closed = false
  private var exitWaiters: ArrayList<FutureImpl<Int>>? = null

  /** Wires the pipes, tells the protocol, starts the pumps and the exit watch. Loop thread. */
  fun start() {
    if (process.outputStream != null && hasPipe(0)) {
      pipes[0] = WritePipe(loop, process.outputStream, PipeProto(0))
      pipeOpen[0] = true
    }
    if (hasPipe(1)) {
      pipes[1] = ReadPipe(loop, 1, process.inputStream, PipeProto(1))
      pipeOpen[1] = true
    }
    if (hasPipe(2)) {
      pipes[2] = ReadPipe(loop, 2, process.errorStream, PipeProto(2))
      pipeOpen[2] = true
    }
    LoopProcesses.of(loop).add(this)
    try {
      protocol.connectionMade(this)
    } finally {
      (pipes[1] as? ReadPipe)?.start()
      (pipes[2] as? ReadPipe)?.start()
      process.onExit().whenComplete { _, _ -> if (!loop.isClosed) loop.post { exited() } }
    }
  }

  /** Set by the creator: which fds are PIPEs. */
  @JvmField var pipeMask = 0

  private fun hasPipe(fd: Int) = pipeMask and (1 shl fd) != 0

  /** asyncio's ReadSubprocessPipeProto / WriteSubprocessPipeProto: forward with the fd. */
  private inner class PipeProto(private val fd: Int) : Protocol {
    override fun dataReceived(data: ByteBuffer) = call("pipeDataReceived") { protocol.pipeDataReceived(fd, data) }

    override fun connectionLost(exc: Throwable?) = pipeLost(fd, exc)

    override fun pauseWriting() = call("pauseWriting") { protocol.pauseWriting() }

    override fun resumeWriting() = call("resumeWriting") { protocol.resumeWriting() }
  }

  private inline fun call(what: String, f: () -> Unit) {
    try {
      f()
    } catch (e: Throwable) {
      loop.callExceptionHandler(ExceptionContext("SubprocessProtocol.$what() failed for $this", e, null, null))
    }
  }

  private fun pipeLost(fd: Int, exc: Throwable?) {
    pipeOpen[fd] = false
    call("pipeConnectionLost") { protocol.pipeConnectionLost(fd, exc) }
    tryFinish()
  }

  private fun exited() {
    if (returncode != null) return
    val rc = mapExitValue(process.exitValue())
    returncode = rc
    call("processExited") { protocol.processExited() }
    (pipes[0] as? WritePipe)?.childExited()
    tryFinish()
  }

  private fun tryFinish() {
    if (finished || returncode == null) return
    if (pipeOpen.any { it }) return
    finished = true
    loop.schedule {
      try {
        call("connectionLost") { protocol.connectionLost(null) }
      } finally {
        LoopProcesses.of(loop).remove(this)
        val ws = exitWaiters
        exitWaiters = null
        ws?.forEach { it.completeInternal(returncode, null) }
      }
    }
  }

  /** asyncio's `_wait`: the return code at once if known, else once finished. Loop thread. */
  fun waitFuture(): FutureImpl<Int> {
    val f = FutureImpl<Int>(loop)
    val rc = returncode
    if (rc != null) {
      f.completeInternal(rc, null)
    } else {
      (exitWaiters ?: ArrayList<FutureImpl<Int>>(1).also { exitWaiters = it }).add(f)
    }
    return f
  }

  private fun checkThread() {
    if (!loop.owned()) {
      throw IllegalStateException(
        "a subprocess transport is bound to its event loop: call it on the loop thread, not from ${Thread.currentThread().name}",
      )
    }
  }

  // ---- SubprocessTransport -----------------------------------------------------------------------

  override fun getLoop(): EventLoop = loop

  override fun getPid(): Long = process.pid()

  override fun getReturncode(): Int? = returncode

  override fun getPipeTransport(fd: Int): Transport? {
    checkThread()
    return getPipeTransportUnchecked(fd)
  }

  internal fun getPipeTransportUnchecked(fd: Int): Transport? = if (fd in 0..2) pipes[fd] else null

  override fun sendSignal(name: String?) {
    checkThread()
    checkProc()
    signal(name)
  }

  override fun terminate() {
    checkThread()
    checkProc()
    signal("TERM")
  }

  override fun kill() {
    checkThread()
    checkProc()
    signal("KILL")
  }

  private fun checkProc() {
    if (closed) throw IllegalStateException("the subprocess transport is closed (asyncio's ProcessLookupError)")
  }

  /** Sends [name] to the child; thread-safe, a no-op once it exited. */
  fun signal(name: String?) {
    val sig = SignalNames.normalize(name)
    if (returncode != null || !process.isAlive) return
    when (sig) {
      "TERM" -> process.destroy()
      "KILL" -> process.destroyForcibly()
      else -> killCommand(sig)
    }
  }

  /** The route for signals the JDK cannot send: `kill -s NAME pid`, waited for. */
  private fun killCommand(sig: String) {
    val pid = process.pid().toString()
    val p = try {
      ProcessBuilder("kill", "-s", sig, pid).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(java.io.File("/dev/null"))).start()
    } catch (e: IOException) {
      throw UncheckedIOException(IOException("cannot send SIG$sig to pid $pid: ${e.message}", e))
    }
    val done = p.waitFor(10, TimeUnit.SECONDS)
    val out = if (done) p.inputStream.readAllBytes().toString(Charsets.UTF_8).trim() else "timed out"
    if (!done) p.destroyForcibly()
    if (!done || p.exitValue() != 0) {
      if (!process.isAlive) return // it exited meanwhile: nothing to signal (asyncio: no-op)
      throw UncheckedIOException(IOException("kill -s $sig $pid failed: $out"))
    }
  }

  override fun close() {
    checkThread()
    if (closed) return
    closed = true
    leak?.closed()
    for (p in pipes) if (p != null && !p.isClosing) p.close()
    if (returncode == null && process.isAlive) {
      if (loop.debug) EventLoopImpl.LOG.log(System.Logger.Level.WARNING, "Close running child process: kill $this")
      process.destroyForcibly()
    }
  }

  /** The loop closes with this child unfinished: report it, stop the pumps, kill the child. */
  internal fun loopClosing() {
    val alive = returncode == null && process.isAlive
    if (alive) {
      loop.callExceptionHandler(
        ExceptionContext("Event loop closed with a running child process; it was killed: $this", null, null, null),
      )
    }
    closed = true
    leak?.closed()
    (pipes[0] as? WritePipe)?.stopForLoopClose()
    (pipes[1] as? ReadPipe)?.stopForLoopClose()
    (pipes[2] as? ReadPipe)?.stopForLoopClose()
    if (alive) process.destroyForcibly()
  }

  override fun isClosing(): Boolean = closed

  override fun getProtocol(): SubprocessProtocol = protocol

  override fun toString(): String = buildString {
    append("SubprocessTransport[")
    if (closed) append("closed ")
    append("pid=").append(process.pid())
    val rc = returncode
    if (rc != null) append(" returncode=").append(rc) else append(" running")
    append(" program=").append(program)
    for (fd in 0..2) pipes[fd]?.let { append(' ').append(arrayOf("stdin", "stdout", "stderr")[fd]).append('=').append(it) }
    append("]")
  }

  internal companion object {
    private val unix = !System.getProperty("os.name", "").startsWith("Windows")

    /**
     * The JDK reports a death by signal N as 128 + N (it cannot tell us otherwise); asyncio reports
     * -N. Statuses 129..192 (signals 1..64) are mapped; see SubprocessTransport's Javadoc.
     */
    fun mapExitValue(v: Int): Int = if (unix && v in 129..192) -(v - 128) else v
  }
}
