package io.jasyncio.internal.loop

import io.jasyncio.AsyncCallable
import io.jasyncio.Clock
import io.jasyncio.EventLoop
import io.jasyncio.ExceptionContext
import io.jasyncio.ExceptionHandler
import io.jasyncio.Future
import io.jasyncio.Handle
import io.jasyncio.LoopStatistics
import io.jasyncio.Task
import io.jasyncio.TimerHandle
import io.jasyncio.internal.debug.CreationTraces
import io.jasyncio.internal.debug.DebugDefaults
import io.jasyncio.internal.debug.Diagnostics
import io.jasyncio.internal.debug.LoopMBean
import io.jasyncio.internal.debug.LoopMonitor
import io.jasyncio.internal.debug.Watchdog
import io.jasyncio.internal.direct.Direct
import io.jasyncio.internal.direct.DirectCoro
import io.jasyncio.internal.direct.DirectTask
import io.jasyncio.internal.direct.DirectThreads
import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.future.FutureListener
import io.jasyncio.internal.net.Net
import io.jasyncio.internal.net.SockFace
import io.jasyncio.internal.net.Tls
import io.jasyncio.internal.process.LoopProcesses
import io.jasyncio.internal.process.LoopSubprocess
import io.jasyncio.internal.signal.Signals
import io.jasyncio.internal.task.CallGraphs
import io.jasyncio.internal.task.CoroutineTask
import io.jasyncio.internal.task.CurrentTaskTracker
import io.jasyncio.internal.task.StageTask
import io.jasyncio.internal.task.TaskImpl
import io.jasyncio.internal.task.ThreadsafeResult
import io.jasyncio.net.BaseProtocol
import io.jasyncio.net.ConnectionOptions
import io.jasyncio.net.Datagram
import io.jasyncio.net.DatagramEndpoint
import io.jasyncio.net.DatagramOptions
import io.jasyncio.net.DatagramProtocol
import io.jasyncio.net.NameInfo
import io.jasyncio.net.Server
import io.jasyncio.net.ServerOptions
import io.jasyncio.net.Transport
import io.jasyncio.net.TransportAndProtocol
import io.jasyncio.process.SubprocessOptions
import io.jasyncio.process.SubprocessProtocol
import io.jasyncio.process.SubprocessTransportAndProtocol
import io.jasyncio.spi.Checks
import io.jasyncio.testing.VirtualClock
import java.net.InetSocketAddress
import java.net.SocketAddress
import java.nio.ByteBuffer
import java.nio.channels.DatagramChannel
import java.nio.channels.FileChannel
import java.nio.channels.SelectableChannel
import java.nio.channels.SelectionKey
import java.nio.channels.Selector
import java.nio.channels.ServerSocketChannel
import java.nio.channels.SocketChannel
import java.nio.file.Path
import java.time.Duration
import java.util.ArrayDeque
import java.util.Objects
import java.util.PriorityQueue
import java.util.concurrent.Callable
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.Executor
import java.util.concurrent.ExecutorService
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import java.util.function.Supplier
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Delay
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.DisposableHandle
import kotlinx.coroutines.cancel

/**
 * The event loop: a ready deque, a timer heap, a thread-safe inbox and a [Selector], run by the
 * thread that calls [runForever]. It is also the kotlinx [CoroutineDispatcher] of the tasks it
 * runs, and their [Delay] (so `delay` and `withTimeout` use the loop's own timers).
 *
 * Fields without a lock or volatile are touched by the loop thread only (or by any thread while
 * the loop is not running).
 */
internal class EventLoopImpl(private val clock: Clock) : CoroutineDispatcher(), Delay, EventLoop {
  private val ready = ArrayDeque<Runnable>()
  private val timers = PriorityQueue<TimerHandleImpl>()
  private var timerSeq = 0L
  private var cancelledTimers = 0
  private val inbox = ConcurrentLinkedQueue<Runnable>()
  private val selector: Selector = Selector.open()
  private val virtualClock = clock as? VirtualClock

  /** The running thread, or null. */
  @Volatile
  @JvmField
  internal var thread: Thread? = null

  /** Direct style: the loop's `Carrier` of direct bodies (internal/direct), decided at the first body. */
  @JvmField
  internal var directCarrier: io.jasyncio.internal.direct.Carrier? = null

  @JvmField
  internal var directCarrierDecided = false

  /** The thread running the loop now if it is a platform thread (it drives carried direct bodies), else null. */
  @JvmField
  internal var platformThread: Thread? = null

  @Volatile
  private var sleeping = false
  private val wakeupPending = AtomicBoolean()

  @Volatile
  private var stopping = false

  @Volatile
  internal var closed = false
    private set

  /** Jobs running on other threads that will post back (executor work): the virtual clock waits for them. */
  internal val externalWork = AtomicInteger()

