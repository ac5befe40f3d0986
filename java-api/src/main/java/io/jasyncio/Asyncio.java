package io.jasyncio;

import io.jasyncio.spi.Checks;
import io.jasyncio.spi.Engine;
import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The asyncio module functions for Java: {@code Asyncio.run}, {@code Asyncio.sleep},
 * {@code Asyncio.createTask}, ...
 *
 * <p>Functions that need "the running loop" look it up on the calling thread and throw
 * {@link IllegalStateException} ({@code no running event loop}) when none runs there, as asyncio
 * raises {@code RuntimeError}. Futures they return complete on that loop's thread.
 *
 * <p>Kotlin code uses the suspend functions of {@code io.jasyncio.kotlin} instead
 * ({@code asyncioRun { }}, {@code sleep}, {@code createTask { }}), which work on the same objects.
 */
public final class Asyncio {
  private Asyncio() {}

  /** Lazily found engine. */
  private static final class EngineHolder {
    static final Engine ENGINE = load();

    private static Engine load() {
      Iterator<Engine> it = ServiceLoader.load(Engine.class, Asyncio.class.getClassLoader()).iterator();
      if (!it.hasNext()) {
        it = ServiceLoader.load(Engine.class).iterator();
      }
      if (!it.hasNext()) {
        throw new IllegalStateException(
            "no io.jasyncio.spi.Engine found: add the io.jasyncio:jasyncio artifact (the engine) to"
                + " the class path or module path");
      }
      return it.next();
    }
  }

  /**
   * The engine behind this facade. For the engine's own modules; not for application code.
   *
   * @return the engine
   */
  public static Engine engine() {
    return EngineHolder.ENGINE;
  }

  /**
   * Runs {@code main} on a new event loop on the calling thread and returns its result
   * (asyncio {@code asyncio.run}): creates a loop, runs {@code main} as a task until it is done,
   * cancels the tasks still pending and runs the loop until they have finished, shuts the default
   * executor down, and closes the loop. The loop keeps turning through the shutdown as CPython's
   * does, so callbacks already scheduled and timers already due when {@code main} returns still
   * run, whether or not there were tasks to cancel or an executor to shut down; see
   * {@link Runner#close()} for the exact steps.
   *
   * @param <T> the result type
   * @param main the main coroutine function
   * @return its result
   * @throws IllegalStateException if a loop is running on this thread (a nested {@code run}
   *     would deadlock)
   * @throws CancelledError if the main task was cancelled
   * @throws RuntimeException the main task's failure (a checked one wrapped in
   *     {@link java.util.concurrent.CompletionException})
   */
  public static <T> T run(AsyncCallable<T> main) {
    return run(main, Asyncio::newEventLoop);
  }

  /**
   * As {@link #run(AsyncCallable)} on a loop made by {@code loopFactory} (asyncio's
   * {@code loop_factory}); for example {@code () -> Asyncio.newEventLoop(new VirtualClock())}.
   *
   * @param <T> the result type
   * @param main the main coroutine function
   * @param loopFactory makes the loop
   * @return the result of {@code main}
   */
  public static <T> T run(AsyncCallable<T> main, Supplier<? extends EventLoop> loopFactory) {
    Objects.requireNonNull(main, "main");
    try (Runner runner = new Runner(loopFactory)) {
      return runner.run(main);
    }
  }

  /**
   * As {@link #run(AsyncCallable)} with debug mode on or off for the loop (asyncio's
   * {@code run(main, debug=True)}); see {@link EventLoop#setDebug(boolean)}.
   *
   * @param <T> the result type
   * @param main the main coroutine function
   * @param debug whether the loop runs in debug mode
   * @return the result of {@code main}
   */
  public static <T> T run(AsyncCallable<T> main, boolean debug) {
    return run(main, () -> {
      EventLoop loop = newEventLoop();
      loop.setDebug(debug);
      return loop;
    });
  }

  /**
   * @return the loop running on the calling thread
   * @throws IllegalStateException if no loop runs on this thread
   */
  public static EventLoop getRunningLoop() {
    EventLoop loop = engine().runningLoop();
    if (loop == null) {
      throw new IllegalStateException("no running event loop");
    }
    return loop;
  }

  /**
   * @return a new event loop on the monotonic clock
   */
  public static EventLoop newEventLoop() {
    return engine().newEventLoop(Clock.monotonic());
  }

  /**
   * @param clock the loop's clock, e.g. a {@link io.jasyncio.testing.VirtualClock}
   * @return a new event loop
   * @throws NullPointerException if {@code clock} is {@code null}
   */
  public static EventLoop newEventLoop(Clock clock) {
    return engine().newEventLoop(Objects.requireNonNull(clock, "clock"));
  }

  /**
   * A future of the running loop that completes with {@code null} after {@code seconds}.
   * {@code sleep(0)} completes in the next loop iteration, so a continuation attached to it runs
   * after every callback already scheduled: one yield. Cancelling the future cancels the timer.
   *
   * <p>{@code Double.POSITIVE_INFINITY}, and a delay past the loop clock's range (about 146
   * years), never complete by themselves: the future stays pending until cancelled, as
   * {@code asyncio.sleep(math.inf)}. A {@link io.jasyncio.testing.VirtualClock} never jumps to such
   * a sleep (see {@link EventLoop#callLater(double, Runnable)}).
   *
   * @param seconds the delay; negative ({@code -Infinity} too) counts as zero; {@code +Infinity}
   *     waits until cancelled
   * @return the future
   * @throws IllegalArgumentException if {@code seconds} is NaN
   * @throws IllegalStateException if no loop runs on this thread
   */
  public static Future<Void> sleep(double seconds) {
    return sleep(seconds, null);
  }

  /**
   * As {@link #sleep(double)}, completing with {@code result}.
   *
   * @param <T> the result type
   * @param seconds the delay; negative counts as zero; {@code +Infinity} waits until cancelled
   * @param result the result
   * @return the future
   * @throws IllegalArgumentException if {@code seconds} is NaN
   */
  public static <T> Future<T> sleep(double seconds, T result) {
    long nanos = Checks.delayNanos(seconds, "seconds");
    return engine().sleep(getRunningLoop(), nanos, result);
  }

  /**
   * As {@link #sleep(double)} with a {@link Duration}. A duration past the clock's range (say
   * {@code Duration.ofSeconds(Long.MAX_VALUE)}) waits until cancelled; it does not overflow.
   *
   * @param delay the delay; negative counts as zero
   * @return the future
   * @throws NullPointerException if {@code delay} is {@code null}
   */
  public static Future<Void> sleep(Duration delay) {
    return sleep(delay, null);
  }

  /**
   * As {@link #sleep(Duration)}, completing with {@code result}.
   *
   * @param <T> the result type
   * @param delay the delay; negative counts as zero
   * @param result the result
   * @return the future
   */
  public static <T> Future<T> sleep(Duration delay, T result) {
    long nanos = Checks.delayNanos(delay, "delay");
    return engine().sleep(getRunningLoop(), nanos, result);
  }

  /**
   * Schedules {@code coro} as a task on the running loop.
   *
   * @param <T> the result type
   * @param coro the work
   * @return the task
   * @throws IllegalStateException if no loop runs on this thread
   */
  public static <T> Task<T> createTask(AsyncCallable<T> coro) {
    return getRunningLoop().createTask(coro);
  }

