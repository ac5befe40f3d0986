package io.jasyncio.internal.net

import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.net.DatagramEndpoint
import io.jasyncio.net.DatagramOptions
import io.jasyncio.net.DatagramProtocol
import java.net.Inet6Address
import java.net.InetSocketAddress
import java.net.ProtocolFamily
import java.net.SocketAddress
import java.net.StandardProtocolFamily
import java.net.StandardSocketOptions
import java.net.UnixDomainSocketAddress
import java.nio.channels.DatagramChannel
import java.util.Objects
import java.util.function.Supplier

/**
 * asyncio's `create_datagram_endpoint` on the loop thread. Arguments are checked before any socket
 * is opened ([check]); the socket is bound, connected, then handed to a [DatagramTransportImpl].
 *
 * Unix datagram sockets are refused: JDK 17's `DatagramChannel` supports INET and INET6 only
 * (`UnixDomainSocketAddress` is for stream channels), see DECISIONS "UDP".
 */
internal object Datagrams {
  fun check(factory: Supplier<*>?, localAddr: SocketAddress?, remoteAddr: SocketAddress?, options: DatagramOptions?) {
    Objects.requireNonNull(factory, "protocolFactory")
    Objects.requireNonNull(options, "options")
    if (options!!.family() == StandardProtocolFamily.UNIX || localAddr is UnixDomainSocketAddress || remoteAddr is UnixDomainSocketAddress) {
      throw UnsupportedOperationException("Unix datagram sockets are not supported: JDK 17's DatagramChannel has INET and INET6 only")
    }
    for ((name, a) in listOf("localAddr" to localAddr, "remoteAddr" to remoteAddr)) {
      if (a != null && a !is InetSocketAddress) throw IllegalArgumentException("$name must be an InetSocketAddress, got ${a.javaClass.name}")
    }
    if (localAddr == null && remoteAddr == null && options.family() == null) {
      throw IllegalArgumentException("unexpected address family: give localAddr, remoteAddr or options.family")
    }
  }

  private suspend fun resolve(loop: EventLoopImpl, a: InetSocketAddress?, family: ProtocolFamily?): InetSocketAddress? {
    if (a == null) return null
    if (!a.isUnresolved) return a
    val all = Net.resolve(loop, a.hostString, a.port)
    return all.firstOrNull { family == null || familyOf(it) == family }
      ?: throw java.net.UnknownHostException("${a.hostString}: no address of family $family")
  }

  private fun familyOf(a: InetSocketAddress): ProtocolFamily =
    if (a.address is Inet6Address) StandardProtocolFamily.INET6 else StandardProtocolFamily.INET

  suspend fun <P : DatagramProtocol> create(
    loop: EventLoopImpl,
    factory: Supplier<P>,
    localAddr: SocketAddress?,
    remoteAddr: SocketAddress?,
    options: DatagramOptions,
  ): DatagramEndpoint<P> {
    var family = options.family()
    val remote = resolve(loop, remoteAddr as InetSocketAddress?, family)
    if (family == null && remote != null) family = familyOf(remote)
    val local = resolve(loop, localAddr as InetSocketAddress?, family)
    if (family == null) family = familyOf(local!!)
    val ch = DatagramChannel.open(family)
    val p: P
    try {
      ch.configureBlocking(false)
      if (options.reusePort()) ch.setOption(StandardSocketOptions.SO_REUSEPORT, true)
      if (options.allowBroadcast()) ch.setOption(StandardSocketOptions.SO_BROADCAST, true)
      if (local != null) ch.bind(local)
      if (remote != null) ch.connect(remote)
      p = factory.get() ?: throw NullPointerException("the protocol factory returned null")
    } catch (e: Throwable) {
      Net.closeQuietly(ch)
      throw e
    }
    val waiter = FutureImpl<Void?>(loop)
    val t = DatagramTransportImpl(loop, ch, p, remote)
    try {
      t.start(waiter)
      waiter.awaitInternal()
    } catch (e: Throwable) {
      if (!t.isClosing) t.abort()
      throw e
    }
    return DatagramEndpoint(t, p)
  }
}