  /** The base context of every Kotlin task on this loop: the loop and its current-task tracker. */
  internal val taskContext: CoroutineContext by lazy(LazyThreadSafetyMode.PUBLICATION) { this + CurrentTaskTracker(this) }

  /** The task whose step is running, for `currentTask()`. */
  internal var currentTask: TaskImpl<*>? = null
    set(v) {
      field = v
      if (v != null && monitored) lastStepTask = v
    }

  /**
   * The last task that ran in the current step, while the loop is monitored (the diagnostics name
   * a step by it); cleared after each step, so it never keeps a finished task reachable. Loop thread.
   */
  @JvmField
  internal var lastStepTask: TaskImpl<*>? = null

  /** Debug mode and the watchdog (internal/debug); null while neither was ever turned on. */
  @Volatile
  @JvmField
  internal var monitor: LoopMonitor? = null

  /**
   * Plain copies of "a monitor exists" and "debug mode is on", for the hot paths (every future's
   * creation, every task switch): refreshed at each iteration and when the settings change, so a
   * change made from another thread takes effect at the loop's next iteration at the latest.
   */
  @JvmField
  internal var monitored: Boolean = false

  @JvmField
  internal var debugging: Boolean = false

  /** Iterations run so far. Loop thread. */
  private var iterations = 0L

  /** The MBean registered for this loop, unregistered at close. */
  @Volatile
  private var mbean: javax.management.ObjectName? = null

  /** Stages running inline in one another on this thread (Stages.kt bounds it). Loop thread. */
  @JvmField
  internal var inlineDepth: Int = 0

  /** Pending tasks: an intrusive doubly-linked list (no allocation per task). */
  private var tasksHead: TaskImpl<*>? = null
  private var taskCount = 0

  /** Failures nobody retrieved yet, reported at close. */
  internal val unretrieved: MutableSet<FailureReport> = ConcurrentHashMap.newKeySet()

  /** `runInExecutor` and the default executor (LoopExecutors.kt). */
  private val executors = LoopExecutors(this)

  /** The exception handler and failure reports (LoopErrors.kt). */
  private val errors = LoopErrors(this)

  /** Channel registrations on [selector] (IoRegistry.kt). */
  internal val io = IoRegistry(this, selector)

  init {
    // what the JVM asks of every loop: -Djasyncio.debug, JASYNCIO_DEBUG, -Djasyncio.blockedLoopThreshold, -Djasyncio.jmx
    if (DebugDefaults.debug) setDebug(true)
    DebugDefaults.blockedThreshold?.let { setBlockedLoopThreshold(it) }
    if (DebugDefaults.jmx) registerMBean(null)
  }

  // ---- thread checks -------------------------------------------------------------------------

  /** True on the running loop thread. */
  internal fun inLoop(): Boolean = Thread.currentThread() === thread

  /** True when the caller may touch loop-confined state: on the loop thread, or no thread runs it. */
  internal fun owned(): Boolean {
    val t = thread
    return t == null || t === Thread.currentThread()
  }

  internal fun checkClosed() {
    if (closed) throw IllegalStateException("Event loop is closed")
  }

  // ---- scheduling ----------------------------------------------------------------------------

  /** Schedules [r] for the next iteration; from any thread. */
  internal fun schedule(r: Runnable) {
    if (Thread.currentThread() === thread) {
      ready.addLast(r)
    } else {
      post(r)
    }
  }

  /** Adds [r] to the inbox and wakes the loop if it is blocked. */
  internal fun post(r: Runnable) {
    inbox.offer(r)
    if (sleeping && wakeupPending.compareAndSet(false, true)) selector.wakeup()
  }

  /** Runs [r] now if the caller owns the loop, else posts it to the loop thread. */
  internal fun runOrPost(r: Runnable) {
    if (owned()) r.run() else post(r)
  }

  override fun callSoon(callback: Runnable): Handle {
    Objects.requireNonNull(callback, "callback")
    checkClosed()
    val h = HandleImpl(callback)
    if (debugging) CreationTraces.record(h)
    schedule(h)
    return h
  }

  override fun callSoonThreadsafe(callback: Runnable): Handle {
    Objects.requireNonNull(callback, "callback")
    checkClosed()
    val h = HandleImpl(callback)
    if (debugging) CreationTraces.record(h)
    if (inLoop()) ready.addLast(h) else post(h)
    return h
  }

  override fun callLater(delay: Double, callback: Runnable): TimerHandle =
    timerAfter(Checks.delayNanos(delay, "delay"), Objects.requireNonNull(callback, "callback"))

  override fun callLater(delay: Duration, callback: Runnable): TimerHandle =
    timerAfter(Checks.delayNanos(delay, "delay"), Objects.requireNonNull(callback, "callback"))

  override fun callAt(`when`: Double, callback: Runnable): TimerHandle {
    val w = Checks.timeNanos(`when`, "when")
    Objects.requireNonNull(callback, "callback")
    checkClosed()
    return timerAt(w, callback)
  }

