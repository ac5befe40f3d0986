package io.jasyncio.internal.loop

import java.nio.ByteBuffer
import java.nio.channels.SelectableChannel
import java.nio.channels.SelectionKey
import java.nio.channels.Selector
import java.util.ArrayDeque
import java.util.Objects

/**
 * The loop's channel registrations on its [selector]: asyncio's `add_reader`/`add_writer`.
 *
 * The loop core knows sockets only through this class: each registered channel has one key whose
 * attachment holds at most one reader and one writer callback. [processSelected] turns the ready
 * keys of a select into handles on the ready deque, so I/O callbacks run in the same FIFO as
 * `callSoon` callbacks, after the timers that fell due (asyncio's `_run_once` order).
 *
 * Two kinds of registration share the selector:
 *  - `addReader`/`addWriter` (the public API): an attachment with one Runnable per direction,
 *    wrapped in a handle each time it is set (cancelling a replaced callback already queued);
 *  - [IoSource] (the engine's transports, servers and connects): the source itself is the
 *    attachment and the Runnable put on the ready deque, so a readiness event allocates nothing.
 *    The source keeps the ready ops until it runs and is queued once per iteration however many
 *    ops fired; it checks its own state when it runs, so a stale event is harmless.
 *
 * Loop thread only (or any thread while the loop is not running): every public entry point
 * checks it; the [IoSource] calls trust their caller (a loop-bound transport that checked).
 */
internal class IoRegistry(private val loop: EventLoopImpl, private val selector: Selector) {
  /** Registered channels; the loop polls the selector only when this is above zero. */
  var registrations: Int = 0
    private set

  private class IoCallbacks {
    var reader: HandleImpl? = null
    var writer: HandleImpl? = null
  }

  private fun checkCaller() {
    loop.checkClosed()
    if (!loop.owned()) {
      throw IllegalStateException(
        "addReader/addWriter/removeReader/removeWriter must be called on the loop thread; use callSoonThreadsafe"
      )
    }
  }

  /**
   * The loop's one read buffer (asyncio's `max_size`, 256 KiB, direct so that a read needs no
   * temporary copy): every transport reads into it and hands it to its protocol for the duration
   * of one callback. Loop thread.
   */
  val readBuffer: ByteBuffer by lazy(LazyThreadSafetyMode.NONE) { ByteBuffer.allocateDirect(256 * 1024) }

  /** Registers [source] on [channel] with interest [ops]; the channel is made non-blocking. */
  fun register(channel: SelectableChannel, source: IoSource, ops: Int) {
    checkCaller()
    var key = channel.keyFor(selector)
    if (key != null) {
      val old = key.attachment()
      if (key.isValid && old is IoSource) {
        // a hand-over (a connect's wait to the transport): the new source takes the key as it is
        old.key = null
        old.readyOps = 0
        key.attach(source)
        key.interestOps(ops)
        source.key = key
        return
      }
      if (key.isValid) throw IllegalStateException("channel is already registered on this loop: $channel")
      selector.selectNow() // flush the cancelled key so that the channel can register again
    }
    channel.configureBlocking(false)
    key = channel.register(selector, ops, source)
    source.key = key
    registrations++
  }

  /** Removes [source]'s registration (its channel stays open); no effect if not registered. */
  fun unregister(source: IoSource) {
    val key = source.key ?: return
    source.key = null
    source.readyOps = 0
    key.cancel()
    registrations--
    // A cancelled key is dropped (and a closed channel's descriptor released) at the next select:
    // with nothing else registered the loop would not select again before it blocks.
    if (registrations == 0 && loop.owned()) selector.selectNow()
  }

  /**
   * Registers [callback] for [op] (OP_READ: the reader, OP_WRITE: the writer) on [channel],
   * replacing the previous one. The interest actually registered is what the channel supports
   * ([interestFor]): a listening `ServerSocketChannel`'s reader waits for OP_ACCEPT, as asyncio's
   * `add_reader` on a listening socket is how one accepts. Checked before anything is registered,
   * so a channel that supports neither leaves nothing behind (no key, no callback holding its
   * caller).
   */
  fun add(channel: SelectableChannel, callback: Runnable, op: Int) {
    Objects.requireNonNull(channel, "channel")
    Objects.requireNonNull(callback, "callback")
    checkCaller()
    val interest = interestFor(channel, op)
    var key = channel.keyFor(selector)
    if (key != null && !key.isValid) {
      selector.selectNow() // flush the cancelled key so that the channel can register again
      key = null
    }
    if (key == null) {
      channel.configureBlocking(false)
      key = channel.register(selector, 0, IoCallbacks())
      registrations++
    }
    val io = callbacksOf(channel, key!!)
    // a replaced callback already queued for this iteration must not run
    if (op == SelectionKey.OP_READ) {
      io.reader?.cancel()
      io.reader = HandleImpl(callback)
    } else {
      io.writer?.cancel()
      io.writer = HandleImpl(callback)
    }
    key.interestOps(key.interestOps() or interest)
  }