  /**
   * Schedules {@code coro} as a task named {@code name} on the running loop.
   *
   * @param <T> the result type
   * @param coro the work
   * @param name the name, or {@code null} for {@code Task-N}
   * @return the task
   */
  public static <T> Task<T> createTask(AsyncCallable<T> coro, String name) {
    return getRunningLoop().createTask(coro, name);
  }

  /**
   * Returns {@code stage} if it is a future of the running loop, otherwise a future of the running
   * loop that completes (on the loop thread) as {@code stage} does. Cancelling that future cancels
   * {@code stage} when it is a {@code CompletableFuture}.
   *
   * @param <T> the result type
   * @param stage any stage
   * @return a future of the running loop
   */
  public static <T> Future<T> ensureFuture(CompletionStage<T> stage) {
    Objects.requireNonNull(stage, "stage");
    return engine().ensureFuture(getRunningLoop(), stage);
  }

  /**
   * Schedules {@code coro} as a task on the running loop (asyncio {@code ensure_future} of a
   * coroutine). Typed {@link Task}, as what it returns is one (name, cancel, uncancel).
   *
   * @param <T> the result type
   * @param coro the work
   * @return the task
   */
  public static <T> Task<T> ensureFuture(AsyncCallable<T> coro) {
    return createTask(coro);
  }

  /**
   * Runs blocking {@code func} on the running loop's default executor (asyncio
   * {@code to_thread}). Cancelling the future before {@code func} started means it never runs; a
   * call already running is not interrupted and its outcome is dropped (see
   * {@link EventLoop#runInExecutor}).
   *
   * @param <T> the result type
   * @param func the blocking work
   * @return a future of the running loop with its outcome
   */
  public static <T> Future<T> toThread(Callable<T> func) {
    return getRunningLoop().runInExecutor(null, func);
  }

  /**
   * As {@link #toThread}, except that cancelling the future while {@code func} runs interrupts
   * the thread running it (see {@link EventLoop#runInExecutorInterruptible}).
   *
   * @param <T> the result type
   * @param func the blocking work, which should answer an interrupt
   * @return a future of the running loop with its outcome
   */
  public static <T> Future<T> toThreadInterruptible(Callable<T> func) {
    return getRunningLoop().runInExecutorInterruptible(null, func);
  }

  /**
   * The task whose step is running. A Java task's step is the call of its {@link AsyncCallable};
   * continuations it attaches ({@code thenApply}, ...) run later as plain callbacks, outside any
   * task, as asyncio's done callbacks do. A Kotlin task's steps are its whole body, including code
   * after each suspension and Java code it calls.
   *
   * @return the task running on the calling thread's loop, or {@code null} when called outside a
   *     task (from a plain callback, or where no loop runs)
   */
  public static Task<?> currentTask() {
    EventLoop loop = engine().runningLoop();
    return loop == null ? null : engine().currentTask(loop);
  }

  /**
   * @return the pending tasks of the running loop
   * @throws IllegalStateException if no loop runs on this thread
   */
  public static Set<Task<?>> allTasks() {
    return engine().allTasks(getRunningLoop());
  }

  /**
   * @param loop a loop
   * @return the pending tasks of {@code loop}
   */
  public static Set<Task<?>> allTasks(EventLoop loop) {
    return engine().allTasks(Objects.requireNonNull(loop, "loop"));
  }

  /**
   * Submits {@code coro} to {@code loop} from any thread; see
   * {@link EventLoop#runCoroutineThreadsafe(AsyncCallable)}.
   *
   * @param <T> the result type
   * @param coro the work
   * @param loop the loop
   * @return a plain future of the outcome; cancelling it cancels the task
   */
  public static <T> CompletableFuture<T> runCoroutineThreadsafe(AsyncCallable<T> coro, EventLoop loop) {
    return Objects.requireNonNull(loop, "loop").runCoroutineThreadsafe(coro);
  }

  // ---- composition: gather, wait, waitFor, asCompleted, shield (issue 3) ----

  /**
   * Runs the awaitables concurrently and completes with their results in argument order (asyncio
   * {@code gather}). Each argument becomes a future of the running loop: a jasyncio future or
   * task of that loop is used as it is, any other {@link CompletionStage} is mirrored
   * ({@link #ensureFuture(CompletionStage)}). The same object passed twice is awaited once and its
   * result appears twice.
   *
   * <p>The first failure (or cancellation) of a child fails the returned future with that
   * exception at once; the other children keep running. Cancelling the returned future cancels
   * every child that is not done; it then ends cancelled. A child cancelled from outside fails the
   * gather with {@link CancelledError}. Completes on the loop thread.
   *
   * <p>Without a running loop on the calling thread, the loop of the first jasyncio future among
   * the arguments is used (as asyncio does). With no arguments at all, {@link #gather()} is
   * called: a done future of an empty list.
   *
   * @param <T> the result type
   * @param aws the awaitables: futures, tasks (Java or Kotlin), any {@code CompletionStage}
   * @return a future of the results, in argument order
   * @throws NullPointerException if {@code aws} or an element is {@code null} (the message names
   *     the index)
   * @throws IllegalArgumentException if an awaitable belongs to another event loop
   * @throws IllegalStateException if no loop can be found
   */
  @SafeVarargs
  public static <T> Future<java.util.List<T>> gather(CompletionStage<? extends T>... aws) {
    Objects.requireNonNull(aws, "aws");
    return castList(engine().gather(engine().runningLoop(), java.util.Arrays.asList(aws), false));
  }

  /**
   * Gathers nothing (asyncio {@code gather()} with no argument): a future of the running loop that
   * is already done with an empty list. Without this overload {@code gather()} would
   * be ambiguous between the two varargs forms. Cancelling it does nothing (it is done).
   *
   * @param <T> the (absent) result type, for the caller's target type
   * @return a done future of an empty list
   * @throws IllegalStateException if no loop runs on this thread (CPython 3.14 raises
   *     {@code RuntimeError} too when there is no event loop)
   */
  public static <T> Future<java.util.List<T>> gather() {
    return castList(engine().gather(getRunningLoop(), java.util.List.of(), false));
  }

  /**
   * As {@link #gather(CompletionStage[])} with Java coroutine functions: each one is scheduled as
   * a task of the running loop (asyncio wraps coroutines in tasks), in argument order.
   *
   * @param <T> the result type
   * @param coros the coroutine functions
   * @return a future of the results, in argument order
   * @throws IllegalStateException if no loop runs on this thread
   */
  @SafeVarargs
  public static <T> Future<java.util.List<T>> gather(AsyncCallable<? extends T>... coros) {
    return castList(engine().gather(getRunningLoop(), callables(coros), false));
  }

  /**
   * As {@link #gather(CompletionStage[])} with a collection, in its iteration order. An empty
   * collection gives a future that is already done with an empty list.
   *
   * @param <T> the result type
   * @param aws the awaitables
   * @return a future of the results, in iteration order
   */
  public static <T> Future<java.util.List<T>> gather(
      java.util.Collection<? extends CompletionStage<? extends T>> aws) {
    Objects.requireNonNull(aws, "aws");
    java.util.List<Object> list = new java.util.ArrayList<>(aws);
    return castList(engine().gather(engine().runningLoop(), list, false));
  }

  /**
   * As {@link #gather(CompletionStage[])}; with {@code returnExceptions} true (asyncio's
   * {@code return_exceptions=True}) a failed child puts its exception in the list instead of
   * failing the gather, and a cancelled child puts its {@link CancelledError} there. The gather
   * then always waits for every child. If the gather itself was cancelled, it ends cancelled.
   *
   * @param returnExceptions whether failures become list elements
   * @param aws the awaitables
   * @return a future of the results or exceptions, in argument order
   */
  public static Future<java.util.List<Object>> gather(
      boolean returnExceptions, CompletionStage<?>... aws) {
    Objects.requireNonNull(aws, "aws");
    return engine().gather(engine().runningLoop(), java.util.Arrays.asList(aws), returnExceptions);
  }