  /** A timer [delayNanos] (0..MAX_NANOS) from now; see [timerAt] for "never". */
  internal fun timerAfter(delayNanos: Long, callback: Runnable): TimerHandleImpl {
    checkClosed()
    val now = clock.nanos()
    // now + delay >= MAX_NANOS, written so that it cannot overflow
    val w = if (delayNanos >= Checks.MAX_NANOS - minOf(maxOf(now, 0L), Checks.MAX_NANOS)) {
      TimerHandleImpl.NEVER
    } else {
      now + delayNanos
    }
    return timerAt(w, callback)
  }

  /**
   * A timer at [whenNanos]. A deadline at or past the clock's horizon ([Checks.MAX_NANOS]: +inf,
   * or a delay too large to represent) never comes: the timer is not put in the heap at all, so
   * neither the selector's timeout nor the virtual clock ever sees it, and cancelling it only
   * marks it. Its `when()` is +Infinity.
   */
  private fun timerAt(whenNanos: Long, callback: Runnable): TimerHandleImpl {
    if (whenNanos >= Checks.MAX_NANOS) return TimerHandleImpl(this, TimerHandleImpl.NEVER, callback)
    return addTimer(TimerHandleImpl(this, whenNanos, callback))
  }

  private fun addTimer(t: TimerHandleImpl): TimerHandleImpl {
    if (Thread.currentThread() === thread) {
      pushTimer(t)
    } else {
      post { if (!t.cancelled()) pushTimer(t) }
    }
    return t
  }

  private fun pushTimer(t: TimerHandleImpl) {
    t.seq = timerSeq++
    t.inHeap = true
    timers.add(t)
  }

  /** Called by a timer's cancel(): counts heap garbage and rebuilds the heap when it dominates. */
  internal fun timerCancelled(t: TimerHandleImpl) {
    if (!inLoop() || !t.inHeap) return
    cancelledTimers++
    if (cancelledTimers > 100 && cancelledTimers * 2 > timers.size) {
      timers.removeIf { if (it.cancelled()) { it.inHeap = false; true } else false }
      cancelledTimers = 0
    }
  }

  // ---- CoroutineDispatcher and Delay ---------------------------------------------------------

  override fun dispatch(context: CoroutineContext, block: Runnable) {
    if (Thread.currentThread() === thread) {
      ready.addLast(block)
    } else if (!closed) {
      post(block)
    } else {
      // As kotlinx does for a closed executor: cancel the coroutine and let it finish elsewhere.
      context.cancel(java.util.concurrent.CancellationException("The event loop is closed"))
      Dispatchers.IO.dispatch(context, block)
    }
  }

  override fun scheduleResumeAfterDelay(timeMillis: Long, continuation: CancellableContinuation<Unit>) {
    val t = sleepTimer(millisToNanos(timeMillis), continuation)
    continuation.invokeOnCancellation(t)
  }

  /** A timer that resumes [cont] on the loop thread, undispatched (it already runs there). */
  internal fun sleepTimer(delayNanos: Long, cont: CancellableContinuation<Unit>): TimerHandleImpl =
    timerAfter(delayNanos, ResumeRunnable(this, cont))

  override fun invokeOnTimeout(timeMillis: Long, block: Runnable, context: CoroutineContext): DisposableHandle =
    timerAfter(millisToNanos(timeMillis), block)

  private class ResumeRunnable(private val loop: EventLoopImpl, private val cont: CancellableContinuation<Unit>) : Runnable {
    override fun run() {
      with(cont) { loop.resumeUndispatched(Unit) }
    }
  }

  // ---- running -------------------------------------------------------------------------------

  override fun time(): Double = clock.nanos() / 1e9

  internal fun nanos(): Long = clock.nanos()

  override fun clock(): Clock = clock

  override fun runForever() {
    checkClosed()
    if (thread != null) throw IllegalStateException("This event loop is already running")
    if (running() != null) {
      throw IllegalStateException("Cannot run the event loop while another loop is running on this thread")
    }
    thread = Thread.currentThread()
    platformThread = if (directCarrier != null && DirectThreads.isVirtual(thread!!)) null else thread
    RUNNING.set(this)
    try {
      while (true) {
        runOnce()
        if (stopping) break
      }
    } finally {
      stopping = false
      RUNNING.remove()
      thread = null
      platformThread = null
    }
  }

  override fun <T> runUntilComplete(future: CompletionStage<T>): T {
    Objects.requireNonNull(future, "future")
    checkClosed()
    if (running() === this || thread != null) {
      throw IllegalStateException("This event loop is already running: runUntilComplete() would block it")
    }
    val f = ensureFuture(future)
    // a direct main task: on JDK 21+ the loop runs on a virtual thread too (DirectThreads.kt)
    if (f is DirectTask<*> && running() == null) DirectThreads.runLoop { runUntilDone(f) } else runUntilDone(f)
    return f.result()
  }

