package io.jasyncio.kotlin

import io.jasyncio.internal.net.Datagrams
import io.jasyncio.internal.net.Net
import io.jasyncio.internal.net.Sendfile
import io.jasyncio.internal.net.SockCalls
import io.jasyncio.internal.net.SockFace
import io.jasyncio.net.Datagram
import io.jasyncio.net.DatagramEndpoint
import io.jasyncio.net.DatagramOptions
import io.jasyncio.net.DatagramProtocol
import io.jasyncio.net.NameInfo
import io.jasyncio.net.Transport
import java.net.InetSocketAddress
import java.net.SocketAddress
import java.nio.ByteBuffer
import java.nio.channels.DatagramChannel
import java.nio.channels.FileChannel
import java.nio.channels.SelectableChannel
import java.nio.channels.ServerSocketChannel
import java.nio.channels.SocketChannel
import java.util.Objects
import java.util.function.Supplier

/*
 * The Kotlin face of issue 11: asyncio's datagram endpoints, socket-level loop calls (`sock_*`),
 * `sendfile` and `getaddrinfo`/`getnameinfo`, as top-level suspend functions on the caller's
 * running jasyncio loop (asyncio's `loop.sock_recv(...)` is `sockRecv(...)` here; Java calls the
 * `EventLoop` methods of the same names, which return futures). They run directly in the calling
 * coroutine, with no task or CompletableFuture per call, and must be called on the loop thread
 * (they register channels).
 *
 * Channels must be non-blocking (IllegalArgumentException "the socket must be non-blocking",
 * asyncio's ValueError) and not owned by a transport (IllegalStateException "... is used by
 * transport ..."). Cancellation: a call cancelled while it waits has moved nothing — the bytes
 * are read or sent only after the wait, in the coroutine's own step, and a cancelled coroutine
 * never takes that step. `sockSendall`, `sockSendfile` and `sendfile` move bytes in several steps;
 * cancelled midway, what was sent stays sent (the buffer's position, the file's position say how
 * much).
 */

/**
 * Creates a UDP endpoint (asyncio `create_datagram_endpoint`); see
 * [io.jasyncio.EventLoop.createDatagramEndpoint]. Returns once `connectionMade` ran.
 *
 * @throws IllegalArgumentException if both addresses are null and no family is given
 * @throws UnsupportedOperationException for Unix datagram sockets (JDK 17 has none)
 */
@JvmSynthetic
public suspend fun <P : DatagramProtocol> createDatagramEndpoint(
  localAddr: SocketAddress? = null,
  remoteAddr: SocketAddress? = null,
  options: DatagramOptions = DatagramOptions.defaults(),
  protocolFactory: () -> P,
): DatagramEndpoint<P> {
  Objects.requireNonNull(protocolFactory, "protocolFactory")
  val factory = Supplier { protocolFactory() }
  Datagrams.check(factory, localAddr, remoteAddr, options)
  val loop = currentLoop()
  Net.checkLoop(loop)
  return Datagrams.create(loop, factory, localAddr, remoteAddr, options)
}

/** `(transport, protocol) = createDatagramEndpoint(...)`. */
@JvmSynthetic
public operator fun <P : DatagramProtocol> DatagramEndpoint<P>.component1(): io.jasyncio.net.DatagramTransport = transport()

/** `(transport, protocol) = createDatagramEndpoint(...)`. */
@JvmSynthetic
public operator fun <P : DatagramProtocol> DatagramEndpoint<P>.component2(): P = protocol()

/** `(data, address) = sockRecvfrom(...)`. */
@JvmSynthetic
public operator fun Datagram.component1(): ByteArray = data()

/** `(data, address) = sockRecvfrom(...)`. */
@JvmSynthetic
public operator fun Datagram.component2(): SocketAddress = address()

/** Connects [channel] to [address] (asyncio `sock_connect`); see [io.jasyncio.EventLoop.sockConnect]. */
@JvmSynthetic
public suspend fun sockConnect(channel: SocketChannel, address: SocketAddress) {
  Objects.requireNonNull(address, "address")
  val loop = currentLoop()
  SockCalls.check(loop, channel)
  SockCalls.connect(loop, channel, address)
}

/** Accepts one connection, non-blocking (asyncio `sock_accept`). Cancelled: nothing accepted. */
@JvmSynthetic
public suspend fun sockAccept(channel: ServerSocketChannel): SocketChannel {
  val loop = currentLoop()
  SockCalls.check(loop, channel)
  return SockCalls.accept(loop, channel)
}

