package io.jasyncio.spi;

import io.jasyncio.Clock;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The engine behind the {@link io.jasyncio.Asyncio} facade, found with
 * {@link java.util.ServiceLoader}. The {@code io.jasyncio.kotlin} module provides the one
 * implementation. Not for application code: its methods may change between versions.
 */
public interface Engine {
  /**
   * @param clock the loop's clock
   * @return a new, not yet running loop
   */
  EventLoop newEventLoop(Clock clock);

  /**
   * @return the loop running on the calling thread, or {@code null}
   */
  EventLoop runningLoop();

  /**
   * A future of {@code loop} completed with {@code result} after {@code delayNanos}; a delay of 0
   * completes it in the next iteration. Cancelling it cancels the timer.
   *
   * @param <T> the result type
   * @param loop the loop
   * @param delayNanos the delay, at least 0
   * @param result the result
   * @return the future
   */
  <T> Future<T> sleep(EventLoop loop, long delayNanos, T result);

  /**
   * @param loop the loop
   * @return the task whose step is running on {@code loop}, or {@code null}
   */
  Task<?> currentTask(EventLoop loop);

  /**
   * @param loop the loop
   * @return a snapshot of the tasks of {@code loop} that are not done
   */
  Set<Task<?>> allTasks(EventLoop loop);

  /**
   * @param <T> the result type
   * @param loop the loop
   * @param stage a stage
   * @return {@code stage} itself if it is a future of {@code loop}, else a future of {@code loop}
   *     that mirrors it
   */
  <T> Future<T> ensureFuture(EventLoop loop, CompletionStage<T> stage);

  // ---- composition: gather, wait, waitFor, asCompleted, shield (issue 3) ----

  // ---- timeouts, TaskGroup, eager tasks, introspection (issue 3) ----

  // ---- synchronization primitives (issue 4) ----

  /**
   * @return a new {@link io.jasyncio.Lock}
   */
  io.jasyncio.Lock newLock();

  /**
   * @return a new {@link io.jasyncio.Event}
   */
  io.jasyncio.Event newEvent();

  /**
   * @param lock the lock to use, or {@code null} for a new one
   * @return a new {@link io.jasyncio.Condition}
   */
  io.jasyncio.Condition newCondition(io.jasyncio.Lock lock);

  /**
   * @param value the initial permits, at least 0
   * @param bounded whether to return a {@link io.jasyncio.BoundedSemaphore}
   * @return a new semaphore
   */
  io.jasyncio.Semaphore newSemaphore(int value, boolean bounded);

  /**
   * @param parties at least 1
   * @return a new {@link io.jasyncio.Barrier}
   */
  io.jasyncio.Barrier newBarrier(int parties);

  // ---- queues (issue 5) ----
}