  /** Throws unless the caller may run this loop now (checked before creating the main task). */
  internal fun checkCanRun() {
    checkClosed()
    if (running() === this || thread != null) {
      throw IllegalStateException("This event loop is already running: runUntilComplete() would block it")
    }
  }

  /** Runs the loop until [f] is done; does not look at its outcome. */
  internal fun runUntilDone(f: FutureImpl<*>) {
    checkCanRun()
    val stopper = StopListener(this)
    f.addListener(stopper)
    try {
      runForever()
    } finally {
      f.removeListener(stopper)
    }
    if (!f.isDone) throw IllegalStateException("Event loop stopped before Future completed.")
  }

  private class StopListener(private val loop: EventLoopImpl) : FutureListener {
    override fun onFutureDone(f: FutureImpl<*>) = loop.stop()
  }

  override fun stop() {
    stopping = true
    if (thread != null && !inLoop() && sleeping && wakeupPending.compareAndSet(false, true)) selector.wakeup()
  }

  override fun isRunning(): Boolean = thread != null

  override fun isClosed(): Boolean = closed

  /** One iteration, as asyncio's `_run_once`. */
  private fun runOnce() {
    drainInbox()
    val timeout: Long = when {
      ready.isNotEmpty() || stopping -> 0L
      else -> {
        val next = nextTimer()
        if (next == null) -1L else maxOf(0L, next.whenNanos - clock.nanos())
      }
    }
    poll(timeout)
    if (timers.isNotEmpty()) {
      val now = clock.nanos()
      monitor?.let { m -> timers.peek()?.let { t -> if (t.whenNanos <= now && !t.cancelled()) m.lag(now - t.whenNanos) } }
      while (true) {
        val t = timers.peek() ?: break
        if (t.cancelled()) {
          timers.poll(); t.inHeap = false; cancelledTimers--
          continue
        }
        if (t.whenNanos > now) break
        timers.poll()
        t.inHeap = false
        ready.addLast(t)
      }
    }
    iterations++
    val m = monitor
    monitored = m != null
    debugging = m != null && m.debug
    var n = ready.size
    if (m == null) {
      while (n-- > 0) {
        val r = ready.pollFirst() ?: break
        try {
          r.run()
        } catch (e: Throwable) {
          callbackFailed(r, e)
        }
      }
    } else {
      while (n-- > 0) {
        val r = ready.pollFirst() ?: break
        try {
          m.runStep(r)
        } catch (e: Throwable) {
          callbackFailed(r, e)
        }
      }
    }
  }

  private fun callbackFailed(r: Runnable, e: Throwable) {
    callExceptionHandler(ExceptionContext("Exception in callback $r", e, null, r as? Handle, CreationTraces.of(r)))
  }

  private fun nextTimer(): TimerHandleImpl? {
    while (true) {
      val t = timers.peek() ?: return null
      if (!t.cancelled()) return t
      timers.poll(); t.inHeap = false; cancelledTimers--
    }
  }

  private fun drainInbox() {
    while (true) {
      val r = inbox.poll() ?: return
      ready.addLast(r)
    }
  }

  /** Waits for I/O for up to [timeoutNanos] (0: do not block; -1: no deadline). */
  private fun poll(timeoutNanos: Long) {
    if (timeoutNanos == 0L) {
      // selectNow() counts only keys whose ready set changed: always look at the selected set
      if (io.registrations > 0) {
        selector.selectNow()
        processKeys()
      }
      return
    }
    val vc = virtualClock
    if (vc != null && externalWork.get() == 0) {
      if (io.registrations > 0) {
        selector.selectNow()
        if (selector.selectedKeys().isNotEmpty()) {
          processKeys()
          return
        }
      }
      if (timeoutNanos > 0) {
        if (inbox.isEmpty()) vc.advanceTo(nextTimer()!!.whenNanos)
        return
      }
      // no timer at all: block until another thread posts work
    }
    // Wake-up protocol: clear the flag, announce `sleeping`, then re-check the inbox. A thread that
    // posts after this sees `sleeping` and wakes the selector; a wake-up that lands after the
    // select returned only makes a later select return early. Clearing the flag here, before
    // `sleeping`, means no stale flag can make a poster skip the wake-up of this select.
    // real clock: failures nobody can retrieve any more are reported before blocking (LoopErrors)
    val blockNanos = if (vc == null) errors.beforeBlocking(timeoutNanos) else timeoutNanos
    wakeupPending.set(false)
    sleeping = true
    try {
      if (inbox.isEmpty() && !stopping) {
        val ms = when {
          blockNanos < 0 || vc != null -> 0L // 0 = no deadline for Selector.select
          else -> maxOf(1L, (blockNanos + 999_999L) / 1_000_000L)
        }
        selector.select(ms)
      } else {
        selector.selectNow()
      }
    } finally {
      sleeping = false
    }
    processKeys()
  }

  // ---- I/O readiness (IoRegistry.kt) ---------------------------------------------------------

