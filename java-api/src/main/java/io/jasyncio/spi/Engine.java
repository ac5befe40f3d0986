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

  /**
   * asyncio {@code gather}.
   *
   * @param loop the running loop, or {@code null} to use the loop of the first loop future in
   *     {@code aws}
   * @param aws the awaitables: {@link CompletionStage}s and {@link io.jasyncio.AsyncCallable}s
   * @param returnExceptions asyncio's {@code return_exceptions}
   * @return the gathering future
   */
  Future<java.util.List<Object>> gather(
      EventLoop loop, java.util.List<?> aws, boolean returnExceptions);

  /**
   * asyncio {@code wait}.
   *
   * @param <F> the awaitables' type
   * @param loop the running loop, or {@code null} (as for gather)
   * @param aws the awaitables
   * @param timeoutNanos the timeout, or -1 for none
   * @param returnWhen when to return
   * @return a future of the done and pending sets
   */
  <F extends CompletionStage<?>> Future<io.jasyncio.WaitResult<F>> wait(
      EventLoop loop, java.util.Collection<F> aws, long timeoutNanos,
      io.jasyncio.ReturnWhen returnWhen);

  /**
   * asyncio {@code wait_for}.
   *
   * @param <T> the result type
   * @param loop the running loop, or {@code null} (as for gather)
   * @param aw a {@link CompletionStage} or an {@link io.jasyncio.AsyncCallable}
   * @param timeoutNanos the timeout, or -1 for none
   * @return a future of the result
   */
  <T> Future<T> waitFor(EventLoop loop, Object aw, long timeoutNanos);

  /**
   * asyncio {@code as_completed}.
   *
   * @param <T> the result type
   * @param loop the running loop, or {@code null} (as for gather)
   * @param aws the awaitables
   * @param timeoutNanos the timeout, or -1 for none
   * @return the iteration
   */
  <T> io.jasyncio.AsCompleted<T> asCompleted(
      EventLoop loop, java.util.Collection<? extends CompletionStage<? extends T>> aws,
      long timeoutNanos);

  /**
   * asyncio {@code shield}.
   *
   * @param <T> the result type
   * @param loop the running loop, or {@code null} (as for gather)
   * @param aw a {@link CompletionStage} or an {@link io.jasyncio.AsyncCallable}
   * @return the shielding future
   */
  <T> Future<T> shield(EventLoop loop, Object aw);

  // ---- chain-style loops: doWhile, repeat ----

  /**
   * {@link io.jasyncio.Asyncio#doWhile}; called on the thread running {@code loop}.
   *
   * @param loop the running loop
   * @param body the iteration
   * @return the loop's future
   */
  Future<Void> doWhile(
      EventLoop loop, java.util.function.Supplier<? extends CompletionStage<Boolean>> body);

  /**
   * {@link io.jasyncio.Asyncio#repeat}; called on the thread running {@code loop}.
   *
   * @param loop the running loop
   * @param times the number of iterations, at least 0
   * @param body the iteration, given its index
   * @return the loop's future
   */
  Future<Void> repeat(
      EventLoop loop, int times, java.util.function.IntFunction<? extends CompletionStage<?>> body);

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

  /**
   * @param <E> the item type
   * @param maxsize the bound; 0 or less means unbounded
   * @return a new FIFO queue
   */
  <E> io.jasyncio.Queue<E> newQueue(int maxsize);

  /**
   * @param <E> the item type
   * @param maxsize the bound; 0 or less means unbounded
   * @param comparator the ordering, or {@code null} for natural ordering
   * @return a new priority queue
   */
  <E> io.jasyncio.PriorityQueue<E> newPriorityQueue(int maxsize, java.util.Comparator<? super E> comparator);

  /**
   * @param <E> the item type
   * @param maxsize the bound; 0 or less means unbounded
   * @return a new LIFO queue
   */
  <E> io.jasyncio.LifoQueue<E> newLifoQueue(int maxsize);

  // ---- direct style (issue 15) ----

  /**
   * @param <T> the result type
   * @param body a direct-style body
   * @return an {@link io.jasyncio.AsyncCallable} that the engine runs as a direct task
   */
  <T> io.jasyncio.AsyncCallable<T> direct(io.jasyncio.DirectCallable<T> body);

  /**
   * {@link io.jasyncio.Asyncio#await}: suspends the calling direct task, or blocks a plain thread.
   *
   * @param <T> the result type
   * @param stage the stage
   * @return its value
   * @throws Exception its failure, unwrapped
   */
  <T> T await(CompletionStage<T> stage) throws Exception;
}
