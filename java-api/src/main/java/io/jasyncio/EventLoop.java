package io.jasyncio;

import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * An asyncio event loop: one thread runs callbacks, task steps and I/O readiness callbacks, one
 * at a time, in asyncio order.
 *
 * <h2>Model</h2>
 * <ul>
 *   <li>The loop runs on the thread that calls {@link #runForever()} or
 *       {@link #runUntilComplete}; everything it schedules runs on that thread.</li>
 *   <li>One iteration: take the work other threads posted, wait for I/O or the next timer (not at
 *       all if callbacks are ready), move due timers to the ready queue, then run exactly the
 *       callbacks that were ready when the iteration began. Callbacks scheduled meanwhile run in
 *       the next iteration.</li>
 *   <li>{@code callSoon} callbacks run first-in first-out; timers by deadline, ties in scheduling
 *       order.</li>
 *   <li>Idle, the loop blocks in a {@link java.nio.channels.Selector} until the next deadline; a
 *       thread that posts work wakes it only when it is blocked. With a
 *       {@link io.jasyncio.testing.VirtualClock} it jumps to the next deadline instead.</li>
 *   <li>A callback that throws is reported to the {@linkplain #setExceptionHandler exception
 *       handler}; the loop keeps running.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * {@code callSoon}, {@code callLater}, {@code callAt}, {@code createTask} and {@link #stop()}
 * may be called from any thread (CPython requires the loop thread; here work from elsewhere goes
 * through a thread-safe inbox). {@link #callSoonThreadsafe} is the explicit asyncio spelling.
 * Blocking calls ({@link #runUntilComplete}, {@link Future#join()}) from the loop's own thread
 * throw {@link IllegalStateException} instead of deadlocking.
 *
 * <p>In Kotlin the loop is also a {@code CoroutineDispatcher} with its own timers
 * ({@code delay} and {@code withTimeout} use them); see {@code io.jasyncio.kotlin}.
 */
public interface EventLoop extends AutoCloseable {
  /**
   * The loop's clock, in seconds (asyncio {@code loop.time()}).
   *
   * @return the current time on the loop's {@link Clock}, in seconds
   */
  double time();

  /**
   * @return the clock this loop was built with
   */
  Clock clock();

  /**
   * Schedules {@code callback} to run in a following iteration, after the callbacks scheduled
   * before it. Callable from any thread.
   *
   * @param callback the callback
   * @return a handle that can cancel it
   * @throws NullPointerException if {@code callback} is {@code null}
   * @throws IllegalStateException if the loop is closed
   */
  Handle callSoon(Runnable callback);

  /**
   * As {@link #callSoon}, and wakes the loop if it is waiting (asyncio
   * {@code call_soon_threadsafe}).
   *
   * @param callback the callback
   * @return a handle that can cancel it
   * @throws NullPointerException if {@code callback} is {@code null}
   * @throws IllegalStateException if the loop is closed
   */
  Handle callSoonThreadsafe(Runnable callback);

  /**
   * Schedules {@code callback} to run {@code delay} seconds from now. A negative delay
   * ({@code -Infinity} too) counts as zero.
   *
   * <p>{@code Double.POSITIVE_INFINITY} means never, as asyncio's {@code call_later(math.inf, cb)},
   * and so does a delay whose deadline would be at or past the clock's range (2<sup>62</sup> ns,
   * about 146 years, on the loop's clock): such a timer never fires, its {@link TimerHandle#when()}
   * is {@code +Infinity}, and it can still be cancelled. The loop never waits for it, and a
   * {@link io.jasyncio.testing.VirtualClock} never jumps to it.
   *
   * @param delay seconds; {@code +Infinity} for never
   * @param callback the callback
   * @return a handle that can cancel it
   * @throws IllegalArgumentException if {@code delay} is NaN
   * @throws NullPointerException if {@code callback} is {@code null}
   * @throws IllegalStateException if the loop is closed
   */
  TimerHandle callLater(double delay, Runnable callback);

  /**
   * As {@link #callLater(double, Runnable)} with a {@link Duration}. A duration past the clock's
   * range (say {@code Duration.ofSeconds(Long.MAX_VALUE)}) means never; it does not overflow.
   *
   * @param delay the delay; negative counts as zero
   * @param callback the callback
   * @return a handle that can cancel it
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalStateException if the loop is closed
   */
  TimerHandle callLater(Duration delay, Runnable callback);

  /**
   * Schedules {@code callback} at time {@code when} on the loop's clock ({@link #time()}). A time
   * not later than now ({@code -Infinity} too) runs the callback in the next iteration;
   * {@code +Infinity}, or a time at or past the clock's range (2<sup>62</sup> ns, about 146
   * years), means never (see {@link #callLater(double, Runnable)}).
   *
   * @param when seconds on the loop's clock; {@code +Infinity} for never
   * @param callback the callback
   * @return a handle that can cancel it
   * @throws IllegalArgumentException if {@code when} is NaN
   * @throws NullPointerException if {@code callback} is {@code null}
   * @throws IllegalStateException if the loop is closed
   */
  TimerHandle callAt(double when, Runnable callback);

  /**
   * Creates a pending future bound to this loop.
   *
   * @param <T> the result type
   * @return a new future
   */
  <T> Future<T> createFuture();

  /**
   * Wraps a Java coroutine function in a task scheduled on this loop, named {@code Task-N}.
   *
   * @param <T> the result type
   * @param coro the work; called once, on the loop thread, in the task's first step
   * @return the task
   * @throws NullPointerException if {@code coro} is {@code null}
   * @throws IllegalStateException if the loop is closed
   */
  <T> Task<T> createTask(AsyncCallable<T> coro);

  /**
   * As {@link #createTask(AsyncCallable)} with a name.
   *
   * @param <T> the result type
   * @param coro the work
   * @param name the task's name, or {@code null} for {@code Task-N}
   * @return the task
   * @throws NullPointerException if {@code coro} is {@code null}
   * @throws IllegalStateException if the loop is closed
   */
  <T> Task<T> createTask(AsyncCallable<T> coro, String name);

  /**
   * Runs the loop on the calling thread until {@code future} is done, and returns its result.
   * A stage that is not a future of this loop is watched through a callback; its completion is
   * carried over to the loop thread.
   *
   * @param <T> the result type
   * @param future what to wait for
   * @return its result
   * @throws IllegalStateException if the loop is running (on this thread or another) or closed,
   *     or if {@link #stop()} ended the loop before {@code future} was done
   * @throws CancelledError if the future was cancelled
   * @throws RuntimeException the future's failure (a checked one wrapped in
   *     {@link java.util.concurrent.CompletionException})
   */
  <T> T runUntilComplete(CompletionStage<T> future);

  /**
   * Runs the loop on the calling thread until {@link #stop()} is called.
   *
   * @throws IllegalStateException if the loop is already running or is closed
   */
  void runForever();

  /**
   * Stops the loop after the callbacks of the current iteration have run (those scheduled by them
   * run in the next run). Callable from any thread. Called while the loop is not running, it
   * makes the next run do one iteration and return, as in asyncio.
   */
  void stop();

  /**
   * @return {@code true} while a thread runs the loop
   */
  boolean isRunning();

  /**
   * @return {@code true} once {@link #close()} was called
   */
  boolean isClosed();

  /**
   * Closes the loop: pending callbacks are dropped, the default executor is shut down without
   * waiting, the selector is closed, and failures of futures that nobody retrieved are reported.
   * Idempotent.
   *
   * @throws IllegalStateException if the loop is running
   */
  @Override
  void close();

  /**
   * Sets the handler for errors that have no caller (asyncio {@code set_exception_handler}).
   *
   * @param handler the handler, or {@code null} for the default one
   */
  void setExceptionHandler(ExceptionHandler handler);

  /**
   * @return the handler set by {@link #setExceptionHandler}, or {@code null} if the default one is
   *     used
   */
  ExceptionHandler getExceptionHandler();

  /**
   * The default handling: logs the context through {@link System.Logger} {@code io.jasyncio} at
   * level {@code ERROR}.
   *
   * @param context what happened
   */
  void defaultExceptionHandler(ExceptionContext context);

  /**
   * Passes {@code context} to the current handler; if that throws, the default handler logs both.
   * Never throws.
   *
   * @param context what happened
   */
  void callExceptionHandler(ExceptionContext context);

  // ---- debug mode and diagnostics (asyncio's debug mode, and past it) ---------------------------

  /**
   * @return whether this loop runs in debug mode (asyncio {@code get_debug}); on by default when
   *     the JVM runs with {@code -Djasyncio.debug=true} or the environment has
   *     {@code JASYNCIO_DEBUG=1} (asyncio's {@code PYTHONASYNCIODEBUG})
   */
  boolean getDebug();

  /**
   * Turns debug mode on or off (asyncio {@code set_debug}). In debug mode: a callback or task step
   * that runs longer than {@link #getSlowCallbackDuration()} is logged (logger
   * {@code io.jasyncio.debug}, level WARNING) with its duration and where it was created; futures,
   * tasks and callbacks created from then on record their creation stack, which reports ("exception
   * was never retrieved", "Exception in callback") carry as
   * {@link ExceptionContext#sourceTraceback()}; the blocked-loop watchdog runs with a threshold of
   * {@code 10 ×} the slow-callback duration unless one was set; a loop that is garbage-collected
   * without {@link #close()} is reported with its creation stack. Debug mode costs time on every
   * callback (two clock reads) and a stack capture per future: do not leave it on in production.
   * Any thread may call; it takes effect at the loop's next iteration.
   *
   * @param enabled true to turn debug mode on
   */
  void setDebug(boolean enabled);

  /**
   * @return the duration in seconds above which debug mode logs a callback or task step as slow
   *     (asyncio {@code slow_callback_duration}; 0.1 by default)
   */
  double getSlowCallbackDuration();

  /**
   * Sets the slow-callback duration used in debug mode.
   *
   * @param seconds the duration, finite and not negative
   * @throws IllegalArgumentException if {@code seconds} is NaN, infinite or negative
   */
  void setSlowCallbackDuration(double seconds);

  /**
   * @return the blocked-loop watchdog's threshold, or {@code null} if the watchdog is off for
   *     this loop
   */
  Duration getBlockedLoopThreshold();

  /**
   * Turns the blocked-loop watchdog on ({@code threshold} not null) or off. When one callback or
   * task step has held the loop thread longer than the threshold, a daemon watchdog thread logs
   * (logger {@code io.jasyncio.debug}, WARNING) the loop thread's <em>current</em> stack while it is
   * still blocked — the {@code Thread.sleep}, JDBC call or lock that froze it — then again at
   * doubling intervals until the step returns, when it logs how long the loop was blocked. It also
   * emits the JFR event {@code io.jasyncio.BlockedLoop}. Unlike debug mode this is meant for
   * production: with the watchdog on, a loop pays one plain counter store per callback. Also on
   * for every loop with {@code -Djasyncio.blockedLoopThreshold=<seconds>}. Any thread may call.
   *
   * @param threshold how long a step may run before it is reported, or {@code null} for off
   * @throws IllegalArgumentException if {@code threshold} is zero or negative
   */
  void setBlockedLoopThreshold(Duration threshold);

  /**
   * A snapshot of the loop's state: exact from the loop thread (or while the loop does not run),
   * best effort from another thread.
   *
   * @return the loop's statistics
   */
  LoopStatistics statistics();

  /**
   * A text dump of the pending tasks, one block per task: its state and what it awaits (its call
   * graph, as {@link Asyncio#captureCallGraph(Future)} sees it). Any thread may call; from another thread the
   * dump is taken on the loop thread if the loop runs (waiting at most one second), else directly.
   *
   * @return the dump, or {@code "no pending tasks"}
   */
  String dumpTasks();

  /**
   * Registers a JMX MBean for this loop ({@code io.jasyncio:type=EventLoop,name=<name>}) with its
   * statistics as attributes and the operations {@code dumpTasks} and {@code setDebug}, so a
   * running service can be inspected with JConsole or JDK Mission Control. Unregistered by
   * {@link #close()}. Also done for every loop with {@code -Djasyncio.jmx=true}.
   *
   * @param name the {@code name} key of the object name, or {@code null} for a generated one
   * @return the object name registered
   * @throws IllegalStateException if the platform MBean server is not available
   */
  String registerMBean(String name);

  /**
   * Runs {@code func} on {@code executor} (the default executor if {@code null}) and returns a
   * future of this loop that completes, on the loop thread, with its outcome.
   *
   * <p>Cancelling the future (directly, or by cancelling a task awaiting it) before a worker
   * started {@code func} means {@code func} never runs, as asyncio's cancelled
   * {@code run_in_executor} future cancels its {@code concurrent.futures.Future}. A call already
   * running is not interrupted ({@code cancel(true)} does not interrupt either, as for any
   * {@code CompletableFuture}; {@link #runInExecutorInterruptible} does); its outcome, value or exception, is dropped without a report to the
   * exception handler. On a virtual clock the loop waits for calls in flight before it jumps to
   * the next timer, but not for a cancelled one.
   *
   * <p>The default executor is created on first use: up to {@code min(32, cores + 4)} daemon
   * threads named {@code jasyncio-executor-N}.
   *
   * @param <T> the result type
   * @param executor where to run, or {@code null} for the default executor
   * @param func the blocking work
   * @return the future of its result
   * @throws NullPointerException if {@code func} is {@code null}
   * @throws IllegalStateException if the loop is closed
   */
  <T> Future<T> runInExecutor(Executor executor, Callable<T> func);

  /**
   * As {@link #runInExecutor}, except that cancelling the future while {@code func} runs
   * interrupts the worker thread running it (once; never after {@code func} returned, so the
   * interrupt cannot reach the executor's next job). What {@code func} does with the interrupt is
   * its own business (a blocking call throws {@link InterruptedException} or
   * {@link java.nio.channels.ClosedByInterruptException}); its outcome is dropped either way. This
   * is kotlinx's {@code runInterruptible}; asyncio cannot interrupt a thread.
   *
   * @param <T> the result type
   * @param executor where to run, or {@code null} for the default executor
   * @param func the blocking work
   * @return the future of its result
   * @throws NullPointerException if {@code func} is {@code null}
   * @throws IllegalStateException if the loop is closed
   */
  <T> Future<T> runInExecutorInterruptible(Executor executor, Callable<T> func);

  /**
   * Replaces the default executor used by {@link #runInExecutor} and {@code Asyncio.toThread}.
   * The previous one is not shut down.
   *
   * @param executor the new default executor
   * @throws NullPointerException if {@code executor} is {@code null}
   */
  void setDefaultExecutor(ExecutorService executor);

  /**
   * Shuts the default executor down and completes, on the loop thread, once its threads have
   * finished their work. Completes at once if no default executor was created.
   *
   * @return a future that completes with {@code null} when the executor has terminated
   */
  Future<Void> shutdownDefaultExecutor();

  /**
   * Runs {@code callback} on the loop thread in every iteration in which {@code channel} is
   * readable (level-triggered), until {@link #removeReader}. Replaces a previous reader of the
   * channel. The channel is put in non-blocking mode.
   *
   * <p>A channel that cannot be read but can accept, a listening
   * {@link java.nio.channels.ServerSocketChannel}, is watched for a connection to accept
   * ({@code OP_ACCEPT}): as in asyncio, {@code addReader} on a listening socket is how one
   * accepts; the callback calls {@code accept()}, which may return {@code null} if another
   * acceptor took the connection.
   *
   * @param channel the channel
   * @param callback the callback
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if {@code channel} supports neither reading nor accepting
   *     (a {@code Pipe.SinkChannel}); the message names the channel and its valid operations, and
   *     nothing is registered
   * @throws IllegalStateException if the loop is closed, or if called from another thread while
   *     the loop runs (use {@link #callSoonThreadsafe}); or (issue 11) if a transport, datagram
   *     endpoint or server of this loop owns {@code channel} ("... is used by transport ...",
   *     asyncio's {@code _ensure_fd_no_transport}; the same for {@code removeReader},
   *     {@code addWriter}, {@code removeWriter})
   */
  void addReader(SelectableChannel channel, Runnable callback);

  /**
   * Stops watching {@code channel} for reading.
   *
   * @param channel the channel
   * @return {@code true} if a reader was registered
   */
  boolean removeReader(SelectableChannel channel);

  /**
   * As {@link #addReader}, for writability. A channel that can connect (a
   * {@link java.nio.channels.SocketChannel}) is also watched for the end of a non-blocking
   * {@code connect} ({@code OP_CONNECT}), so the writer runs once the connection is made or failed,
   * as asyncio's writer does; the callback calls {@code finishConnect()}.
   *
   * @param channel the channel
   * @param callback the callback
   * @throws IllegalArgumentException if {@code channel} supports neither writing nor connecting
   *     (a listening {@code ServerSocketChannel}); the message names the channel and its valid
   *     operations, and nothing is registered
   */
  void addWriter(SelectableChannel channel, Runnable callback);

  /**
   * Stops watching {@code channel} for writing.
   *
   * @param channel the channel
   * @return {@code true} if a writer was registered
   */
  boolean removeWriter(SelectableChannel channel);

  // ---- networking (issue 10): asyncio's create_connection / create_server -----------------------

  /**
   * Connects to {@code host:port} and wires a protocol from {@code protocolFactory} to the new
   * transport (asyncio {@code create_connection}). The host is resolved on the default executor
   * unless it is an address literal; the addresses are tried in turn and the first that connects
   * wins. The future completes, on this loop, after {@link io.jasyncio.net.BaseProtocol#connectionMade}
   * ran. Cancelling it abandons the attempt and closes the socket.
   *
   * @param <P> the protocol type
   * @param protocolFactory makes the protocol (called on the loop thread once connected)
   * @param host a host name or address literal
   * @param port the port, 0-65535
   * @return a future of the transport and protocol; it fails with
   *     {@link java.net.ConnectException} when refused, {@link java.net.UnknownHostException}
   *     when the name does not resolve
   * @throws NullPointerException if {@code protocolFactory} or {@code host} is null
   * @throws IllegalArgumentException if the port is out of range
   * @throws IllegalStateException if called off the loop thread while it runs, or the loop is
   *     closed
   */
  <P extends io.jasyncio.net.BaseProtocol> Future<io.jasyncio.net.TransportAndProtocol<P>> createConnection(
      java.util.function.Supplier<P> protocolFactory, String host, int port);

  /**
   * As {@link #createConnection(java.util.function.Supplier, String, int)}, binding the local
   * end to {@code localAddr} first (asyncio's {@code local_addr}).
   *
   * @param <P> the protocol type
   * @param protocolFactory makes the protocol
   * @param host a host name or address literal
   * @param port the port
   * @param localAddr the local address, or null
   * @return a future of the transport and protocol
   */
  <P extends io.jasyncio.net.BaseProtocol> Future<io.jasyncio.net.TransportAndProtocol<P>> createConnection(
      java.util.function.Supplier<P> protocolFactory, String host, int port,
      java.net.InetSocketAddress localAddr);

  /**
   * Connects to the Unix domain socket at {@code path} (asyncio {@code create_unix_connection}).
   *
   * @param <P> the protocol type
   * @param protocolFactory makes the protocol
   * @param path the socket path
   * @return a future of the transport and protocol
   */
  <P extends io.jasyncio.net.BaseProtocol> Future<io.jasyncio.net.TransportAndProtocol<P>> createUnixConnection(
      java.util.function.Supplier<P> protocolFactory, java.nio.file.Path path);

  /**
   * Wraps an already connected socket in a transport (asyncio {@code connect_accepted_socket}).
   *
   * @param <P> the protocol type
   * @param protocolFactory makes the protocol
   * @param channel a connected socket; it is put in non-blocking mode
   * @return a future of the transport and protocol
   */
  <P extends io.jasyncio.net.BaseProtocol> Future<io.jasyncio.net.TransportAndProtocol<P>> connectAcceptedSocket(
      java.util.function.Supplier<P> protocolFactory, java.nio.channels.SocketChannel channel);

  /**
   * Listens on {@code host:port} (asyncio {@code create_server}); each accepted connection gets
   * a protocol from {@code protocolFactory} and a transport. With {@code host} null the server
   * listens on every interface (one dual-stack socket); otherwise one socket per address the host
   * resolves to.
   *
   * @param protocolFactory makes a protocol per connection (on the loop thread)
   * @param host the address to listen on, or null
   * @param port the port, 0 for an ephemeral one
   * @param options backlog, SO_REUSEADDR, SO_REUSEPORT, startServing
   * @return a future of the server
   * @throws NullPointerException if {@code protocolFactory} or {@code options} is null
   * @throws IllegalArgumentException if the port is out of range
   */
  Future<io.jasyncio.net.Server> createServer(
      java.util.function.Supplier<? extends io.jasyncio.net.BaseProtocol> protocolFactory,
      String host, int port, io.jasyncio.net.ServerOptions options);

  /**
   * As {@link #createServer(java.util.function.Supplier, String, int,
   * io.jasyncio.net.ServerOptions)} with the default options.
   *
   * @param protocolFactory makes a protocol per connection
   * @param host the address to listen on, or null
   * @param port the port
   * @return a future of the server
   */
  Future<io.jasyncio.net.Server> createServer(
      java.util.function.Supplier<? extends io.jasyncio.net.BaseProtocol> protocolFactory,
      String host, int port);

  /**
   * Listens on the Unix domain socket {@code path} (asyncio {@code create_unix_server}). The
   * path must not exist; it is not removed on close (as asyncio before 3.13's cleanup option).
   *
   * @param protocolFactory makes a protocol per connection
   * @param path the socket path
   * @param options backlog, startServing
   * @return a future of the server
   */
  Future<io.jasyncio.net.Server> createUnixServer(
      java.util.function.Supplier<? extends io.jasyncio.net.BaseProtocol> protocolFactory,
      java.nio.file.Path path, io.jasyncio.net.ServerOptions options);

  // ---- TLS (issue 11): ssl= on client connections, start_tls --------------------------------------

  /**
   * As {@link #createConnection(java.util.function.Supplier, String, int)} with options: with
   * {@link io.jasyncio.net.ConnectionOptions#ssl ssl} set, the connection speaks TLS (asyncio
   * {@code create_connection(ssl=...)}). The TLS handshake runs on this loop (the engine's
   * delegated tasks on the default executor); the future completes once it finished and the
   * protocol's {@code connectionMade} ran with the TLS transport. A failed handshake fails the
   * future with the {@link javax.net.ssl.SSLException} subtype the JDK raised (untrusted
   * certificate, host name mismatch, no common protocol, a peer not speaking TLS); a handshake
   * longer than {@code sslHandshakeTimeout} with {@link java.net.SocketTimeoutException}. Either
   * way, and on cancellation, the socket is closed and nothing stays registered.
   *
   * @param <P> the protocol type
   * @param protocolFactory makes the protocol
   * @param host a host name or address literal (the default TLS server host name)
   * @param port the port, 0-65535
   * @param options TLS, local address
   * @return a future of the transport and protocol
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the port is out of range
   */
  <P extends io.jasyncio.net.BaseProtocol> Future<io.jasyncio.net.TransportAndProtocol<P>> createConnection(
      java.util.function.Supplier<P> protocolFactory, String host, int port,
      io.jasyncio.net.ConnectionOptions options);

  /**
   * As {@link #createUnixConnection(java.util.function.Supplier, java.nio.file.Path)} with
   * options; with TLS, give {@link io.jasyncio.net.ConnectionOptions#serverHostname} or turn
   * {@link io.jasyncio.net.ConnectionOptions#checkHostname} off (there is no host to default to).
   *
   * @param <P> the protocol type
   * @param protocolFactory makes the protocol
   * @param path the socket path
   * @param options TLS
   * @return a future of the transport and protocol
   */
  <P extends io.jasyncio.net.BaseProtocol> Future<io.jasyncio.net.TransportAndProtocol<P>> createUnixConnection(
      java.util.function.Supplier<P> protocolFactory, java.nio.file.Path path,
      io.jasyncio.net.ConnectionOptions options);

  /**
   * Upgrades a plain connection to TLS in place (asyncio {@code start_tls}, STARTTLS): the
   * {@code transport} stops delivering to {@code protocol}, a handshake runs over it, and the
   * future completes with a new TLS transport wired to {@code protocol} (whose
   * {@code connectionMade} is <em>not</em> called again, as asyncio). Bytes the peer sent before
   * the upgrade and that {@code protocol} already received stay where they are (asyncio too): the
   * peer must wait for the plain-text go-ahead before it starts its handshake. The old transport
   * must not be used afterwards. Cancelling the returned future aborts the connection. On failure or timeout the connection is aborted and the future fails as in
   * {@link #createConnection(java.util.function.Supplier, String, int,
   * io.jasyncio.net.ConnectionOptions)}. Handshake timeout 60 s, close timeout 30 s.
   *
   * @param transport a plain transport of this loop, not closing
   * @param protocol the protocol that will receive the decrypted data
   * @param sslContext the TLS context
   * @param serverSide whether this end is the TLS server
   * @param serverHostname the name to check and send as SNI (client side); null to skip the check
   * @return a future of the TLS transport
   * @throws NullPointerException if transport, protocol or sslContext is null
   * @throws IllegalArgumentException if the transport is not a plain jasyncio socket transport
   */
  Future<io.jasyncio.net.Transport> startTls(
      io.jasyncio.net.Transport transport, io.jasyncio.net.BaseProtocol protocol,
      javax.net.ssl.SSLContext sslContext, boolean serverSide, String serverHostname);

  /**
   * As {@link #startTls(io.jasyncio.net.Transport, io.jasyncio.net.BaseProtocol,
   * javax.net.ssl.SSLContext, boolean, String)} with a handshake timeout.
   *
   * @param transport a plain transport of this loop
   * @param protocol the protocol
   * @param sslContext the TLS context
   * @param serverSide whether this end is the TLS server
   * @param serverHostname the name to check (client side), or null
   * @param sslHandshakeTimeout the handshake timeout, positive
   * @return a future of the TLS transport
   */
  Future<io.jasyncio.net.Transport> startTls(
      io.jasyncio.net.Transport transport, io.jasyncio.net.BaseProtocol protocol,
      javax.net.ssl.SSLContext sslContext, boolean serverSide, String serverHostname,
      java.time.Duration sslHandshakeTimeout);

  /**
   * Resolves {@code host} on the default executor (asyncio {@code getaddrinfo}); an address
   * literal is answered without the executor.
   *
   * @param host the host name or literal
   * @param port the port to put in each address
   * @return a future of the addresses, in the resolver's order; fails with
   *     {@link java.net.UnknownHostException}
   */
  Future<java.util.List<java.net.InetSocketAddress>> getaddrinfo(String host, int port);

  // ---- issue 11 (udp): datagram endpoints, socket-level calls, sendfile, getnameinfo ------------
  // All of them: call on the loop thread (IllegalStateException otherwise, or if the loop is
  // closed); the future completes on the loop thread; cancelling it stops the wait (what each call
  // moved before the cancel is said per method). The Kotlin face has suspend forms of the same
  // names in io.jasyncio.kotlin (Sockets.kt). Channels must be non-blocking: a blocking one is an
  // IllegalArgumentException ("the socket must be non-blocking", asyncio's ValueError); a channel a
  // transport owns is an IllegalStateException ("... is used by transport ...").

  /**
   * Creates a UDP endpoint (asyncio {@code create_datagram_endpoint}): a {@code DatagramChannel}
   * bound to {@code localAddr} (if given) and connected to {@code remoteAddr} (if given), on this
   * loop's selector, wired to a protocol from {@code protocolFactory}. Unresolved addresses are
   * resolved on the default executor. The future completes after {@code connectionMade} ran.
   * Cancelling it closes the socket.
   *
   * @param <P> the protocol type
   * @param protocolFactory makes the protocol (on the loop thread)
   * @param localAddr the address to bind, or null
   * @param remoteAddr the peer to connect to, or null (an unconnected endpoint)
   * @param options family, SO_REUSEPORT, SO_BROADCAST
   * @return a future of the transport and protocol
   * @throws NullPointerException if {@code protocolFactory} or {@code options} is null
   * @throws IllegalArgumentException if both addresses are null and no family is given
   *     (asyncio's "unexpected address family")
   * @throws UnsupportedOperationException for Unix datagram sockets (a
   *     {@code UnixDomainSocketAddress} or the UNIX family): JDK 17 has none
   */
  <P extends io.jasyncio.net.DatagramProtocol> Future<io.jasyncio.net.DatagramEndpoint<P>> createDatagramEndpoint(
      java.util.function.Supplier<P> protocolFactory, java.net.SocketAddress localAddr,
      java.net.SocketAddress remoteAddr, io.jasyncio.net.DatagramOptions options);

  /**
   * As {@link #createDatagramEndpoint(java.util.function.Supplier, java.net.SocketAddress,
   * java.net.SocketAddress, io.jasyncio.net.DatagramOptions)} with the default options.
   *
   * @param <P> the protocol type
   * @param protocolFactory makes the protocol
   * @param localAddr the address to bind, or null
   * @param remoteAddr the peer, or null
   * @return a future of the transport and protocol
   */
  <P extends io.jasyncio.net.DatagramProtocol> Future<io.jasyncio.net.DatagramEndpoint<P>> createDatagramEndpoint(
      java.util.function.Supplier<P> protocolFactory, java.net.SocketAddress localAddr,
      java.net.SocketAddress remoteAddr);

  /**
   * Connects a non-blocking {@code SocketChannel} (asyncio {@code sock_connect}); an unresolved
   * address is resolved on the default executor first. Cancelling leaves the channel
   * unconnected or connecting (close it; asyncio leaves the socket as it is too).
   *
   * @param channel a non-blocking, unconnected socket channel
   * @param address the address
   * @return a future completed once connected; fails with {@link java.net.ConnectException}
   */
  Future<Void> sockConnect(java.nio.channels.SocketChannel channel, java.net.SocketAddress address);

  /**
   * Accepts one connection (asyncio {@code sock_accept}); the accepted channel is non-blocking
   * and its {@code getRemoteAddress()} is asyncio's {@code address}. Cancelled: nothing accepted
   * (the connection stays in the backlog).
   *
   * @param channel a non-blocking, listening server channel
   * @return a future of the accepted channel
   */
  Future<java.nio.channels.SocketChannel> sockAccept(java.nio.channels.ServerSocketChannel channel);

  /**
   * Receives up to {@code nbytes} bytes (asyncio {@code sock_recv}); an empty array at EOF.
   * Cancelled: no byte consumed (the read happens only in the step that completes the future).
   *
   * @param channel a non-blocking readable channel (socket, connected datagram channel, pipe source)
   * @param nbytes the most to read, {@code >= 0}
   * @return a future of the bytes
   */
  Future<byte[]> sockRecv(java.nio.channels.SelectableChannel channel, int nbytes);

  /**
   * Receives into {@code buf} (asyncio {@code sock_recv_into}): at most {@code buf.remaining()}
   * bytes, the position advanced. Cancelled: {@code buf} untouched.
   *
   * @param channel a non-blocking readable channel
   * @param buf the buffer
   * @return a future of the count read, 0 at EOF
   */
  Future<Integer> sockRecvInto(java.nio.channels.SelectableChannel channel, java.nio.ByteBuffer buf);

  /**
   * Sends all of {@code data} (asyncio {@code sock_sendall}), waiting for the socket as needed.
   * Cancelled midway: the bytes sent are exactly those before {@code data.position()} (asyncio
   * leaves the count unknown); nothing more is sent.
   *
   * @param channel a non-blocking writable channel
   * @param data the bytes, position to limit; consumed as they are sent
   * @return a future completed when all are sent
   */
  Future<Void> sockSendall(java.nio.channels.SelectableChannel channel, java.nio.ByteBuffer data);

  /**
   * As {@link #sockSendall(java.nio.channels.SelectableChannel, java.nio.ByteBuffer)} for an
   * array (cancelled midway: an unknown prefix was sent, as in asyncio).
   *
   * @param channel a non-blocking writable channel
   * @param data the bytes
   * @return a future completed when all are sent
   */
  Future<Void> sockSendall(java.nio.channels.SelectableChannel channel, byte[] data);

  /**
   * Receives one datagram of at most {@code bufsize} bytes (asyncio {@code sock_recvfrom}; the
   * rest of a longer datagram is dropped, as {@code recvfrom}). Cancelled: nothing received.
   *
   * @param channel a non-blocking datagram channel
   * @param bufsize the most to keep, {@code >= 0}
   * @return a future of the data and sender
   */
  Future<io.jasyncio.net.Datagram> sockRecvfrom(java.nio.channels.DatagramChannel channel, int bufsize);

  /**
   * Sends one datagram to {@code address} (asyncio {@code sock_sendto}), waiting while the
   * socket has no room. Cancelled: the datagram was not sent.
   *
   * @param channel a non-blocking datagram channel
   * @param data the datagram, position to limit
   * @param address the destination
   * @return a future of the count sent
   */
  Future<Integer> sockSendto(java.nio.channels.DatagramChannel channel, java.nio.ByteBuffer data,
      java.net.SocketAddress address);

  /**
   * Sends {@code count} bytes of {@code file} from {@code offset} to the socket (asyncio
   * {@code sock_sendfile}) with {@link java.nio.channels.FileChannel#transferTo} (the kernel's
   * sendfile where the OS has one), waiting for the socket as needed. On completion the file's
   * position is {@code offset + sent}, as asyncio seeks. Cancelled midway: what was sent stays
   * sent, and the file position says how much.
   *
   * @param channel a non-blocking connected socket channel
   * @param file the file
   * @param offset where to start, {@code >= 0}
   * @param count how many bytes, {@code > 0}, or null for up to the end of the file
   * @return a future of the count sent
   */
  Future<Long> sockSendfile(java.nio.channels.SocketChannel channel, java.nio.channels.FileChannel file,
      long offset, Long count);

  /**
   * Sends a file over a transport (asyncio {@code loop.sendfile}). On a plain TCP or Unix
   * transport it waits for the write buffer to drain, pauses reading, refuses writes
   * ({@code write} throws "unable to write; sendfile is in progress") and sends with
   * {@code FileChannel.transferTo}; then reading resumes. Other transports (TLS, your own) take
   * asyncio's fallback: the file is read in chunks (up to 16 KiB, on the default executor) and
   * written with flow control — unless {@code fallback} is false, then the future fails with
   * {@link IllegalStateException} ("native sendfile is not supported"). The file's position ends
   * at {@code offset + sent}. Cancelled: what was sent stays sent (the file position says how
   * much); the transport is restored.
   *
   * @param transport the transport
   * @param file the file
   * @param offset where to start, {@code >= 0}
   * @param count how many bytes, {@code > 0}, or null for up to the end
   * @param fallback whether to read and write when the native way is not available
   * @return a future of the count sent
   * @throws IllegalStateException if the transport is closing
   */
  Future<Long> sendfile(io.jasyncio.net.Transport transport, java.nio.channels.FileChannel file,
      long offset, Long count, boolean fallback);

  /**
   * As {@link #sendfile(io.jasyncio.net.Transport, java.nio.channels.FileChannel, long, Long,
   * boolean)} with the fallback allowed.
   *
   * @param transport the transport
   * @param file the file
   * @param offset where to start
   * @param count how many bytes, or null for up to the end
   * @return a future of the count sent
   */
  Future<Long> sendfile(io.jasyncio.net.Transport transport, java.nio.channels.FileChannel file,
      long offset, Long count);

  /**
   * Reverse-resolves {@code address} on the default executor (asyncio {@code getnameinfo}).
   *
   * @param address a resolved address
   * @return a future of the host name (or the literal when none) and port
   * @throws IllegalArgumentException if {@code address} is unresolved
   */
  Future<io.jasyncio.net.NameInfo> getnameinfo(java.net.InetSocketAddress address);
  // ---- end issue 11 (udp) ----------------------------------------------------------------------
  // ---- subprocesses and signals (issue 12) ---------------------------------------------------

  /**
   * Starts {@code args} as a child process and wires a protocol from {@code protocolFactory} to
   * its transport (asyncio {@code subprocess_exec}). The child is started on a starter thread; the
   * protocol's {@code connectionMade} runs before any pipe callback and before the future
   * completes. See {@link io.jasyncio.process.SubprocessTransport} for return codes and signals.
   *
   * @param <P> the protocol type
   * @param protocolFactory makes the protocol (called on the loop thread)
   * @param args the program and its arguments
   * @param options the streams ({@link io.jasyncio.process.Stdio#PIPE} makes a pipe transport),
   *     cwd, env
   * @return a future of the transport and protocol; fails with an {@link java.io.IOException}
   *     naming the program if it cannot be started (nothing is left running)
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code args} is empty
   * @throws IllegalStateException if called off the loop thread while it runs, or the loop is
   *     closed
   */
  <P extends io.jasyncio.process.SubprocessProtocol>
      Future<io.jasyncio.process.SubprocessTransportAndProtocol<P>> subprocessExec(
          java.util.function.Supplier<P> protocolFactory, java.util.List<String> args,
          io.jasyncio.process.SubprocessOptions options);

  /**
   * As {@link #subprocessExec} for a shell command line ({@code /bin/sh -c cmd}) (asyncio
   * {@code subprocess_shell}).
   *
   * @param <P> the protocol type
   * @param protocolFactory makes the protocol
   * @param cmd the command line
   * @param options the streams, cwd, env
   * @return a future of the transport and protocol
   */
  <P extends io.jasyncio.process.SubprocessProtocol>
      Future<io.jasyncio.process.SubprocessTransportAndProtocol<P>> subprocessShell(
          java.util.function.Supplier<P> protocolFactory, String cmd,
          io.jasyncio.process.SubprocessOptions options);

  /**
   * Runs {@code callback} on this loop's thread whenever the JVM receives signal {@code sig}
   * (asyncio {@code add_signal_handler}; Unix, through the JDK's {@code sun.misc.Signal}). The
   * handler replaces the JVM's own for that signal (for INT, TERM and HUP: running the shutdown
   * hooks and exiting) until {@link #removeSignalHandler} or {@link #close()}, which restore the
   * handler that was there before. Adding a handler for a signal this loop already handles
   * replaces the callback. A callback that throws goes to the exception handler.
   *
   * <p><b>Differences from CPython:</b> signals are named ({@code "TERM"} or {@code "SIGTERM"}),
   * not numbered; one handler per signal in the JVM, so a signal another open loop handles is
   * refused ({@link IllegalStateException}) rather than taken over.
   *
   * @param sig the signal name
   * @param callback what to run
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the signal is unknown, or reserved by the JVM (QUIT,
   *     and any the JVM refuses: KILL, STOP, SEGV, ...); the message names it
   * @throws IllegalStateException if the loop is closed, or another loop handles {@code sig}
   * @throws UnsupportedOperationException where the JDK offers no signal handling
   */
  void addSignalHandler(String sig, Runnable callback);

  /**
   * Removes this loop's handler for {@code sig} and restores the one before it (asyncio
   * {@code remove_signal_handler}).
   *
   * @param sig the signal name
   * @return whether this loop had a handler for it
   * @throws IllegalArgumentException if the signal is unknown
   */
  boolean removeSignalHandler(String sig);

  /**
   * Submits a coroutine to this loop from any thread (asyncio
   * {@code run_coroutine_threadsafe}). The task is created on the loop thread; the returned
   * future is a plain {@code CompletableFuture} (not bound to a loop) completed on the loop
   * thread. Cancelling it cancels the task.
   *
   * @param <T> the result type
   * @param coro the work
   * @return a future of the task's outcome
   * @throws NullPointerException if {@code coro} is {@code null}
   * @throws IllegalStateException if the loop is closed
   */
  <T> CompletableFuture<T> runCoroutineThreadsafe(AsyncCallable<T> coro);
}