  /**
   * The selector interest for a reader ([op] OP_READ: OP_READ, or OP_ACCEPT for a channel that
   * only accepts) or a writer (OP_WRITE: OP_WRITE, plus OP_CONNECT where the channel has it, so a
   * writer on a connecting `SocketChannel` runs when the connection completes, as asyncio's
   * writer does). A channel supporting neither: IllegalArgumentException naming the channel.
   */
  private fun interestFor(channel: SelectableChannel, op: Int): Int {
    val valid = channel.validOps()
    val interest = if (op == SelectionKey.OP_READ) {
      if (valid and SelectionKey.OP_READ != 0) SelectionKey.OP_READ else valid and SelectionKey.OP_ACCEPT
    } else {
      valid and (SelectionKey.OP_WRITE or SelectionKey.OP_CONNECT)
    }
    if (interest == 0) {
      val what = if (op == SelectionKey.OP_READ) "reading or accepting (addReader)" else "writing or connecting (addWriter)"
      throw IllegalArgumentException("$channel supports neither $what; its valid operations are ${opsText(valid)}")
    }
    return interest
  }

  private fun opsText(ops: Int): String = listOfNotNull(
    "OP_READ".takeIf { ops and SelectionKey.OP_READ != 0 },
    "OP_WRITE".takeIf { ops and SelectionKey.OP_WRITE != 0 },
    "OP_CONNECT".takeIf { ops and SelectionKey.OP_CONNECT != 0 },
    "OP_ACCEPT".takeIf { ops and SelectionKey.OP_ACCEPT != 0 },
  ).joinToString(", ", "[", "]")

  /** Removes the [op] callback of [channel]; false if there was none. */
  fun remove(channel: SelectableChannel, op: Int): Boolean {
    Objects.requireNonNull(channel, "channel")
    if (loop.closed) return false
    checkCaller()
    val key = channel.keyFor(selector) ?: return false
    if (!key.isValid) return false
    val io = callbacksOf(channel, key)
    val had = if (op == SelectionKey.OP_READ) io.reader != null else io.writer != null
    if (!had) return false
    if (op == SelectionKey.OP_READ) {
      io.reader?.cancel()
      io.reader = null
    } else {
      io.writer?.cancel()
      io.writer = null
    }
    if (io.reader == null && io.writer == null) {
      key.cancel()
      registrations--
    } else {
      val ops = if (op == SelectionKey.OP_READ) READER_OPS else WRITER_OPS
      key.interestOps(key.interestOps() and ops.inv())
    }
    return true
  }

  // ---- issue 11 (udp): asyncio's _ensure_fd_no_transport ---------------------------------------

  /**
   * The addReader/addWriter callbacks of [key]; a channel an engine source owns (a transport, a
   * datagram endpoint, a server's listening socket, a pending connect) is refused with
   * IllegalStateException naming the owner, as asyncio's `_ensure_fd_no_transport` raises
   * RuntimeError. Checked before anything changes.
   */
  private fun callbacksOf(channel: SelectableChannel, key: SelectionKey): IoCallbacks =
    key.attachment() as? IoCallbacks
      ?: throw IllegalStateException("$channel is used by transport ${key.attachment()}")

  /** Throws as [callbacksOf] when an engine source owns [channel] (the loop's sock_* calls check first). */
  fun checkNoTransport(channel: SelectableChannel) {
    val key = channel.keyFor(selector) ?: return
    if (key.isValid) callbacksOf(channel, key)
  }
  // ---- end issue 11 (udp) ------------------------------------------------------------------------

  /** Moves the callbacks of the selected keys to [ready] and clears the selected set. */
  fun processSelected(ready: ArrayDeque<Runnable>) {
    val keys = selector.selectedKeys()
    if (keys.isEmpty()) return
    val it = keys.iterator()
    while (it.hasNext()) {
      val key = it.next()
      it.remove()
      if (!key.isValid) continue
      val att = key.attachment()
      if (att is IoSource) {
        att.readyOps = att.readyOps or key.readyOps()
        if (!att.queued) {
          att.queued = true
          ready.addLast(att)
        }
        continue
      }
      val io = att as IoCallbacks
      val ops = key.readyOps()
      if (ops and READER_OPS != 0) io.reader?.let { ready.addLast(it) }
      if (ops and WRITER_OPS != 0) io.writer?.let { ready.addLast(it) }
    }
  }

  private companion object {
    const val READER_OPS = SelectionKey.OP_READ or SelectionKey.OP_ACCEPT
    const val WRITER_OPS = SelectionKey.OP_WRITE or SelectionKey.OP_CONNECT
  }
}

/**
 * A selector registration of the engine (transport, listening socket, pending connect): the key's
 * attachment and the Runnable the loop queues when the key is ready. Loop thread.
 */
internal abstract class IoSource : Runnable {
  /** The key, while registered. */
  @JvmField internal var key: SelectionKey? = null

  /** Ops that fired since the source last ran. */
  @JvmField internal var readyOps: Int = 0

  /** On the ready deque already. */
  @JvmField internal var queued: Boolean = false

  /** Sets the interest ops (no effect once unregistered). */
  fun interest(ops: Int) {
    val k = key ?: return
    if (k.interestOps() != ops) k.interestOps(ops)
  }

  final override fun run() {
    val ops = readyOps
    readyOps = 0
    queued = false
    if (ops != 0 && key != null) onReady(ops)
  }

  /** The channel is ready for [ops] (a subset of OP_READ, OP_WRITE, OP_CONNECT, OP_ACCEPT). */
  protected abstract fun onReady(ops: Int)
}
