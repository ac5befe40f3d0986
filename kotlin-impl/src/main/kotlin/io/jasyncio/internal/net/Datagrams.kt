package io.jasyncio.internal.net

import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.net.DatagramEndpoint
import io.jasyncio.net.DatagramOptions
import io.jasyncio.net.DatagramProtocol
import java.io.IOException
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

  /** All addresses of [a] (of [family] if given); null when [a] is null. */
  private suspend fun resolve(loop: EventLoopImpl, a: InetSocketAddress?, family: ProtocolFamily?): List<InetSocketAddress>? {
    if (a == null) return null
    val all = if (a.isUnresolved) Net.resolve(loop, a.hostString, a.port) else listOf(a)
    val ok = all.filter { family == null || familyOf(it) == family }
    if (ok.isEmpty()) throw java.net.UnknownHostException("${a.hostString}: no address of family $family")
    return ok
  }

  private fun familyOf(a: InetSocketAddress): ProtocolFamily =
    if (a.address is Inet6Address) StandardProtocolFamily.INET6 else StandardProtocolFamily.INET

  /** One socket to try: its family, and the local and remote address of that family (null: not given). */
  data class Candidate(val family: ProtocolFamily, val local: InetSocketAddress?, val remote: InetSocketAddress?)

  /**
   * asyncio's pairing in `create_datagram_endpoint`: the resolved local and remote addresses are
   * grouped by family, in the order the families first appear (local's, then remote's); a family
   * is a candidate only if it has an address for each side that was given. One candidate per
   * family, with its first address of each side (asyncio keeps the last, an artefact of its dict;
   * the resolver's order is the preference order, see DECISIONS "UDP address resolution"). No
   * candidate: IllegalArgumentException (asyncio's ValueError).
   */
  fun candidates(local: List<InetSocketAddress>?, remote: List<InetSocketAddress>?): List<Candidate> {
    val byFamily = LinkedHashMap<ProtocolFamily, Array<InetSocketAddress?>>()
    for ((side, addrs) in listOf(0 to local, 1 to remote)) {
      for (a in addrs ?: continue) {
        val pair = byFamily.getOrPut(familyOf(a)) { arrayOfNulls(2) }
        if (pair[side] == null) pair[side] = a
      }
    }
    val out = byFamily.entries
      .filter { (_, p) -> !(local != null && p[0] == null) && !(remote != null && p[1] == null) }
      .map { (f, p) -> Candidate(f, p[0], p[1]) }
    if (out.isEmpty()) {
      throw IllegalArgumentException("can not get address information: localAddr $local and remoteAddr $remote share no address family")
    }
    return out
  }

  /**
   * Opens, binds and connects a socket for [c]; closed again if any step fails. A family the
   * platform lacks is an IOException too (asyncio's OSError from `socket()`), so the next candidate is tried.
   */
  private fun open(c: Candidate, options: DatagramOptions): DatagramChannel {
    val ch = try {
      DatagramChannel.open(c.family)
    } catch (e: UnsupportedOperationException) {
      throw IOException("address family ${c.family} not supported: ${e.message}", e)
    }
    try {
      ch.configureBlocking(false)
      if (options.reusePort()) ch.setOption(StandardSocketOptions.SO_REUSEPORT, true)
      if (options.allowBroadcast()) ch.setOption(StandardSocketOptions.SO_BROADCAST, true)
      if (c.local != null) ch.bind(c.local)
      if (c.remote != null) ch.connect(c.remote)
      return ch
    } catch (e: Throwable) {
      Net.closeQuietly(ch)
      throw e
    }
  }

  /**
   * asyncio's loop over the candidates: the first socket that opens, binds and connects, with its
   * candidate; if none does, the first candidate's IOException, the others' suppressed in it.
   */
  fun openFirst(tries: List<Candidate>, options: DatagramOptions): Pair<DatagramChannel, Candidate> {
    val errors = ArrayList<IOException>()
    for (c in tries) {
      try {
        return open(c, options) to c
      } catch (e: IOException) {
        errors.add(e)
      }
    }
    val first = errors[0]
    for (i in 1 until errors.size) first.addSuppressed(errors[i])
    throw first
  }

  suspend fun <P : DatagramProtocol> create(
    loop: EventLoopImpl,
    factory: Supplier<P>,
    localAddr: SocketAddress?,
    remoteAddr: SocketAddress?,
    options: DatagramOptions,
  ): DatagramEndpoint<P> {
    val family = options.family()
    val remotes = resolve(loop, remoteAddr as InetSocketAddress?, family)
    val locals = resolve(loop, localAddr as InetSocketAddress?, family)
    val tries = if (locals == null && remotes == null) listOf(Candidate(family!!, null, null)) else candidates(locals, remotes)
    val (ch, chosen) = openFirst(tries, options)
    val p: P
    try {
      p = factory.get() ?: throw NullPointerException("the protocol factory returned null")
    } catch (e: Throwable) {
      Net.closeQuietly(ch)
      throw e
    }
    return DatagramEndpoint(Net.startTransport(loop, DatagramTransportImpl(loop, ch, p, chosen.remote)), p)
  }
}
