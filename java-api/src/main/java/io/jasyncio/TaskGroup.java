package io.jasyncio;

/**
 * A group of tasks that end together (asyncio {@code asyncio.TaskGroup}, with the
 * {@code cancel()} method of CPython 3.15).
 *
 * <p>Java: {@link Asyncio#taskGroup(TaskGroupBody)} runs a body that creates tasks with
 * {@link #createTask}; its future completes once the body and every task are done. Kotlin:
 * {@code taskGroup { createTask { ... } }}; Kotlin code holding a Java-made group adds Kotlin
 * children with {@code group.task { ... }}. Java and Kotlin children can share one group.
 *
 * <h2>Semantics (as CPython's)</h2>
 * <ul>
 *   <li>The group waits for all its tasks, including tasks created by tasks while the group
 *       waits.</li>
 *   <li>The first task that fails (with anything but a cancellation) cancels the other tasks
 *       and the body; the group then fails with a {@link TaskGroupException} holding every
 *       failure: the tasks' in completion order, then the body's own. A cancelled task is not a
 *       failure. The group hears of a finished task one loop iteration later (as CPython's done
 *       callback), so tasks that fail in the same iteration all run and are all collected.</li>
 *   <li>A body that fails does the same: the tasks are cancelled and the body's exception is
 *       one of the group's errors.</li>
 *   <li>Cancellation from outside (cancelling the group's future, or the Kotlin task running
 *       {@code taskGroup { }}) cancels the tasks and the body, waits for them, and propagates as
 *       a {@link CancelledError}, unless tasks failed while being cancelled: their errors win, as
 *       in CPython (a Kotlin task stays cancelled either way). A group never swallows a
 *       cancellation that came from outside it, even when it had cancelled its body itself.</li>
 *   <li>Once the group is shutting down (a task failed, or {@link #cancel()}) no new task may be
 *       created ({@link IllegalStateException} "TaskGroup ... is shutting down"); nor after it
 *       finished ("... is finished").</li>
 *   <li>{@link #cancel()} stops the group: its tasks and the body are cancelled and the group
 *       ends normally, without raising (unless tasks failed while being cancelled).</li>
 * </ul>
 *
 * <p>Unlike CPython there is no separate "enter" step: a group exists only inside its body,
 * so "has not been entered" cannot happen. A group belongs to one loop; its methods must be called
 * on that loop's thread ({@link #cancel()} may be called from any thread).
 */
public interface TaskGroup {
  /**
   * Creates a task in this group (asyncio {@code TaskGroup.create_task}); it starts as
   * {@link EventLoop#createTask(AsyncCallable)} does (eagerly if the loop's eager task start is
   * on, see {@link Asyncio#setEagerTaskStart}).
   *
   * @param <T> the result type
   * @param coro the work
   * @return the task
   * @throws NullPointerException if {@code coro} is {@code null}
   * @throws IllegalStateException if the group is shutting down or finished, or the caller is not
   *     on the group's loop thread
   */
  <T> Task<T> createTask(AsyncCallable<T> coro);

  /**
   * As {@link #createTask(AsyncCallable)}, with a name.
   *
   * @param <T> the result type
   * @param coro the work
   * @param name the name, or {@code null} for {@code Task-N}
   * @return the task
   */
  <T> Task<T> createTask(AsyncCallable<T> coro, String name);

  /**
   * Stops the group (CPython 3.15 {@code TaskGroup.cancel()}): cancels every task of the group
   * that is not done and the body if it is still running; the group then ends without raising.
   * Idempotent; does nothing once the group is finished. Thread-safe.
   */
  void cancel();

  /**
   * @return the number of tasks of the group not done yet
   */
  int size();
}
