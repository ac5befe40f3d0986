package io.jasyncio;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs several coroutines, one after another, on the same event loop (asyncio
 * {@code asyncio.Runner}). The loop is made on first use and closed by {@link #close()}:
 *
 * <pre>{@code
 * try (Runner runner = new Runner()) {
 *   runner.run(() -> connect());
 *   runner.run(() -> serve());
 * }
 * }</pre>
 *
 * <p>The loop turns exactly as CPython's does: {@link #run} stops it in the iteration after the
 * one in which {@code main} finished (a done callback stops it, as {@code run_until_complete}
 * does), so callbacks that {@code main}'s last step scheduled run before {@code run} returns.
 * {@link #close()} shuts down in CPython's order; see there.
 *
 * <p>Not thread-safe: use a runner from one thread.
 */
public final class Runner implements AutoCloseable {
  private final Supplier<? extends EventLoop> loopFactory;
  private EventLoop loop;
  private boolean closed;

  /** A runner on a new loop with the monotonic clock. */
  public Runner() {
    this(Asyncio::newEventLoop);
  }

  /**
   * @param loopFactory makes the loop, on first use
   * @throws NullPointerException if {@code loopFactory} is {@code null}
   */
  public Runner(Supplier<? extends EventLoop> loopFactory) {
    this.loopFactory = Objects.requireNonNull(loopFactory, "loopFactory");
  }

  /**
   * Runs {@code main} as a task on the runner's loop, on the calling thread, until it is done.
   *
   * <p><b>Ctrl-C</b> (asyncio 3.11): called on the JVM's main thread (named {@code "main"}) on
   * Unix, the run handles SIGINT while {@code main} runs. The first SIGINT cancels {@code main}, so
   * its {@code finally} blocks run and this method throws {@link CancelledError} (uncaught, the
   * JVM then exits with status 1); a second SIGINT goes to the handler that was there before,
   * the JVM's by default, which runs the shutdown hooks and exits at once with status 130
   * (128 + SIGINT). Not installed when a loop's {@link EventLoop#addSignalHandler} already handles
   * SIGINT, and the previous handler is back when this method returns.
   *
   * @param <T> the result type
   * @param main the coroutine function
   * @return its result
   * @throws IllegalStateException if the runner is closed, or if a loop is already running on
   *     this thread
   * @throws CancelledError if the task was cancelled
   * @throws RuntimeException the task's failure (a checked one wrapped in
   *     {@link java.util.concurrent.CompletionException})
   */
  public <T> T run(AsyncCallable<T> main) {
    Objects.requireNonNull(main, "main");
    if (Asyncio.engine().runningLoop() != null) {
      throw new IllegalStateException(
          "Runner.run() cannot be called from a running event loop (it would block the loop)");
    }
    EventLoop l = getLoop();
    Task<T> task = l.createTask(main);
    // ---- Ctrl-C (issue 12): on the main thread the first SIGINT cancels main, a second exits ----
    AutoCloseable sigint = RunnerSigint.install(l, task);
    try {
      return l.runUntilComplete(task);
    } finally {
      try {
        if (task.done() && !l.isClosed()) {
          turnOnce(l);
        }
      } finally {
        RunnerSigint.restore(sigint);
      }
    }
  }

  /**
   * One more iteration: {@code runUntilComplete} stops in the iteration in which the task ended,
   * CPython's in the next one (its done callback stops the loop), which runs whole. The Kotlin
   * face's {@code Runner.runSuspending} does the same.
   */
  private static void turnOnce(EventLoop l) {
    l.callSoon(l::stop);
    l.runForever();
  }

  /**
   * CPython's {@code run_until_complete}: a done callback of {@code f} stops the loop, so the loop
   * stops in the iteration after the one in which {@code f} finished, and that iteration runs whole.
   */
  private static void runUntilDone(EventLoop l, Future<?> f) {
    runUntilDone(l, f, done -> l.stop());
  }

  private static void runUntilDone(EventLoop l, Future<?> f, Consumer<Object> stop) {
    f.addDoneCallback(stop);
    try {
      l.runForever();
    } finally {
      f.removeDoneCallback(stop);
    }
    if (!f.done()) {
      throw new IllegalStateException("Event loop stopped before Future completed.");
    }
  }

  /**
   * @return the runner's loop, made now if needed
   * @throws IllegalStateException if the runner is closed
   */
  public EventLoop getLoop() {
    if (closed) {
      throw new IllegalStateException("Runner is closed");
    }
    if (loop == null) {
      loop = Objects.requireNonNull(loopFactory.get(), "loopFactory returned null");
    }
    return loop;
  }

  /**
   * Shuts down as CPython's {@code Runner.close()} (and so {@code asyncio.run}) does, whatever the
   * loop was used for:
   *
   * <ol>
   *   <li>every task still pending is cancelled, and the loop runs until all of them have finished
   *       (a failure other than cancellation goes to the loop's exception handler as
   *       {@code "unhandled exception during Runner.close() shutdown"});
   *   <li>asynchronous generators would be shut down: the JVM has none, but the loop turns as
   *       CPython's does for that step when there is nothing to close (two iterations);
   *   <li>the default executor is shut down and the loop runs until its threads have ended (two
   *       iterations when no default executor was ever made, more while its threads finish);
   *   <li>the loop is closed.
   * </ol>
   *
   * <p>The loop keeps running through steps 1 to 3, so callbacks already scheduled and timers
   * already due run then, with or without tasks to cancel or an executor to shut down. Timers due
   * later do not run; callbacks still scheduled at step 4 are dropped with the loop, as in CPython.
   * Tasks created during shutdown are not cancelled again (CPython cancels once). Runs on the
   * calling thread. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    EventLoop l = loop;
    if (l == null) {
      return;
    }
    try {
      cancelAllTasks(l);
      // CPython's shutdown_asyncgens(): nothing to close on the JVM, the loop turns as there
      runUntilDone(l, l.createTask(() -> CompletableFuture.completedFuture(null)));
      runUntilDone(l, l.createTask(l::shutdownDefaultExecutor));
    } finally {
      l.close();
    }
  }

  private static void cancelAllTasks(EventLoop l) {
    List<Task<?>> tasks = new ArrayList<>(Asyncio.allTasks(l));
    if (tasks.isEmpty()) {
      return;
    }
    for (Task<?> t : tasks) {
      t.cancel();
    }
    // CPython's gather learns that its last child ended one iteration later than ours does (its
    // child's done callback is scheduled; ours is inline), so the stop is scheduled once more.
    runUntilDone(l, Asyncio.gather(tasks, true), done -> l.callSoon(l::stop));
    for (Task<?> t : tasks) {
      if (!t.cancelled() && t.exception() != null) {
        l.callExceptionHandler(new ExceptionContext(
            "unhandled exception during Runner.close() shutdown", t.exception(), t, null));
      }
    }
  }

  @Override
  public String toString() {
    return "Runner[" + (closed ? "closed" : loop == null ? "no loop yet" : loop.toString()) + "]";
  }
}