  /**
   * Gathers nothing with {@code returnExceptions} (asyncio
   * {@code gather(return_exceptions=...)} with no awaitable): a done future of an empty list, as
   * {@link #gather()}; the flag has nothing to act on. Without this overload the call would be
   * ambiguous between the two varargs forms.
   *
   * @param returnExceptions whether failures would become list elements
   * @return a done future of an empty list
   * @throws IllegalStateException if no loop runs on this thread
   */
  public static Future<java.util.List<Object>> gather(boolean returnExceptions) {
    return engine().gather(getRunningLoop(), java.util.List.of(), returnExceptions);
  }

  /**
   * As {@link #gather(boolean, CompletionStage[])} with Java coroutine functions, each scheduled
   * as a task of the running loop.
   *
   * @param returnExceptions whether failures become list elements
   * @param coros the coroutine functions
   * @return a future of the results or exceptions, in argument order
   */
  public static Future<java.util.List<Object>> gather(
      boolean returnExceptions, AsyncCallable<?>... coros) {
    return engine().gather(getRunningLoop(), callables(coros), returnExceptions);
  }

  /**
   * As {@link #gather(boolean, CompletionStage[])} with a collection, in its iteration order.
   *
   * @param aws the awaitables
   * @param returnExceptions whether failures become list elements
   * @return a future of the results or exceptions, in iteration order
   */
  public static Future<java.util.List<Object>> gather(
      java.util.Collection<? extends CompletionStage<?>> aws, boolean returnExceptions) {
    Objects.requireNonNull(aws, "aws");
    java.util.List<Object> list = new java.util.ArrayList<>(aws);
    return engine().gather(engine().runningLoop(), list, returnExceptions);
  }

  /**
   * Waits until every awaitable is done (asyncio {@code wait} with {@code ALL_COMPLETED} and no
   * timeout). See {@link #wait(java.util.Collection, double, ReturnWhen)}.
   *
   * @param <F> the awaitables' type
   * @param aws the futures or tasks
   * @return a future of the done and pending sets
   */
  public static <F extends CompletionStage<?>> Future<WaitResult<F>> wait(
      java.util.Collection<F> aws) {
    return waitNanos(aws, -1, ReturnWhen.ALL_COMPLETED);
  }

  /**
   * Waits without a timeout until {@code returnWhen} holds. See
   * {@link #wait(java.util.Collection, double, ReturnWhen)}.
   *
   * @param <F> the awaitables' type
   * @param aws the futures or tasks
   * @param returnWhen when to return
   * @return a future of the done and pending sets
   */
  public static <F extends CompletionStage<?>> Future<WaitResult<F>> wait(
      java.util.Collection<F> aws, ReturnWhen returnWhen) {
    return waitNanos(aws, -1, returnWhen);
  }

  /**
   * Waits at most {@code timeout} seconds until every awaitable is done. See
   * {@link #wait(java.util.Collection, double, ReturnWhen)}.
   *
   * @param <F> the awaitables' type
   * @param aws the futures or tasks
   * @param timeout seconds; negative ({@code -Infinity} too) counts as zero, {@code +Infinity}
   *     means no timeout
   * @return a future of the done and pending sets
   */
  public static <F extends CompletionStage<?>> Future<WaitResult<F>> wait(
      java.util.Collection<F> aws, double timeout) {
    return waitNanos(aws, timeoutNanos(timeout), ReturnWhen.ALL_COMPLETED);
  }

  /**
   * Waits for the awaitables until {@code returnWhen} holds or {@code timeout} seconds passed
   * (asyncio {@code wait}), and completes with the {@link WaitResult done and pending} sets.
   *
   * <p>Like asyncio since 3.11, {@code wait} takes futures and tasks, not coroutine functions:
   * schedule an {@link AsyncCallable} with {@link #createTask(AsyncCallable)} first (the type
   * system enforces it). A {@code CompletionStage} that is not a future of this loop is mirrored
   * for the wait, but the returned sets hold the objects passed in. Duplicates count once.
   *
   * <p>Nothing is cancelled: on timeout the pending ones keep running, and cancelling the returned
   * future only stops waiting. A timeout is not an error: the future completes normally with the
   * pending ones in {@code pending()}. Completes on the loop thread.
   *
   * <p>The timeout starts at this call. The sets are taken one loop iteration after the condition
   * held or the timeout expired (where asyncio's waiter resumes), so everything that finished in
   * that iteration is in {@code done()}: a task that sleeps exactly as long as the timeout is done,
   * not pending (CPython may report it pending and not done; both are consistent, jasyncio's rule
   * is the same for every {@code returnWhen}). Stages attached to the returned future run in the
   * step that takes the sets, so nothing in {@code pending()} is done when they look.
   *
   * @param <F> the awaitables' type
   * @param aws the futures or tasks; must not be empty
   * @param timeout seconds; negative ({@code -Infinity} too) counts as zero, {@code +Infinity}
   *     means no timeout
   * @param returnWhen when to return
   * @return a future of the done and pending sets
   * @throws NullPointerException if {@code aws}, an element or {@code returnWhen} is null
   * @throws IllegalArgumentException if {@code aws} is empty (asyncio's {@code ValueError}), if
   *     {@code timeout} is NaN, or if an awaitable belongs to another loop
   * @throws IllegalStateException if no loop can be found
   */
  public static <F extends CompletionStage<?>> Future<WaitResult<F>> wait(
      java.util.Collection<F> aws, double timeout, ReturnWhen returnWhen) {
    return waitNanos(aws, timeoutNanos(timeout), returnWhen);
  }

  /**
   * As {@link #wait(java.util.Collection, double)} with a {@link Duration}.
   *
   * @param <F> the awaitables' type
   * @param aws the futures or tasks
   * @param timeout the timeout; {@code null} means none, negative counts as zero
   * @return a future of the done and pending sets
   */
  public static <F extends CompletionStage<?>> Future<WaitResult<F>> wait(
      java.util.Collection<F> aws, Duration timeout) {
    return waitNanos(aws, timeoutNanos(timeout), ReturnWhen.ALL_COMPLETED);
  }

  /**
   * As {@link #wait(java.util.Collection, double, ReturnWhen)} with a {@link Duration}.
   *
   * @param <F> the awaitables' type
   * @param aws the futures or tasks
   * @param timeout the timeout; {@code null} means none, negative counts as zero
   * @param returnWhen when to return
   * @return a future of the done and pending sets
   */
  public static <F extends CompletionStage<?>> Future<WaitResult<F>> wait(
      java.util.Collection<F> aws, Duration timeout, ReturnWhen returnWhen) {
    return waitNanos(aws, timeoutNanos(timeout), returnWhen);
  }

  private static <F extends CompletionStage<?>> Future<WaitResult<F>> waitNanos(
      java.util.Collection<F> aws, long nanos, ReturnWhen returnWhen) {
    Objects.requireNonNull(aws, "aws");
    Objects.requireNonNull(returnWhen, "returnWhen");
    return engine().wait(engine().runningLoop(), aws, nanos, returnWhen);
  }

