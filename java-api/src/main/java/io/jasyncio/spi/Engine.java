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

  /**
   * @param loop the loop
   * @param when the deadline in the loop's time, or {@code null} for never (not NaN)
   * @return a timeout of {@code loop}, not entered
   */
  io.jasyncio.Timeout newTimeout(EventLoop loop, Double when);

  /**
   * @param loop the running loop (the caller is on its thread)
   * @param body the group's body
   * @return the group's future
   */
  Future<Void> taskGroup(EventLoop loop, io.jasyncio.TaskGroupBody body);

  /**
   * @param <T> the result type
   * @param loop the loop
   * @param coro the work
   * @param name the name, or {@code null}
   * @param eagerStart whether the first step runs now (only on the loop thread)
   * @return the task
   */
  <T> Task<T> createTask(EventLoop loop, io.jasyncio.AsyncCallable<T> coro, String name, boolean eagerStart);

  /**
   * @param loop the loop
   * @param eager whether tasks created on {@code loop} start eagerly
   */
  void setEagerTaskStart(EventLoop loop, boolean eager);

  /**
   * @param loop the loop
   * @return whether tasks created on {@code loop} start eagerly
   */
  boolean isEagerTaskStart(EventLoop loop);

  /**
   * @param future a future of the loop running on the calling thread
   * @return its call graph
   */
  io.jasyncio.CallGraph captureCallGraph(Future<?> future);

  /**
   * @param graph a call graph
   * @return it as text
   */
  String formatCallGraph(io.jasyncio.CallGraph graph);

  /**
   * @param loop the loop
   * @return the table of its pending tasks
   */
  String dumpTasks(EventLoop loop);

  // ---- synchronization primitives (issue 4) ----

  // ---- queues (issue 5) ----
}
