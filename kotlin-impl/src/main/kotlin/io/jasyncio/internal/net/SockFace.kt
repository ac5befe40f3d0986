package io.jasyncio.internal.net

import io.jasyncio.Future
import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.loop.EventLoopImpl
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

/**
 * The `EventLoop` methods of issue 11 for both faces: each checks its arguments at the call (a
 * clear exception naming the argument, nothing opened or registered) and then runs the suspend
 * function of [SockCalls], [Datagrams] or [Sendfile] — as a task of the loop for the Java face
 * (cancelling the future cancels the task), directly for the Kotlin face (`io.jasyncio.kotlin`'s
 * Sockets.kt calls the `check*` functions and then the same suspend functions).
 */
internal object SockFace {
  @Suppress("UNCHECKED_CAST")
  private fun voidTask(loop: EventLoopImpl, block: suspend () -> Unit): Future<Void> =
    Net.task<Void?>(loop) {
      block()
      null
    } as Future<Void>

  fun <P : DatagramProtocol> createDatagramEndpoint(
    loop: EventLoopImpl,
    factory: Supplier<P>?,
    localAddr: SocketAddress?,
    remoteAddr: SocketAddress?,
    options: DatagramOptions?,
  ): Future<DatagramEndpoint<P>> {
    Datagrams.check(factory, localAddr, remoteAddr, options)
    Net.checkLoop(loop)
    return Net.task(loop) { Datagrams.create(loop, factory!!, localAddr, remoteAddr, options!!) }
  }

  fun sockConnect(loop: EventLoopImpl, channel: SocketChannel?, address: SocketAddress?): Future<Void> {
    Objects.requireNonNull(address, "address")
    SockCalls.check(loop, channel)
    return voidTask(loop) { SockCalls.connect(loop, channel!!, address!!) }
  }

  fun sockAccept(loop: EventLoopImpl, channel: ServerSocketChannel?): Future<SocketChannel> {
    SockCalls.check(loop, channel)
    return Net.task(loop) { SockCalls.accept(loop, channel!!) }
  }

  fun checkRecv(loop: EventLoopImpl, channel: SelectableChannel?, nbytes: Int) {
    SockCalls.check(loop, channel)
    SockCalls.readable(channel!!)
    if (nbytes < 0) throw IllegalArgumentException("nbytes must be >= 0, got $nbytes")
  }

  fun sockRecv(loop: EventLoopImpl, channel: SelectableChannel?, nbytes: Int): Future<ByteArray> {
    checkRecv(loop, channel, nbytes)
    return Net.task(loop) { SockCalls.recv(loop, channel!!, nbytes) }
  }

  fun checkRecvInto(loop: EventLoopImpl, channel: SelectableChannel?, buf: ByteBuffer?) {
    Objects.requireNonNull(buf, "buf")
    SockCalls.check(loop, channel)
    SockCalls.readable(channel!!)
    if (buf!!.isReadOnly) throw IllegalArgumentException("buf is read-only")
  }

  fun sockRecvInto(loop: EventLoopImpl, channel: SelectableChannel?, buf: ByteBuffer?): Future<Int> {
    checkRecvInto(loop, channel, buf)
    return Net.task(loop) { SockCalls.recvInto(loop, channel!!, buf!!) }
  }

  fun checkSend(loop: EventLoopImpl, channel: SelectableChannel?, data: Any?) {
    Objects.requireNonNull(data, "data")
    SockCalls.check(loop, channel)
    SockCalls.writable(channel!!)
  }

  fun sockSendall(loop: EventLoopImpl, channel: SelectableChannel?, data: ByteBuffer?): Future<Void> {
    checkSend(loop, channel, data)
    return voidTask(loop) { SockCalls.sendall(loop, channel!!, data!!) }
  }

  fun sockSendall(loop: EventLoopImpl, channel: SelectableChannel?, data: ByteArray?): Future<Void> {
    checkSend(loop, channel, data)
    return sockSendall(loop, channel, ByteBuffer.wrap(data!!))
  }

  fun checkRecvfrom(loop: EventLoopImpl, channel: DatagramChannel?, bufsize: Int) {
    SockCalls.check(loop, channel)
    if (bufsize < 0) throw IllegalArgumentException("bufsize must be >= 0, got $bufsize")
  }

  fun sockRecvfrom(loop: EventLoopImpl, channel: DatagramChannel?, bufsize: Int): Future<Datagram> {
    checkRecvfrom(loop, channel, bufsize)
    return Net.task(loop) { SockCalls.recvfrom(loop, channel!!, bufsize) }
  }

  fun checkSendto(loop: EventLoopImpl, channel: DatagramChannel?, data: ByteBuffer?, address: SocketAddress?) {
    Objects.requireNonNull(data, "data")
    Objects.requireNonNull(address, "address")
    SockCalls.check(loop, channel)
  }

  fun sockSendto(loop: EventLoopImpl, channel: DatagramChannel?, data: ByteBuffer?, address: SocketAddress?): Future<Int> {
    checkSendto(loop, channel, data, address)
    return Net.task(loop) { SockCalls.sendto(loop, channel!!, data!!, address!!) }
  }

  fun checkSockSendfile(loop: EventLoopImpl, channel: SocketChannel?, file: FileChannel?, offset: Long, count: Long?) {
    SockCalls.checkFileArgs(file, offset, count)
    SockCalls.check(loop, channel)
    if (!channel!!.isConnected) throw IllegalArgumentException("channel is not connected: $channel")
  }

  fun sockSendfile(loop: EventLoopImpl, channel: SocketChannel?, file: FileChannel?, offset: Long, count: Long?): Future<Long> {
    checkSockSendfile(loop, channel, file, offset, count)
    return Net.task(loop) { SockCalls.sendfile(loop, channel!!, file!!, offset, count) }
  }

  fun checkSendfile(loop: EventLoopImpl, transport: Transport?, file: FileChannel?, offset: Long, count: Long?) {
    Objects.requireNonNull(transport, "transport")
    SockCalls.checkFileArgs(file, offset, count)
    Net.checkLoop(loop)
    Sendfile.check(transport!!)
  }

  fun sendfile(loop: EventLoopImpl, transport: Transport?, file: FileChannel?, offset: Long, count: Long?, fallback: Boolean): Future<Long> {
    checkSendfile(loop, transport, file, offset, count)
    return Net.task(loop) { Sendfile.sendfile(loop, transport!!, file!!, offset, count, fallback) }
  }

  fun checkNameinfo(address: InetSocketAddress?) {
    Objects.requireNonNull(address, "address")
    if (address!!.isUnresolved) throw IllegalArgumentException("address must be resolved (an IP address), got $address")
  }

  /** Reverse lookup on the default executor (asyncio runs getnameinfo there too). */
  fun getnameinfo(loop: EventLoopImpl, address: InetSocketAddress?): Future<NameInfo> {
    checkNameinfo(address)
    loop.checkClosed()
    return loop.runInExecutor(null) { NameInfo(address!!.address.hostName, address.port) }
  }

  @Suppress("UNCHECKED_CAST")
  suspend fun getnameinfoSuspending(loop: EventLoopImpl, address: InetSocketAddress): NameInfo =
    (getnameinfo(loop, address) as FutureImpl<NameInfo>).awaitInternal()
}