  override fun addReader(channel: SelectableChannel, callback: Runnable): Unit = io.add(channel, callback, SelectionKey.OP_READ)

  override fun addWriter(channel: SelectableChannel, callback: Runnable): Unit = io.add(channel, callback, SelectionKey.OP_WRITE)

  override fun removeReader(channel: SelectableChannel): Boolean = io.remove(channel, SelectionKey.OP_READ)

  override fun removeWriter(channel: SelectableChannel): Boolean = io.remove(channel, SelectionKey.OP_WRITE)

  private fun processKeys() = io.processSelected(ready)

  // ---- networking (internal/net: the loop only delegates) -------------------------------------

  override fun <P : BaseProtocol> createConnection(
    protocolFactory: Supplier<P>?,
    host: String?,
    port: Int,
  ): Future<TransportAndProtocol<P>> = createConnection(protocolFactory, host, port, null as InetSocketAddress?)

  override fun <P : BaseProtocol> createConnection(
    protocolFactory: Supplier<P>?,
    host: String?,
    port: Int,
    localAddr: InetSocketAddress?,
  ): Future<TransportAndProtocol<P>> {
    Objects.requireNonNull(protocolFactory, "protocolFactory")
    Objects.requireNonNull(host, "host")
    Net.checkPort(port)
    Net.checkLoop(this)
    return Net.task(this) { Net.createConnection(this, protocolFactory!!, host!!, port, localAddr) }
  }

  override fun <P : BaseProtocol> createUnixConnection(
    protocolFactory: Supplier<P>?,
    path: Path?,
  ): Future<TransportAndProtocol<P>> {
    Objects.requireNonNull(protocolFactory, "protocolFactory")
    Objects.requireNonNull(path, "path")
    Net.checkLoop(this)
    return Net.task(this) { Net.createUnixConnection(this, protocolFactory!!, path!!) }
  }

  override fun <P : BaseProtocol> connectAcceptedSocket(
    protocolFactory: Supplier<P>?,
    channel: SocketChannel?,
  ): Future<TransportAndProtocol<P>> {
    Objects.requireNonNull(protocolFactory, "protocolFactory")
    Objects.requireNonNull(channel, "channel")
    Net.checkLoop(this)
    if (!channel!!.isConnected) throw IllegalArgumentException("channel is not connected: $channel")
    return Net.task(this) {
      channel!!.configureBlocking(false)
      Net.makeTransport(this, channel, protocolFactory!!)
    }
  }

  override fun createServer(
    protocolFactory: Supplier<out BaseProtocol>?,
    host: String?,
    port: Int,
  ): Future<Server> = createServer(protocolFactory, host, port, ServerOptions.defaults() as ServerOptions?)

  override fun createServer(
    protocolFactory: Supplier<out BaseProtocol>?,
    host: String?,
    port: Int,
    options: ServerOptions?,
  ): Future<Server> {
    Objects.requireNonNull(protocolFactory, "protocolFactory")
    Objects.requireNonNull(options, "options")
    Net.checkPort(port)
    Net.checkLoop(this)
    return Net.task(this) { Net.createServer(this, protocolFactory!!, host, port, options!!) }
  }

  override fun createUnixServer(
    protocolFactory: Supplier<out BaseProtocol>?,
    path: Path?,
    options: ServerOptions?,
  ): Future<Server> {
    Objects.requireNonNull(protocolFactory, "protocolFactory")
    Objects.requireNonNull(path, "path")
    Objects.requireNonNull(options, "options")
    Net.checkLoop(this)
    return Net.task(this) { Net.createUnixServer(this, protocolFactory!!, path!!, options!!) }
  }

  // ---- TLS (issue 11): delegations into internal/net/Tls.kt ----

  override fun <P : BaseProtocol> createConnection(protocolFactory: Supplier<P>?, host: String?, port: Int, options: ConnectionOptions?): Future<TransportAndProtocol<P>> =
    Tls.createConnectionAsync(this, protocolFactory, host, port, options)

  override fun <P : BaseProtocol> createUnixConnection(protocolFactory: Supplier<P>?, path: Path?, options: ConnectionOptions?): Future<TransportAndProtocol<P>> =
    Tls.createUnixConnectionAsync(this, protocolFactory, path, options)

  override fun startTls(transport: Transport?, protocol: BaseProtocol?, sslContext: javax.net.ssl.SSLContext?, serverSide: Boolean, serverHostname: String?): Future<Transport> =
    Tls.startTlsAsync(this, transport, protocol, sslContext, serverSide, serverHostname, null)

  override fun startTls(transport: Transport?, protocol: BaseProtocol?, sslContext: javax.net.ssl.SSLContext?, serverSide: Boolean, serverHostname: String?, sslHandshakeTimeout: java.time.Duration?): Future<Transport> =
    Tls.startTlsAsync(this, transport, protocol, sslContext, serverSide, serverHostname, sslHandshakeTimeout)