  /**
   * Waits for {@code aw} at most {@code timeout} seconds (asyncio {@code wait_for}).
   *
   * <p>If {@code aw} finishes in time, the returned future completes with its outcome. Otherwise
   * {@code aw} is cancelled, the wait goes on until it has <em>finished</em> cancelling (its
   * {@code finally} blocks ran), and the returned future then fails with {@link TimeoutError}
   * whose cause is the {@link CancelledError}; if {@code aw} suppressed the cancellation and
   * finished anyway, its outcome is returned instead (CPython 3.12+). With a timeout of zero or
   * less, a done {@code aw} gives its outcome at once and a pending one is cancelled as above.
   *
   * <p>Cancelling the returned future cancels {@code aw} (as awaiting it would) and ends the
   * returned future cancelled at once. A task awaiting this future that is cancelled in the same
   * iteration in which {@code aw} finishes still ends cancelled: the cancellation is never
   * swallowed. Completes on the loop thread.
   *
   * @param <T> the result type
   * @param aw the awaitable: a future, a task (Java or Kotlin) or any {@code CompletionStage}
   * @param timeout seconds; negative ({@code -Infinity} too) counts as zero, {@code +Infinity}
   *     means no timeout
   * @return a future of {@code aw}'s result
   * @throws NullPointerException if {@code aw} is {@code null}
   * @throws IllegalArgumentException if {@code timeout} is NaN, or if
   *     {@code aw} belongs to another loop
   */
  public static <T> Future<T> waitFor(CompletionStage<T> aw, double timeout) {
    Objects.requireNonNull(aw, "aw");
    return engine().waitFor(engine().runningLoop(), aw, timeoutNanos(timeout));
  }

  /**
   * As {@link #waitFor(CompletionStage, double)} with a {@link Duration}.
   *
   * @param <T> the result type
   * @param aw the awaitable
   * @param timeout the timeout; {@code null} means none, negative counts as zero
   * @return a future of {@code aw}'s result
   */
  public static <T> Future<T> waitFor(CompletionStage<T> aw, Duration timeout) {
    Objects.requireNonNull(aw, "aw");
    return engine().waitFor(engine().runningLoop(), aw, timeoutNanos(timeout));
  }

  /**
   * As {@link #waitFor(CompletionStage, double)} for a Java coroutine function, scheduled as a
   * task of the running loop first. With a timeout of zero the task is cancelled before its first
   * step and the result is a {@link TimeoutError}, as in asyncio.
   *
   * @param <T> the result type
   * @param coro the coroutine function
   * @param timeout seconds; negative ({@code -Infinity} too) counts as zero, {@code +Infinity}
   *     means no timeout
   * @return a future of the result
   */
  public static <T> Future<T> waitFor(AsyncCallable<T> coro, double timeout) {
    Objects.requireNonNull(coro, "coro");
    long nanos = timeoutNanos(timeout);
    return engine().waitFor(getRunningLoop(), coro, nanos);
  }

  /**
   * As {@link #waitFor(AsyncCallable, double)} with a {@link Duration}.
   *
   * @param <T> the result type
   * @param coro the coroutine function
   * @param timeout the timeout; {@code null} means none, negative counts as zero
   * @return a future of the result
   */
  public static <T> Future<T> waitFor(AsyncCallable<T> coro, Duration timeout) {
    Objects.requireNonNull(coro, "coro");
    long nanos = timeoutNanos(timeout);
    return engine().waitFor(getRunningLoop(), coro, nanos);
  }

  /**
   * The awaitables' outcomes in the order they finish, without a timeout (asyncio
   * {@code as_completed}); see {@link AsCompleted}.
   *
   * @param <T> the result type
   * @param aws the awaitables: futures, tasks or any {@code CompletionStage}; may be empty
   * @return the iteration
   * @throws NullPointerException if {@code aws} or an element is {@code null}
   * @throws IllegalArgumentException if an awaitable belongs to another loop
   */
  public static <T> AsCompleted<T> asCompleted(
      java.util.Collection<? extends CompletionStage<? extends T>> aws) {
    Objects.requireNonNull(aws, "aws");
    return engine().asCompleted(engine().runningLoop(), aws, -1);
  }

  /**
   * As {@link #asCompleted(java.util.Collection)}; when {@code timeout} seconds have passed, every
   * future not yet completed by the iteration fails with {@link TimeoutError} (the awaitables keep
   * running).
   *
   * @param <T> the result type
   * @param aws the awaitables
   * @param timeout seconds; negative ({@code -Infinity} too) counts as zero, {@code +Infinity}
   *     means no timeout
   * @return the iteration
   */
  public static <T> AsCompleted<T> asCompleted(
      java.util.Collection<? extends CompletionStage<? extends T>> aws, double timeout) {
    Objects.requireNonNull(aws, "aws");
    return engine().asCompleted(engine().runningLoop(), aws, timeoutNanos(timeout));
  }

  /**
   * As {@link #asCompleted(java.util.Collection, double)} with a {@link Duration}.
   *
   * @param <T> the result type
   * @param aws the awaitables
   * @param timeout the timeout; {@code null} means none, negative counts as zero
   * @return the iteration
   */
  public static <T> AsCompleted<T> asCompleted(
      java.util.Collection<? extends CompletionStage<? extends T>> aws, Duration timeout) {
    Objects.requireNonNull(aws, "aws");
    return engine().asCompleted(engine().runningLoop(), aws, timeoutNanos(timeout));
  }

  /**
   * Protects {@code aw} from cancellation (asyncio {@code shield}): the returned future completes
   * as {@code aw} does, but cancelling it does not cancel {@code aw}, which keeps running. If
   * {@code aw} itself is cancelled (from elsewhere), the returned future is cancelled too. If
   * {@code aw} is already done, it is returned as it is (a mirror if it is not a future of the
   * loop). Completes on the loop thread.
   *
   * @param <T> the result type
   * @param aw the awaitable
   * @return the shielding future
   * @throws NullPointerException if {@code aw} is {@code null}
   * @throws IllegalArgumentException if {@code aw} belongs to another loop
   */
  public static <T> Future<T> shield(CompletionStage<T> aw) {
    Objects.requireNonNull(aw, "aw");
    return engine().shield(engine().runningLoop(), aw);
  }

  /**
   * As {@link #shield(CompletionStage)} for a Java coroutine function, scheduled as a task of the
   * running loop first.
   *
   * @param <T> the result type
   * @param coro the coroutine function
   * @return the shielding future
   */
  public static <T> Future<T> shield(AsyncCallable<T> coro) {
    Objects.requireNonNull(coro, "coro");
    return engine().shield(getRunningLoop(), coro);
  }

  // ---- chain-style loops -------------------------------------------------------------------

