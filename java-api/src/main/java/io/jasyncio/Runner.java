package io.jasyncio;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
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
    return l.runUntilComplete(l.createTask(main));
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
   * Cancels the loop's pending tasks and runs the loop until they are done (failures other than
   * cancellation go to the exception handler), shuts the default executor down, and closes the
   * loop. Idempotent.
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
      l.runUntilComplete(l.shutdownDefaultExecutor());
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
    CompletableFuture<?>[] all = new CompletableFuture<?>[tasks.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = tasks.get(i).toCompletableFuture();
    }
    l.runUntilComplete(CompletableFuture.allOf(all).handle((v, e) -> null));
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