  override fun getaddrinfo(host: String?, port: Int): Future<List<InetSocketAddress>> {
    Objects.requireNonNull(host, "host")
    checkClosed()
    return Net.getaddrinfo(this, host!!, port)
  }

  // ---- issue 11 (udp): datagram endpoints, sock_* calls, sendfile, getnameinfo (internal/net) --

  override fun <P : DatagramProtocol> createDatagramEndpoint(
    protocolFactory: Supplier<P>?,
    localAddr: SocketAddress?,
    remoteAddr: SocketAddress?,
  ): Future<DatagramEndpoint<P>> = createDatagramEndpoint(protocolFactory, localAddr, remoteAddr, DatagramOptions.defaults())

  override fun <P : DatagramProtocol> createDatagramEndpoint(
    protocolFactory: Supplier<P>?,
    localAddr: SocketAddress?,
    remoteAddr: SocketAddress?,
    options: DatagramOptions?,
  ): Future<DatagramEndpoint<P>> = SockFace.createDatagramEndpoint(this, protocolFactory, localAddr, remoteAddr, options)

  override fun sockConnect(channel: SocketChannel?, address: SocketAddress?): Future<Void> = SockFace.sockConnect(this, channel, address)

  override fun sockAccept(channel: ServerSocketChannel?): Future<SocketChannel> = SockFace.sockAccept(this, channel)

  override fun sockRecv(channel: SelectableChannel?, nbytes: Int): Future<ByteArray> = SockFace.sockRecv(this, channel, nbytes)

  override fun sockRecvInto(channel: SelectableChannel?, buf: ByteBuffer?): Future<Int> = SockFace.sockRecvInto(this, channel, buf)

  override fun sockSendall(channel: SelectableChannel?, data: ByteBuffer?): Future<Void> = SockFace.sockSendall(this, channel, data)

  override fun sockSendall(channel: SelectableChannel?, data: ByteArray?): Future<Void> = SockFace.sockSendall(this, channel, data)

  override fun sockRecvfrom(channel: DatagramChannel?, bufsize: Int): Future<Datagram> = SockFace.sockRecvfrom(this, channel, bufsize)

  override fun sockSendto(channel: DatagramChannel?, data: ByteBuffer?, address: SocketAddress?): Future<Int> =
    SockFace.sockSendto(this, channel, data, address)

  override fun sockSendfile(channel: SocketChannel?, file: FileChannel?, offset: Long, count: Long?): Future<Long> =
    SockFace.sockSendfile(this, channel, file, offset, count)

  override fun sendfile(transport: Transport?, file: FileChannel?, offset: Long, count: Long?, fallback: Boolean): Future<Long> =
    SockFace.sendfile(this, transport, file, offset, count, fallback)

  override fun sendfile(transport: Transport?, file: FileChannel?, offset: Long, count: Long?): Future<Long> =
    SockFace.sendfile(this, transport, file, offset, count, true)

  override fun getnameinfo(address: InetSocketAddress?): Future<NameInfo> = SockFace.getnameinfo(this, address)
  // ---- end issue 11 (udp) ----------------------------------------------------------------------

  // ---- subprocesses and signals (issue 12: internal/process, internal/signal; the loop only delegates) ----

  /** This loop's unfinished children (created on first use), for [close]. */
  internal var processes: LoopProcesses? = null

  override fun <P : SubprocessProtocol> subprocessExec(
    protocolFactory: java.util.function.Supplier<P>?,
    args: List<String>?,
    options: SubprocessOptions?,
  ): Future<SubprocessTransportAndProtocol<P>> =
    LoopSubprocess.exec(this, protocolFactory, args, options)

  override fun <P : SubprocessProtocol> subprocessShell(
    protocolFactory: java.util.function.Supplier<P>?,
    cmd: String?,
    options: SubprocessOptions?,
  ): Future<SubprocessTransportAndProtocol<P>> =
    LoopSubprocess.shell(this, protocolFactory, cmd, options)

  override fun addSignalHandler(sig: String?, callback: Runnable?): Unit = Signals.add(this, sig, callback)

  override fun removeSignalHandler(sig: String?): Boolean = Signals.remove(this, sig)

  // ---- futures and tasks ---------------------------------------------------------------------

  override fun <T> createFuture(): Future<T> {
    checkClosed()
    return FutureImpl(this)
  }

  override fun <T> createTask(coro: AsyncCallable<T>): Task<T> = createTask(coro, null)

  override fun <T> createTask(coro: AsyncCallable<T>, name: String?): Task<T> {
    Objects.requireNonNull(coro, "coro")
    checkClosed()
    if (coro is DirectCoro<T>) return Direct.createTask(this, name, coro, eagerTaskStart && inLoop())
    val t = StageTask(this, name, coro)
    if (eagerTaskStart && inLoop()) t.startEager() else t.start()
    return t
  }