  /**
   * A {@code do { } while (...)} loop for chain-style code: calls {@code body}, waits for the
   * stage it returns, and calls it again while that stage completes with {@code true}; the returned
   * future completes with {@code null} after an iteration completes with {@code false}. asyncio
   * needs no such helper (a coroutine writes {@code while}), nor does Kotlin or a direct-style body
   * ({@link DirectCallable}); a chain of stages otherwise loops by recursion, and a recursive chain
   * keeps one pending stage per iteration alive until the last iteration ends, as a
   * {@link CompletableFuture} chain does. This loop keeps nothing of a finished iteration: memory is
   * constant in the number of iterations, and an iteration whose stage is already done goes on in
   * the same frame (constant stack).
   *
   * <p>The first iteration runs at once, on the calling thread, which must run the loop; the next
   * ones run on the loop thread as continuations of the previous iteration's stage, in the order
   * and step a stage of a chain would run ({@code Asyncio.currentTask()} is the task whose step
   * started the loop). The returned future completes on the loop thread.
   *
   * <p><b>Failure:</b> an iteration that throws, or whose stage fails, ends the loop with that
   * exception (the original, not a {@code CompletionException}). An iteration whose stage completes
   * with {@code null}, or a body that returns {@code null}, ends it with a
   * {@link NullPointerException} that says so.
   *
   * <p><b>Cancellation:</b> cancelling the returned future (or the task whose body returned it)
   * cancels the stage the running iteration waits for, wherever that stage is in the iteration's
   * chain, so the wait it is suspended in (a {@code getAsync}, an {@code acquireAsync}, a sleep) is
   * withdrawn and consumes nothing; the {@link CancelledError} comes back through the iteration's
   * stages ({@code whenComplete}, {@code handle} and {@code exceptionally} see it; a {@code handle}
   * that recovers ends the iteration normally and the loop goes on, as a coroutine that catches
   * {@code CancelledError} does). A cancel that lands while the body itself runs reaches the stage
   * it returns.
   *
   * @param body the iteration: returns a stage that completes with {@code true} to go on, {@code
   *     false} to stop
   * @return the loop's future
   * @throws NullPointerException if {@code body} is {@code null}
   * @throws IllegalStateException if no loop is running on this thread
   */
  public static Future<Void> doWhile(Supplier<? extends CompletionStage<Boolean>> body) {
    Objects.requireNonNull(body, "body");
    return engine().doWhile(getRunningLoop(), body);
  }

  /**
   * A counted loop for chain-style code ({@code for (int i = 0; i < times; i++)}): calls {@code
   * body} with 0, 1, ..., {@code times - 1}, each time after the stage the previous call returned
   * completed, and completes with {@code null} after the last one. What the iteration's stage
   * completes with is ignored. The rest of the contract (memory, stack, order, threads, failure,
   * cancellation) is {@link #doWhile}'s. Kotlin writes {@code repeat(times) { i -> ... }} in a
   * coroutine.
   *
   * @param times the number of iterations; 0 completes at once
   * @param body the iteration, given its index
   * @return the loop's future
   * @throws NullPointerException if {@code body} is {@code null}
   * @throws IllegalArgumentException if {@code times} is negative
   * @throws IllegalStateException if no loop is running on this thread
   */
  public static Future<Void> repeat(
      int times, java.util.function.IntFunction<? extends CompletionStage<?>> body) {
    Objects.requireNonNull(body, "body");
    if (times < 0) {
      throw new IllegalArgumentException("times must be at least 0, got " + times);
    }
    return engine().repeat(getRunningLoop(), times, body);
  }

  /**
   * Seconds to nanoseconds for a timeout: -1 for none (+Infinity), 0 for zero or less
   * (-Infinity too, as for {@link #sleep} and {@link EventLoop#callLater}; asyncio times out at
   * once).
   */
  private static long timeoutNanos(double timeout) {
    if (timeout == Double.POSITIVE_INFINITY) {
      return -1;
    }
    if (Double.isNaN(timeout)) {
      throw new IllegalArgumentException(
          "timeout must be a number of seconds or +Infinity (no timeout), got NaN");
    }
    return timeout <= 0 ? 0 : Checks.delayNanos(timeout, "timeout");
  }

  /** A Duration timeout in nanoseconds: -1 for none (null), 0 for zero or negative. */
  private static long timeoutNanos(Duration timeout) {
    return timeout == null ? -1 : Checks.delayNanos(timeout, "timeout");
  }

  /** The coroutine functions as a list; a null one fails before any task is created. */
  private static java.util.List<Object> callables(AsyncCallable<?>[] coros) {
    Objects.requireNonNull(coros, "coros");
    for (int i = 0; i < coros.length; i++) {
      Objects.requireNonNull(coros[i], "coros[" + i + "]");
    }
    return java.util.Arrays.asList((Object[]) coros);
  }

  @SuppressWarnings("unchecked")
  private static <T> Future<java.util.List<T>> castList(Future<java.util.List<Object>> f) {
    return (Future<java.util.List<T>>) (Future<?>) f;
  }

  // ---- timeouts, TaskGroup, eager tasks, introspection (issue 3) ----

  /**
   * A {@link Timeout} that expires {@code delay} seconds from now on the running loop (asyncio
   * {@code asyncio.timeout(delay)}), not yet entered: pass the body to {@link Timeout#enter}.
   * Negative or zero: expires at the next loop iteration once entered;
   * {@code Double.POSITIVE_INFINITY}: never (as CPython's {@code loop.time() + inf}).
   *
   * @param delay seconds from now
   * @return the timeout
   * @throws IllegalArgumentException if {@code delay} is NaN
   * @throws IllegalStateException if no loop runs on this thread
   */
  public static Timeout timeout(double delay) {
    if (Double.isNaN(delay)) {
      throw new IllegalArgumentException("delay must be a number of seconds, got NaN");
    }
    EventLoop loop = getRunningLoop();
    return engine().newTimeout(loop, loop.time() + delay);
  }

  /**
   * As {@link #timeout(double)} with a {@link Duration}; {@code null} is no deadline (asyncio
   * {@code asyncio.timeout(None)}): a scope that never expires by itself but whose deadline can be
   * set later with {@link Timeout#reschedule}, from the body or from another task or callback of
   * the loop. Its {@link Timeout#when()} is {@code null} until then. As in asyncio, it still needs
   * a running loop. {@code Asyncio.timeout(null)} resolves to this overload.
   *
   * @param delay time from now, negative counting as zero; or {@code null} for no deadline
   * @return the timeout
   * @throws IllegalStateException if no loop runs on this thread
   */
  public static Timeout timeout(Duration delay) {
    EventLoop loop = getRunningLoop();
    if (delay == null) {
      return engine().newTimeout(loop, null);
    }
    long nanos = Checks.delayNanos(delay, "delay");
    return engine().newTimeout(loop, loop.time() + nanos / 1e9);
  }

  /**
   * A {@link Timeout} that expires at {@code when} in the running loop's time (asyncio
   * {@code asyncio.timeout_at(when)}), not yet entered. {@code null} is no deadline (asyncio
   * {@code timeout_at(None)}), as {@code timeout((Duration) null)}: it can be
   * {@link Timeout#reschedule rescheduled} once entered.
   *
   * @param when the deadline ({@link EventLoop#time()} scale), or {@code null} for never
   * @return the timeout
   * @throws IllegalArgumentException if {@code when} is NaN
   * @throws IllegalStateException if no loop runs on this thread
   */
  public static Timeout timeoutAt(Double when) {
    if (when != null && when.isNaN()) {
      throw new IllegalArgumentException("when must be a time in seconds, got NaN");
    }
    return engine().newTimeout(getRunningLoop(), when);
  }

  /**
   * Runs {@code body} under a timeout of {@code delay}: {@code timeout(delay).enter(body)}. The
   * future fails with {@link TimeoutError} (cause: the {@link CancelledError} that stopped the
   * body) if the deadline passed; see {@link Timeout} for the whole contract.
   *
   * @param <T> the result type
   * @param delay time from now, negative counting as zero; or {@code null} for no deadline (to
   *     set one later, keep the handle: {@code timeout(null)}, then {@code enter(body)})
   * @param body the work to guard, called now on the loop thread
   * @return a future of the running loop with the body's outcome
   * @throws NullPointerException if {@code body} is {@code null}
   */
  public static <T> Future<T> timeout(Duration delay, AsyncCallable<T> body) {
    Objects.requireNonNull(body, "body");
    return timeout(delay).enter(body);
  }

