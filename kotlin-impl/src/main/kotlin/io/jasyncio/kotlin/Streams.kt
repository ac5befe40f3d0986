package io.jasyncio.kotlin

import io.jasyncio.internal.net.Net
import io.jasyncio.internal.net.ServerImpl
import io.jasyncio.internal.net.StreamReaderImpl
import io.jasyncio.internal.net.StreamWriterImpl
import io.jasyncio.net.Server
import io.jasyncio.net.ServerOptions
import io.jasyncio.net.StreamConnection
import io.jasyncio.net.StreamReader
import io.jasyncio.net.StreamWriter
import java.net.InetSocketAddress
import java.nio.file.Path
import java.util.Objects
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.future.await
import kotlinx.coroutines.withContext
import io.jasyncio.internal.net.Streams as NetStreams

/*
 * The Kotlin face of asyncio's streams: suspend functions with asyncio's names on the same
 * objects Java uses (`io.jasyncio.net`). They run on the caller's jasyncio loop and take the
 * engine's fast path: a read answered from the buffer returns without suspending, one that waits
 * parks the coroutine itself (no CompletableFuture per call).
 *
 * Cancellation: a cancelled read consumes nothing (the bytes stay buffered for the next read, as
 * in asyncio), a cancelled drain or waitClosed only stops waiting. Called from a coroutine that
 * does not run on the reader's loop, a read hops to that loop and back.
 */

/** `(reader, writer) = openConnection(...)`. */
@JvmSynthetic
public operator fun StreamConnection.component1(): StreamReader = reader()

/** `(reader, writer) = openConnection(...)`. */
@JvmSynthetic
public operator fun StreamConnection.component2(): StreamWriter = writer()

/**
 * Connects to [host]:[port] (asyncio `open_connection`). The host is resolved on the loop's
 * default executor unless it is an address literal.
 *
 * @throws java.net.ConnectException when refused
 * @throws java.net.UnknownHostException when the name does not resolve
 * @throws IllegalArgumentException if [port] is outside 0..65535 or [limit] is below 1
 */
@JvmSynthetic
public suspend fun openConnection(
  host: String,
  port: Int,
  limit: Int = DEFAULT_STREAM_LIMIT,
  localAddr: InetSocketAddress? = null,
): StreamConnection {
  Objects.requireNonNull(host, "host")
  Net.checkPort(port)
  checkLimit(limit)
  val loop = currentLoop()
  Net.checkLoop(loop)
  return NetStreams.openConnection(loop, host, port, limit, localAddr)
}

/** Connects to the Unix socket at [path] (asyncio `open_unix_connection`). */
@JvmSynthetic
public suspend fun openUnixConnection(path: Path, limit: Int = DEFAULT_STREAM_LIMIT): StreamConnection {
  Objects.requireNonNull(path, "path")
  checkLimit(limit)
  val loop = currentLoop()
  Net.checkLoop(loop)
  return NetStreams.openUnixConnection(loop, path, limit)
}

/**
 * Listens on [host]:[port] ([host] null: every interface; [port] 0: an ephemeral one, see
 * [Server.sockets]) and runs [handler] as a task of this loop for each connection (asyncio
 * `start_server`). A handler that throws is reported to the loop's exception handler and its
 * connection closed; the server keeps serving.
 */
@JvmSynthetic
public suspend fun startServer(
  host: String?,
  port: Int,
  options: ServerOptions = ServerOptions.defaults(),
  handler: suspend (reader: StreamReader, writer: StreamWriter) -> Unit,
): Server {
  Objects.requireNonNull(handler, "handler")
  Net.checkPort(port)
  val loop = currentLoop()
  Net.checkLoop(loop)
  return Net.createServer(loop, NetStreams.factory(loop, options.limit(), null, handler), host, port, options)
}

/** As [startServer] on the Unix socket [path] (asyncio `start_unix_server`). */
@JvmSynthetic
public suspend fun startUnixServer(
  path: Path,
  options: ServerOptions = ServerOptions.defaults(),
  handler: suspend (reader: StreamReader, writer: StreamWriter) -> Unit,
): Server {
  Objects.requireNonNull(path, "path")
  val loop = currentLoop()
  Net.checkLoop(loop)
  return Net.createUnixServer(loop, NetStreams.factory(loop, options.limit(), null, handler), path, options)
}