  /** Tasks created on this loop start eagerly (issue 3, `Asyncio.setEagerTaskStart`). */
  @Volatile
  @JvmField
  internal var eagerTaskStart = false

  /** The Kotlin face's task: a kotlinx coroutine on this loop. */
  internal fun <T> createCoroutineTask(
    name: String?,
    block: suspend CoroutineScope.() -> T,
    eager: Boolean = eagerTaskStart,
  ): CoroutineTask<T> {
    checkClosed()
    val t = CoroutineTask<T>(this, name)
    t.start(block, eager && inLoop())
    return t
  }

  /** Links a new task into the pending list (on the loop thread, or posted there). */
  internal fun registerTask(t: TaskImpl<*>) {
    if (owned()) link(t) else post { if (!t.isDone) link(t) }
  }

  private fun link(t: TaskImpl<*>) {
    if (t.linked) return
    Diagnostics.taskCreated(this, t)
    val h = tasksHead
    t.nextTask = h
    t.prevTask = null
    if (h != null) h.prevTask = t
    tasksHead = t
    t.linked = true
    taskCount++
  }

  /** Unlinks a finished task. Loop thread (tasks finish there). */
  internal fun unregisterTask(t: TaskImpl<*>) {
    Diagnostics.taskDone(this, t)
    if (!t.linked) return
    val p = t.prevTask
    val n = t.nextTask
    if (p == null) tasksHead = n else p.nextTask = n
    if (n != null) n.prevTask = p
    t.prevTask = null
    t.nextTask = null
    t.linked = false
    taskCount--
  }

  /** A snapshot of the pending tasks; from the loop thread exactly, from elsewhere best effort. */
  internal fun allTasks(): Set<Task<*>> {
    if (!owned()) {
      val f = CompletableFuture<Set<Task<*>>>()
      try {
        post { f.complete(collectTasks()) }
        return f.get(10, TimeUnit.SECONDS)
      } catch (e: Exception) {
        throw IllegalStateException("could not list the tasks of a loop running on another thread", e)
      }
    }
    return collectTasks()
  }

  private fun collectTasks(): Set<Task<*>> {
    val out = LinkedHashSet<Task<*>>(maxOf(16, taskCount * 2))
    var t = tasksHead
    while (t != null) {
      if (!t.isDone) out.add(t)
      t = t.nextTask
    }
    return out
  }

  /** Our own future for [stage]: itself if it belongs to this loop, else a mirror. */
  internal fun <T> ensureFuture(stage: CompletionStage<T>): FutureImpl<T> {
    if (stage is FutureImpl<T> && stage.loop === this) return stage
    val f = FutureImpl<T>(this)
    f.mirror(stage)
    return f
  }

  override fun <T> runCoroutineThreadsafe(coro: AsyncCallable<T>): CompletableFuture<T> {
    Objects.requireNonNull(coro, "coro")
    checkClosed()
    val out = ThreadsafeResult<T>(this)
    post { if (!out.isDone) out.bind(createTask(coro) as TaskImpl<T>) }
    return out
  }

  /** As [runCoroutineThreadsafe] for a Kotlin block. */
  internal fun <T> submitCoroutine(block: suspend CoroutineScope.() -> T): CompletableFuture<T> {
    checkClosed()
    val out = ThreadsafeResult<T>(this)
    post { if (!out.isDone) out.bind(createCoroutineTask(null, block)) }
    return out
  }

  // ---- executors (LoopExecutors.kt) ---------------------------------------------------------

  override fun <T> runInExecutor(executor: Executor?, func: Callable<T>): Future<T> = executors.run(executor, func)

  override fun <T> runInExecutorInterruptible(executor: Executor?, func: Callable<T>): Future<T> =
    executors.run(executor, func, interruptible = true)

  override fun setDefaultExecutor(executor: ExecutorService): Unit = executors.setDefault(executor)

  override fun shutdownDefaultExecutor(): Future<Void> = executors.shutdownDefault()

  // ---- errors (LoopErrors.kt) ----------------------------------------------------------------

  override fun setExceptionHandler(handler: ExceptionHandler?): Unit = errors.setHandler(handler)

  override fun getExceptionHandler(): ExceptionHandler? = errors.handler

  override fun defaultExceptionHandler(context: ExceptionContext): Unit = errors.defaultHandler(context)

  override fun callExceptionHandler(context: ExceptionContext): Unit = errors.call(context)

  /** Reports a failure nobody retrieved: on the loop thread if it still runs, else here. */
  internal fun reportUnretrieved(r: FailureReport): Unit = errors.reportUnretrieved(r)

  /** A future failed and nobody has its failure yet (LoopErrors: prompt reports). Loop thread. */
  internal fun failureTracked(): Unit = errors.failureTracked()

  // ---- closing -------------------------------------------------------------------------------