  /**
   * As {@link #timeout(Duration, AsyncCallable)} with seconds.
   *
   * @param <T> the result type
   * @param delay seconds from now
   * @param body the work to guard
   * @return a future of the running loop with the body's outcome
   * @throws IllegalArgumentException if {@code delay} is NaN
   */
  public static <T> Future<T> timeout(double delay, AsyncCallable<T> body) {
    Objects.requireNonNull(body, "body");
    return timeout(delay).enter(body);
  }

  /**
   * As {@link #timeout(Duration, AsyncCallable)} with a deadline in the loop's time.
   *
   * @param <T> the result type
   * @param when the deadline, or {@code null} for never
   * @param body the work to guard
   * @return a future of the running loop with the body's outcome
   */
  public static <T> Future<T> timeoutAt(Double when, AsyncCallable<T> body) {
    Objects.requireNonNull(body, "body");
    return timeoutAt(when).enter(body);
  }

  /**
   * Runs a {@link TaskGroup} on the running loop (asyncio {@code async with TaskGroup() as tg}):
   * calls {@code body} now on the loop thread with the new group, and returns a future that
   * completes with {@code null} once the body's stage and every task of the group are done, or
   * fails with {@link TaskGroupException} (every failure) or {@link CancelledError}. See
   * {@link TaskGroup} for the semantics.
   *
   * <p>Cancelling the returned future cancels the group from outside: the tasks and the body's
   * stage are cancelled, and the future completes (cancelled, or with the tasks' errors) once
   * they are done; {@code cancel} returns {@code true} before that, as {@link Task#cancel} does.
   *
   * @param body the body
   * @return a future of the running loop
   * @throws NullPointerException if {@code body} is {@code null}
   * @throws IllegalStateException if no loop runs on this thread
   */
  public static Future<Void> taskGroup(TaskGroupBody body) {
    Objects.requireNonNull(body, "body");
    return engine().taskGroup(getRunningLoop(), body);
  }

  /**
   * Creates a task on the running loop, starting it eagerly if {@code eagerStart} (CPython 3.12
   * {@code create_task(..., eager_start=True)}): the first step (the call of {@code coro}) runs
   * now, synchronously, with the new task as current task; if the stage it returns is already
   * complete, the task is done when this returns and is never scheduled. Otherwise the task goes
   * on as usual. When the caller is not on the loop thread, the task starts normally.
   * {@code eagerStart == false} starts it normally whatever {@link #setEagerTaskStart} says.
   *
   * @param <T> the result type
   * @param coro the work
   * @param name the name, or {@code null} for {@code Task-N}
   * @param eagerStart whether to run the first step now
   * @return the task
   * @throws NullPointerException if {@code coro} is {@code null}
   * @throws IllegalStateException if no loop runs on this thread
   */
  public static <T> Task<T> createTask(AsyncCallable<T> coro, String name, boolean eagerStart) {
    Objects.requireNonNull(coro, "coro");
    return engine().createTask(getRunningLoop(), coro, name, eagerStart);
  }

  /**
   * Makes every task created on {@code loop} from now on (Java and Kotlin, TaskGroup children
   * included) start eagerly, as with CPython's
   * {@code loop.set_task_factory(asyncio.eager_task_factory)}; {@code false} restores the default
   * (the first step runs in a later iteration). Eager start can change the order in which tasks
   * run: a task that finishes in its first step never yields to the loop.
   *
   * @param loop the loop
   * @param eager whether tasks start eagerly
   * @throws NullPointerException if {@code loop} is {@code null}
   */
  public static void setEagerTaskStart(EventLoop loop, boolean eager) {
    engine().setEagerTaskStart(Objects.requireNonNull(loop, "loop"), eager);
  }

  /**
   * @param loop the loop
   * @return whether tasks created on {@code loop} start eagerly
   * @throws NullPointerException if {@code loop} is {@code null}
   */
  public static boolean isEagerTaskStart(EventLoop loop) {
    return engine().isEagerTaskStart(Objects.requireNonNull(loop, "loop"));
  }

  /**
   * The call graph of {@code future} (CPython 3.14 {@code asyncio.capture_call_graph}): what it
   * awaits, its coroutine stack when known, and the tasks awaiting it, recursively. See
   * {@link CallGraph} for what is known. Must be called on the future's loop thread.
   *
   * @param future a future or task of the running loop
   * @return the snapshot
   * @throws NullPointerException if {@code future} is {@code null}
   * @throws IllegalArgumentException if {@code future} is not a jasyncio future
   * @throws IllegalStateException if the caller is not on the future's loop thread
   */
  public static CallGraph captureCallGraph(Future<?> future) {
    return engine().captureCallGraph(Objects.requireNonNull(future, "future"));
  }

  /**
   * The call graph of the current task, or {@code null} outside a task.
   *
   * @return the snapshot, or {@code null}
   */
  public static CallGraph captureCallGraph() {
    Task<?> t = currentTask();
    return t == null ? null : captureCallGraph(t);
  }

  /**
   * {@link #captureCallGraph(Future)} as text (CPython 3.14 {@code asyncio.format_call_graph}):
   * <pre>
   * * Task 'worker' (id 2) awaiting Future[pending]
   *   + call stack:
   *   |   at app.WorkerKt.work(Worker.kt:12)
   *   + awaited by:
   *     * Task 'main' (id 1) awaiting Task 'worker'
   * </pre>
   *
   * @param future a future or task of the running loop
   * @return the text, lines separated by {@code \n}
   */
  public static String formatCallGraph(Future<?> future) {
    return engine().formatCallGraph(captureCallGraph(future));
  }

  /**
   * A table of the running loop's pending tasks, as {@code python -m asyncio ps} prints it: task
   * id, name, what it awaits, the innermost coroutine frames (Kotlin tasks), and the tasks
   * awaiting it.
   *
   * @return the table, lines separated by {@code \n}
   * @throws IllegalStateException if no loop runs on this thread
   */
  public static String dumpTasks() {
    return engine().dumpTasks(getRunningLoop());
  }

  /**
   * As {@link #dumpTasks()} for {@code loop}; from another thread while the loop runs, the
   * snapshot is taken on the loop thread (waiting up to 10 seconds).
   *
   * @param loop the loop
   * @return the table
   * @throws NullPointerException if {@code loop} is {@code null}
   */
  public static String dumpTasks(EventLoop loop) {
    return engine().dumpTasks(Objects.requireNonNull(loop, "loop"));
  }

  // ---- streams (issue 10): the asyncio names, delegating to io.jasyncio.net.Streams ----

  /**
   * asyncio {@code open_connection}: see {@link io.jasyncio.net.Streams#openConnection(String, int)}.
   *
   * @param host a host name or address literal
   * @param port the port, 0-65535
   * @return a future of the reader and writer
   */
  public static Future<io.jasyncio.net.StreamConnection> openConnection(String host, int port) {
    return io.jasyncio.net.Streams.openConnection(host, port);
  }

  /**
   * asyncio {@code open_connection(host, port, limit=...)}.
   *
   * @param host a host name or address literal
   * @param port the port
   * @param limit the reader's limit, positive
   * @return a future of the reader and writer
   */
  public static Future<io.jasyncio.net.StreamConnection> openConnection(String host, int port, int limit) {
    return io.jasyncio.net.Streams.openConnection(host, port, limit);
  }

  // ---- TLS (issue 11) ----