/** asyncio's default stream limit, 64 KiB. */
public const val DEFAULT_STREAM_LIMIT: Int = 64 * 1024

private fun checkLimit(limit: Int) {
  if (limit <= 0) throw IllegalArgumentException("limit must be > 0, got $limit")
}

private fun StreamReader.impl(): StreamReaderImpl =
  this as? StreamReaderImpl ?: throw IllegalArgumentException("not a jasyncio stream reader: $this")

/**
 * Reads up to [n] bytes; `-1` reads until EOF. An empty array means EOF. See
 * [StreamReader.readAsync].
 */
@JvmSynthetic
public suspend fun StreamReader.read(n: Int = -1): ByteArray {
  if (n < -1) throw IllegalArgumentException("n must be >= -1, got $n")
  return impl().suspendRead(if (n == -1) StreamReaderImpl.ALL else StreamReaderImpl.READ, n, null, "read()")
}

/**
 * Reads into [dst] what is buffered (at most its remaining room), else waits for data; the count,
 * `-1` at EOF, `0` when [dst] has no room. No array per read. See [StreamReader.readIntoAsync].
 */
@JvmSynthetic
public suspend fun StreamReader.readInto(dst: java.nio.ByteBuffer): Int {
  StreamReaderImpl.checkDst(dst)
  return impl().suspendReadInto(dst)
}

/** Reads one line, `\n` included (at EOF: what is left). See [StreamReader.readlineAsync]. */
@JvmSynthetic
public suspend fun StreamReader.readline(): ByteArray = impl().suspendRead(StreamReaderImpl.LINE, 0, null, "readline()")

/**
 * Reads exactly [n] bytes.
 *
 * @throws io.jasyncio.net.IncompleteReadError if the stream ends first
 */
@JvmSynthetic
public suspend fun StreamReader.readexactly(n: Int): ByteArray {
  if (n < 0) throw IllegalArgumentException("readexactly size can not be less than zero, got $n")
  return impl().suspendRead(StreamReaderImpl.EXACTLY, n, null, "readexactly()")
}

/**
 * Reads up to and including the first of [separators] (`\n` when none is given).
 *
 * @throws io.jasyncio.net.IncompleteReadError at EOF
 * @throws io.jasyncio.net.LimitOverrunError past the limit (nothing taken)
 */
@JvmSynthetic
public suspend fun StreamReader.readuntil(vararg separators: ByteArray): ByteArray =
  impl().suspendRead(StreamReaderImpl.UNTIL, 0, StreamReaderImpl.checkSeparators(separators), "readuntil()")

/**
 * The lines of this reader until EOF, as a cold [Flow] (asyncio `async for line in reader`).
 * Collect it once: the lines are taken from the reader.
 */
public fun StreamReader.lines(): Flow<ByteArray> = flow {
  while (true) {
    val line = readline()
    if (line.isEmpty()) break
    emit(line)
  }
}

/** Waits while the transport's write buffer is above its high-water mark. See [StreamWriter.drainAsync]. */
@JvmSynthetic
public suspend fun StreamWriter.drain() {
  val w = this as? StreamWriterImpl ?: return drainAsync().await().let { }
  w.drain()
}

/** Waits until the connection is closed. */
@JvmSynthetic
public suspend fun StreamWriter.waitClosed() {
  val w = this as? StreamWriterImpl ?: return waitClosedAsync().await().let { }
  w.waitClosed()
}

/** Waits until the server is closed and every connection it accepted is gone. */
@JvmSynthetic
public suspend fun Server.waitClosed() {
  val s = this as? ServerImpl ?: return waitClosedAsync().await().let { }
  s.waitClosed()
}

/** Starts accepting (for a server created with `startServing(false)`). */
@JvmSynthetic
public suspend fun Server.startServing() {
  startServingAsync().await()
}

/** Accepts connections until cancelled; then closes the server and waits for it to be closed. */
@JvmSynthetic
public suspend fun Server.serveForever() {
  val s = this as? ServerImpl ?: return serveForeverAsync().await().let { }
  s.serveForever()
}

/**
 * Runs [block] with this server, then closes it and waits until it is closed (asyncio
 * `async with server:`), also when [block] fails or is cancelled.
 */
@JvmSynthetic
public suspend fun <R> Server.serving(block: suspend (Server) -> R): R {
  try {
    return block(this)
  } finally {
    withContext(NonCancellable) {
      close()
      waitClosed()
    }
  }
}
