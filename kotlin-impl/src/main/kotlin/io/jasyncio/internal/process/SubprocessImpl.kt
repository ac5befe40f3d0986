package io.jasyncio.internal.process

import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.internal.net.StreamReaderImpl
import io.jasyncio.internal.net.StreamWriterImpl
import io.jasyncio.internal.net.javaTask
import io.jasyncio.net.StreamReader
import io.jasyncio.net.StreamWriter
import io.jasyncio.process.Communicated
import io.jasyncio.process.Subprocess
import io.jasyncio.process.SubprocessTransport
import java.io.IOException
import java.util.concurrent.CompletableFuture
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.withContext

/**
 * asyncio's `asyncio.subprocess.Process` over a [SubprocessTransportImpl] and its
 * [SubprocessStreamProtocol]. The waiting calls may be called from any thread and run on the
 * loop; cancelling them never touches the child.
 */
internal class SubprocessImpl(
  @JvmField val transport: SubprocessTransportImpl,
  private val protocol: SubprocessStreamProtocol,
) : Subprocess {
  @JvmField val loop: EventLoopImpl = transport.loop

  override fun pid(): Long = transport.process.pid()

  override fun returncode(): Int? = transport.getReturncode()

  override fun stdin(): StreamWriter? = protocol.stdin

  override fun stdout(): StreamReader? = protocol.stdout

  override fun stderr(): StreamReader? = protocol.stderr

  override fun transport(): SubprocessTransport = transport

  override fun waitAsync(): CompletableFuture<Int> =
    if (loop.owned()) transport.waitFuture() else loop.submitCoroutine { waitSuspending() }

  suspend fun waitSuspending(): Int {
    if (!loop.inLoop()) return withContext(loop) { waitSuspending() }
    return transport.waitFuture().awaitInternal()
  }

  override fun communicateAsync(): CompletableFuture<Communicated> = communicateAsync(null)

  override fun communicateAsync(input: ByteArray?): CompletableFuture<Communicated> = loop.javaTask { communicate(input) }

  /** asyncio's `communicate`: feed stdin, read both outputs, all at once; then wait. */
  suspend fun communicate(input: ByteArray?): Communicated {
    if (!loop.inLoop()) return withContext(loop) { communicate(input) }
    val w = protocol.stdin
    if (input != null && w == null) throw IllegalStateException("communicate(input) needs stdin=Stdio.PIPE")
    return coroutineScope {
      val feeding = if (input != null) async { feed(w!!, input) } else null
      val out = protocol.stdout?.let { r -> async { readAll(1, r) } }
      val err = protocol.stderr?.let { r -> async { readAll(2, r) } }
      feeding?.await()
      val o = out?.await()
      val e = err?.await()
      waitSuspending()
      Communicated(o, e)
    }
  }

  private suspend fun feed(w: StreamWriterImpl, input: ByteArray) {
    w.write(input)
    try {
      w.drain()
    } catch (e: IOException) {
      // asyncio ignores BrokenPipeError/ConnectionResetError here: the child stopped reading
    }
    w.close()
  }

  private suspend fun readAll(fd: Int, r: StreamReaderImpl): ByteArray {
    val bytes = r.suspendRead(StreamReaderImpl.ALL, -1, null, "read()")
    transport.getPipeTransportUnchecked(fd)?.let { if (!it.isClosing) it.close() }
    return bytes
  }

  override fun sendSignal(name: String?) = transport.signal(name)

  override fun terminate() = transport.signal("TERM")

  override fun kill() = transport.signal("KILL")

  override fun toString(): String = "Subprocess[pid=${pid()}, ${returncode()?.let { "returncode=$it" } ?: "running"}]"
}

/** asyncio's create_subprocess_exec/_shell (both faces). */
internal object Processes {
  /** The Kotlin face: suspends until the child started (or failed to). */
  suspend fun create(loop: EventLoopImpl, argv: List<String>, options: io.jasyncio.process.SubprocessOptions): SubprocessImpl {
    val p = SubprocessStreamProtocol(loop, options.limit())
    val t = Spawn.exec(loop, argv, options, p)
    return SubprocessImpl(t, p)
  }

  /** The Java face: a future of the process, or failed with the IOException of the start. */
  fun createFuture(loop: EventLoopImpl, argv: List<String>, options: io.jasyncio.process.SubprocessOptions): FutureImpl<Subprocess> {
    val p = SubprocessStreamProtocol(loop, options.limit())
    return Spawn.execFuture(loop, argv, options, p) { t -> SubprocessImpl(t, p) }
  }
}