  /**
   * asyncio {@code open_connection(host, port, ssl=..., ...)}: see
   * {@link io.jasyncio.net.Streams#openConnection(String, int, io.jasyncio.net.ConnectionOptions)}.
   *
   * @param host a host name or address literal
   * @param port the port
   * @param options TLS, the reader's limit, the local address
   * @return a future of the reader and writer
   */
  public static Future<io.jasyncio.net.StreamConnection> openConnection(
      String host, int port, io.jasyncio.net.ConnectionOptions options) {
    return io.jasyncio.net.Streams.openConnection(host, port, options);
  }

  /**
   * asyncio {@code start_server}: see {@link io.jasyncio.net.Streams#startServer}.
   *
   * @param clientConnected the handler, run as a task per connection
   * @param host the address to listen on; null for every interface
   * @param port the port, 0 for an ephemeral one
   * @return a future of the server
   */
  public static Future<io.jasyncio.net.Server> startServer(
      io.jasyncio.net.ClientConnected clientConnected, String host, int port) {
    return io.jasyncio.net.Streams.startServer(clientConnected, host, port);
  }

  /**
   * asyncio {@code start_server} with options.
   *
   * @param clientConnected the handler
   * @param host the address to listen on; null for every interface
   * @param port the port
   * @param options the options
   * @return a future of the server
   */
  public static Future<io.jasyncio.net.Server> startServer(
      io.jasyncio.net.ClientConnected clientConnected, String host, int port,
      io.jasyncio.net.ServerOptions options) {
    return io.jasyncio.net.Streams.startServer(clientConnected, host, port, options);
  }

  /**
   * asyncio {@code open_unix_connection}.
   *
   * @param path the socket path
   * @return a future of the reader and writer
   */
  public static Future<io.jasyncio.net.StreamConnection> openUnixConnection(java.nio.file.Path path) {
    return io.jasyncio.net.Streams.openUnixConnection(path);
  }

  /**
   * asyncio {@code start_unix_server}.
   *
   * @param clientConnected the handler
   * @param path the socket path; must not exist
   * @return a future of the server
   */
  public static Future<io.jasyncio.net.Server> startUnixServer(
      io.jasyncio.net.ClientConnected clientConnected, java.nio.file.Path path) {
    return io.jasyncio.net.Streams.startUnixServer(clientConnected, path);
  }

  // ---- subprocesses (issue 12): the asyncio names, delegating to io.jasyncio.process.Subprocesses ----

  /**
   * asyncio {@code create_subprocess_exec}: see
   * {@link io.jasyncio.process.Subprocesses#createSubprocessExec(io.jasyncio.process.SubprocessOptions, String, String...)}.
   *
   * @param options the streams, cwd, env and limit
   * @param program the program
   * @param args its arguments
   * @return a future of the process
   */
  public static Future<io.jasyncio.process.Subprocess> createSubprocessExec(
      io.jasyncio.process.SubprocessOptions options, String program, String... args) {
    return io.jasyncio.process.Subprocesses.createSubprocessExec(options, program, args);
  }

  /**
   * asyncio {@code create_subprocess_shell}: see
   * {@link io.jasyncio.process.Subprocesses#createSubprocessShell(io.jasyncio.process.SubprocessOptions, String)}.
   *
   * @param options the streams, cwd, env and limit
   * @param cmd the shell command line
   * @return a future of the process
   */
  public static Future<io.jasyncio.process.Subprocess> createSubprocessShell(
      io.jasyncio.process.SubprocessOptions options, String cmd) {
    return io.jasyncio.process.Subprocesses.createSubprocessShell(options, cmd);
  }

  // ---- synchronization primitives (issue 4) ----

  // ---- queues (issue 5) ----

  // ---- direct style (issue 15) ----

  /**
   * Makes a direct-style body an {@link AsyncCallable}, so that every entry point that takes a
   * Java coroutine function runs it as a <em>direct task</em>: {@code createTask(direct(body))},
   * {@code run(direct(main))}, {@code gather(direct(a), direct(b))},
   * {@code waitFor(direct(body), 1.0)}, {@code shield(direct(body))},
   * {@code timeout(1.0, direct(body))}, {@code group.createTask(direct(body))}.
   *
   * <p><b>Naming rule.</b> {@code direct} is the only method that takes a {@link DirectCallable},
   * and no method is overloaded on both interfaces: a lambda such as {@code () -> queue.getAsync()}
   * fits both {@code AsyncCallable<T>} and {@code DirectCallable<Future<T>>}, so an overload would
   * be ambiguous (or, worse, silently pick one). A lambda passed to {@code direct} is a direct body;
   * a lambda passed anywhere else is a chain body returning a stage.
   *
   * <p>A direct task is an ordinary {@link Task} of its loop (Java and Kotlin await it, cancel it,
   * list it in {@link #allTasks()}); it behaves as an asyncio task running a coroutine:
   * <ul>
   *   <li><b>Lock-step.</b> The body runs on a thread of its own — a virtual thread on JDK 21+, a
   *       platform thread on JDK 17 (one per live direct task, created at its first step and ended
   *       with it) — but only while the loop hands it control, from its step to its next
   *       suspending {@link #await}; the loop's thread waits meanwhile. So at most one callback or
   *       body of a loop runs at once, and inside the body the calling thread <em>is</em> the loop
   *       thread for every check: {@link #getRunningLoop()}, {@link #currentTask()} (this task),
   *       {@code createTask}, the primitives, {@code callSoon}. On JDK 24+ started with
   *       {@code --add-opens java.base/java.lang=ALL-UNNAMED}, a loop running on a platform thread
   *       carries its bodies' virtual threads on that thread itself: a suspending {@code await}
   *       then costs a continuation switch, not a wake-up of another core (about 5x cheaper: 0.24
   *       against 1.3 us here). An executable jar can say it in its manifest instead
   *       ({@code Add-Opens: java.base/java.lang}), or {@code JDK_JAVA_OPTIONS} can carry the
   *       option. In debug mode a loop whose bodies could be carried but are not says so once,
   *       and why, at INFO on the {@code io.jasyncio.debug} logger.</li>
   *   <li><b>Cancellation</b> ({@link Task#cancel(String)}) cancels the future the body is awaiting
   *       and raises {@link CancelledError} at that {@code await} once that future is done; the
   *       body may catch it and go on, await in {@code finally}, and {@link Task#uncancel()} as in
   *       asyncio 3.11+. A cancel that lands while the body runs (its own, or one made by code it
   *       calls) is delivered at its next suspending {@code await}. A task cancelled before its
   *       first step never runs its body. A body that returns normally while a cancel is pending
   *       ends cancelled (asyncio's {@code _must_cancel}).</li>
   *   <li><b>Nothing is lost.</b> A queue item, lock or permit that was granted to the awaited
   *       future but not yet delivered goes to the next waiter when the task is cancelled; once
   *       delivered (the body resumes in the delivery step itself) the {@code await} returns it,
   *       and a later cancel is delivered at the next {@code await}.</li>
   *   <li>{@code direct(body).call()} called by itself (say by {@code Timeout.enter}) creates the
   *       direct task on the running loop and returns it: a timeout, {@code waitFor} or
   *       {@code shield} guards a child task running the body, as the Java face's scopes guard a
   *       body's stage (see {@link Timeout}).</li>
   *   <li>A loop closed while direct tasks are suspended resumes each with a
   *       {@code CancelledError("Event loop is closed")}; every later {@code await} in it throws the
   *       same at once, so its {@code finally} blocks run and its thread ends before
   *       {@link EventLoop#close()} returns. A body that keeps looping after that blocks
   *       {@code close}.</li>
   * </ul>
   *
   * <p>Differences from CPython: the body is a thread's code, not a coroutine object, so there is
   * no frame to introspect ({@link #captureCallGraph} shows what it awaits); a blocking call inside
   * the body (a {@code Thread.sleep}, a JDBC query) blocks the loop, exactly as a blocking call in
   * an {@code async def} does — use {@link #toThread} for those.
   *
   * @param <T> the result type
   * @param body the direct-style body
   * @return a coroutine function that runs {@code body} as a direct task
   * @throws NullPointerException if {@code body} is {@code null}
   */
  public static <T> AsyncCallable<T> direct(DirectCallable<T> body) {
    return engine().direct(Objects.requireNonNull(body, "body"));
  }