  override fun close() {
    if (thread != null) throw IllegalStateException("Cannot close a running event loop")
    if (closed) return
    closed = true
    ready.clear()
    inbox.clear()
    timers.clear()
    executors.shutdownOnClose()
    // issue 12: unfinished children are reported, their pumps stopped, they are killed; signal handlers removed
    LoopProcesses.onLoopClose(this)
    Signals.onLoopClose(this)
    // direct bodies suspended in an await get a CancelledError and end, with their threads
    for (t in allTasks()) (t as? DirectTask<*>)?.abandonOnClose()
    try {
      selector.close()
    } catch (ignored: java.io.IOException) {
      // nothing to do
    }
    errors.reportAllUnretrieved()
    monitor?.closed()
    mbean?.let { LoopMBean.unregister(it) }
  }

  // ---- debug mode and diagnostics (internal/debug) -------------------------------------------

  /** The monitor, created on first use (debug mode or the watchdog turned on). */
  private fun monitorOrCreate(): LoopMonitor {
    monitor?.let { return it }
    synchronized(this) {
      monitor?.let { return it }
      val m = LoopMonitor(this)
      monitor = m
      monitored = true
      return m
    }
  }

  override fun getDebug(): Boolean = monitor?.debug ?: false

  override fun setDebug(enabled: Boolean) {
    if (!enabled && monitor == null) return
    val m = monitorOrCreate()
    m.debug = enabled
    debugging = enabled
    if (enabled) {
      m.watchForLeak()
      if (!m.blockedExplicit) {
        m.blockedNanos = m.slowNanos * 10
        Watchdog.register(m)
      }
    } else if (!m.blockedExplicit) {
      m.blockedNanos = 0
      Watchdog.unregister(m)
    }
  }

  override fun getSlowCallbackDuration(): Double = (monitor?.slowNanos ?: 100_000_000L) / 1e9

  override fun setSlowCallbackDuration(seconds: Double) {
    require(seconds.isFinite() && seconds >= 0) { "slowCallbackDuration must be finite and not negative: $seconds" }
    val m = monitorOrCreate()
    m.slowNanos = (seconds * 1e9).toLong()
    if (m.debug && !m.blockedExplicit) m.blockedNanos = m.slowNanos * 10
  }

  override fun getBlockedLoopThreshold(): Duration? = monitor?.blockedNanos?.takeIf { it > 0 }?.let { Duration.ofNanos(it) }

  override fun setBlockedLoopThreshold(threshold: Duration?) {
    if (threshold == null) {
      val m = monitor ?: return
      m.blockedExplicit = false
      m.blockedNanos = 0
      Watchdog.unregister(m)
      return
    }
    require(!threshold.isNegative && !threshold.isZero) { "blockedLoopThreshold must be positive: $threshold" }
    val m = monitorOrCreate()
    m.blockedExplicit = true
    m.blockedNanos = try { threshold.toNanos() } catch (e: ArithmeticException) { Long.MAX_VALUE }
    Watchdog.register(m)
  }

  override fun statistics(): LoopStatistics {
    val m = monitor
    return LoopStatistics(
      ready.size + inbox.size, timers.size, taskCount, io.registrations, iterations,
      Duration.ofNanos(m?.longestNanos ?: 0L), Duration.ofNanos(m?.lagNanos ?: 0L),
      m?.debug ?: false, thread != null,
    )
  }

  override fun dumpTasks(): String {
    val d = CallGraphs.dump(this)
    return if (allTasks().isEmpty()) "no pending tasks" else d
  }

  override fun registerMBean(name: String?): String {
    val on = try {
      LoopMBean.register(this, name)
    } catch (e: Exception) {
      throw IllegalStateException("could not register the loop's MBean: $e", e)
    }
    mbean = on
    return on.toString()
  }

  override fun toString(): String =
    "EventLoop[${if (closed) "closed" else if (thread != null) "running" else "idle"}, ready=${ready.size}," +
      " timers=${timers.size}, tasks=$taskCount, clock=$clock]"

  internal companion object {
    /** The loop a thread runs; read it through [running], which also knows the carried direct bodies. */
    @JvmField
    val RUNNING: ThreadLocal<EventLoopImpl?> = ThreadLocal()

    /**
     * The loop running on the current thread: set on the thread running it and on a direct body's
     * thread, and found without a thread-local on a body its loop's thread carries
     * ([io.jasyncio.internal.direct.Carrier.carriedBody]), whose thread must not get a map of
     * thread-locals for this. Never [RUNNING].get() first: on a carried body that creates the map.
     */
    @JvmStatic
    fun running(): EventLoopImpl? {
      io.jasyncio.internal.direct.Carrier.carriedBody()?.let { return it.loop }
      return RUNNING.get()
    }

    @JvmField
    val LOG: System.Logger = System.getLogger("io.jasyncio")

    private fun millisToNanos(ms: Long): Long =
      if (ms <= 0) 0 else if (ms >= Checks.MAX_NANOS / 1_000_000L) Checks.MAX_NANOS else ms * 1_000_000L
  }
}