/** Receives up to [nbytes] bytes, empty at EOF (asyncio `sock_recv`). Cancelled: nothing consumed. */
@JvmSynthetic
public suspend fun sockRecv(channel: SelectableChannel, nbytes: Int): ByteArray {
  val loop = currentLoop()
  SockFace.checkRecv(loop, channel, nbytes)
  return SockCalls.recv(loop, channel, nbytes)
}

/** Receives into [buf], returns the count, 0 at EOF (asyncio `sock_recv_into`). Cancelled: [buf] untouched. */
@JvmSynthetic
public suspend fun sockRecvInto(channel: SelectableChannel, buf: ByteBuffer): Int {
  val loop = currentLoop()
  SockFace.checkRecvInto(loop, channel, buf)
  return SockCalls.recvInto(loop, channel, buf)
}

/**
 * Sends all of [data] (asyncio `sock_sendall`). Cancelled midway: exactly the bytes before
 * `data.position()` were sent.
 */
@JvmSynthetic
public suspend fun sockSendall(channel: SelectableChannel, data: ByteBuffer) {
  val loop = currentLoop()
  SockFace.checkSend(loop, channel, data)
  SockCalls.sendall(loop, channel, data)
}

/** As [sockSendall] for an array (cancelled midway: an unknown prefix was sent, as asyncio). */
@JvmSynthetic
public suspend fun sockSendall(channel: SelectableChannel, data: ByteArray) {
  Objects.requireNonNull(data, "data")
  sockSendall(channel, ByteBuffer.wrap(data))
}

/** Receives one datagram of at most [bufsize] bytes (asyncio `sock_recvfrom`). Cancelled: nothing received. */
@JvmSynthetic
public suspend fun sockRecvfrom(channel: DatagramChannel, bufsize: Int): Datagram {
  val loop = currentLoop()
  SockFace.checkRecvfrom(loop, channel, bufsize)
  return SockCalls.recvfrom(loop, channel, bufsize)
}

/** Sends one datagram to [address] (asyncio `sock_sendto`), returns the count. Cancelled: not sent. */
@JvmSynthetic
public suspend fun sockSendto(channel: DatagramChannel, data: ByteBuffer, address: SocketAddress): Int {
  val loop = currentLoop()
  SockFace.checkSendto(loop, channel, data, address)
  return SockCalls.sendto(loop, channel, data, address)
}

/**
 * Sends [count] bytes (null: to the end) of [file] from [offset] with `FileChannel.transferTo`
 * (asyncio `sock_sendfile`). The file position ends at `offset + sent`.
 */
@JvmSynthetic
public suspend fun sockSendfile(channel: SocketChannel, file: FileChannel, offset: Long = 0, count: Long? = null): Long {
  val loop = currentLoop()
  SockFace.checkSockSendfile(loop, channel, file, offset, count)
  return SockCalls.sendfile(loop, channel, file, offset, count)
}

/**
 * Sends a file over [transport] (asyncio `loop.sendfile`): natively on a plain TCP/Unix
 * transport, else by reading and writing unless [fallback] is false; see
 * [io.jasyncio.EventLoop.sendfile].
 *
 * @throws IllegalStateException if the transport is closing, or native sendfile is not
 *   available and [fallback] is false
 */
@JvmSynthetic
public suspend fun sendfile(
  transport: Transport,
  file: FileChannel,
  offset: Long = 0,
  count: Long? = null,
  fallback: Boolean = true,
): Long {
  val loop = currentLoop()
  SockFace.checkSendfile(loop, transport, file, offset, count)
  return Sendfile.sendfile(loop, transport, file, offset, count, fallback)
}

/** Resolves [host] (asyncio `getaddrinfo`), on the default executor unless it is a literal. */
@JvmSynthetic
public suspend fun getaddrinfo(host: String, port: Int): List<InetSocketAddress> {
  Objects.requireNonNull(host, "host")
  Net.checkPort(port)
  val loop = currentLoop()
  loop.checkClosed()
  return Net.resolve(loop, host, port)
}

/** Reverse-resolves [address] on the default executor (asyncio `getnameinfo`). */
@JvmSynthetic
public suspend fun getnameinfo(address: InetSocketAddress): NameInfo {
  SockFace.checkNameinfo(address)
  val loop = currentLoop()
  loop.checkClosed()
  return SockFace.getnameinfoSuspending(loop, address)
}