  /**
   * Waits for {@code stage} and returns its value, or throws its exception — unwrapped: the
   * original exception, {@link CancelledError}, {@link TimeoutError}, never a
   * {@code CompletionException}. {@code stage} may be anything: a future or task of this loop, of
   * another loop, a Kotlin task, a plain {@code CompletableFuture} of another library. A stage
   * that is already done returns (or throws) at once, without suspending, as awaiting a done
   * future in asyncio does.
   *
   * <p>Where it may be called:
   * <ul>
   *   <li><b>In a direct task</b> (a body given to {@link #direct}): suspends <em>the task, not
   *       the loop</em>. The loop runs other callbacks and tasks until {@code stage} completes,
   *       then resumes the body: in the step that completes a future of this loop when that step
   *       delivers a primitive's grant or a sleep's wake-up, otherwise in the next iteration (as
   *       an asyncio task's wake-up). A stage of another loop or library is mirrored on this loop
   *       ({@link #ensureFuture(CompletionStage)}), so cancelling the task cancels it too when it
   *       is a {@code CompletableFuture}. Cancelling the task cancels the awaited future (a
   *       {@code Task}: requests its cancellation and keeps waiting for it) and throws
   *       {@link CancelledError} here once that future is done; if it is done with a value
   *       because the cancel came too late to withdraw it, the value is returned and the cancel
   *       raised at the next suspending {@code await}.</li>
   *   <li><b>On a loop's thread outside a direct task</b> (in a callback, a chain task's stage, a
   *       Kotlin coroutine on the loop): throws {@link IllegalStateException} — waiting there would
   *       block the loop that must complete the stage.</li>
   *   <li><b>On any other thread</b> (a plain thread, an executor, {@code main} before
   *       {@link #run}): blocks that thread until {@code stage} is done, uninterruptibly, as
   *       {@code join()} does, and returns or throws the same way. It never runs dependent stages
   *       of a jasyncio future on the waiting thread.</li>
   * </ul>
   *
   * <p>Declared {@code throws Exception} so that a direct body can catch the checked exception a
   * stage failed with ({@code catch (IOException e)}), as it would catch it from a plain call.
   *
   * @param <T> the value type
   * @param stage what to wait for
   * @return its value
   * @throws Exception the stage's exception, as it is
   * @throws NullPointerException if {@code stage} is {@code null}
   * @throws IllegalStateException on a loop thread outside a direct task
   */
  public static <T> T await(CompletionStage<T> stage) throws Exception {
    return engine().await(Objects.requireNonNull(stage, "stage"));
  }

  // ---- porting conveniences (issue 14) ----

  /**
   * As {@link #gather(AsyncCallable[])} over a list of coroutine functions, in list order: each
   * one is scheduled as a task of the running loop, and the future completes with their results
   * (asyncio {@code gather(*(fetch(u) for u in urls))}: {@code gather(urls.stream().map(u -> (AsyncCallable<String>) () -> fetch(u)).toList())}).
   * Cancelling the returned future cancels the tasks. An empty list gives a done future of an empty
   * list.
   *
   * <p>Named {@code gatherCallables}, not {@code gather}: a {@code gather(List)} overload beside
   * {@link #gather(java.util.Collection)} would make {@code gather(List.of())} ambiguous.
   *
   * @param <T> the result type
   * @param coros the coroutine functions
   * @return a future of the results, in list order
   * @throws NullPointerException if {@code coros} or an element is {@code null}
   * @throws IllegalStateException if no loop runs on this thread
   */
  public static <T> Future<java.util.List<T>> gatherCallables(
      java.util.List<? extends AsyncCallable<? extends T>> coros) {
    Objects.requireNonNull(coros, "coros");
    return castList(engine().gather(getRunningLoop(),
        callables(coros.toArray(new AsyncCallable<?>[0])), false));
  }

  /**
   * As {@link #gatherCallables(java.util.List)} with asyncio's {@code return_exceptions}: see
   * {@link #gather(boolean, AsyncCallable[])}.
   *
   * @param coros the coroutine functions
   * @param returnExceptions whether failures become list elements
   * @return a future of the results or exceptions, in list order
   */
  public static Future<java.util.List<Object>> gatherCallables(
      java.util.List<? extends AsyncCallable<?>> coros, boolean returnExceptions) {
    Objects.requireNonNull(coros, "coros");
    return engine().gather(getRunningLoop(),
        callables(coros.toArray(new AsyncCallable<?>[0])), returnExceptions);
  }

  /**
   * A stage already completed with {@code value}: the body of a coroutine function that does not
   * wait ({@code () -> Asyncio.completed(42)}, asyncio's {@code async def f(): return 42}). A task
   * whose body returns a done stage finishes in its first step, as such a coroutine does. Not bound
   * to any loop, so it may be made anywhere.
   *
   * @param <T> the value type
   * @param value the value, may be {@code null}
   * @return a completed {@code CompletableFuture}
   */
  public static <T> CompletableFuture<T> completed(T value) {
    return CompletableFuture.completedFuture(value);
  }

  /**
   * A stage already completed with {@code null}: the body of a {@code Void} coroutine function that
   * does not wait ({@code () -> { log(); return Asyncio.completed(); }}).
   *
   * @return a completed {@code CompletableFuture<Void>}
   */
  public static CompletableFuture<Void> completed() {
    return CompletableFuture.completedFuture(null);
  }

  /**
   * The exception a failed stage was completed with, without the wrappers the JDK adds on the way:
   * unwraps {@link java.util.concurrent.CompletionException} and
   * {@link java.util.concurrent.ExecutionException} (as many as are nested), so that
   * {@code handle((v, e) -> ...)} and {@code exceptionally(e -> ...)} can test
   * {@code unwrap(e) instanceof IOException}.
   *
   * <p>Where wrappers come from: jasyncio's own futures hand their dependents the original
   * exception (a {@code handle} on a failed jasyncio future, or on a stage derived from one, gets
   * it as it was raised); a plain {@code CompletableFuture} hands a dependent of a dependent a
   * {@code CompletionException}, and {@code get()} throws an {@code ExecutionException}.
   * {@link #await} (direct style) and Kotlin's {@code await()} never wrap.
   *
   * @param e an exception, may be {@code null}
   * @return the innermost cause behind the wrappers, {@code e} itself if it is not one (or has no
   *     cause), {@code null} for {@code null}
   */
  public static Throwable unwrap(Throwable e) {
    Throwable x = e;
    while ((x instanceof java.util.concurrent.CompletionException
        || x instanceof java.util.concurrent.ExecutionException) && x.getCause() != null) {
      x = x.getCause();
    }
    return x;
  }
}
