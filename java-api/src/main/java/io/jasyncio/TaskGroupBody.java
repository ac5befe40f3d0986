package io.jasyncio;

import java.util.concurrent.CompletionStage;

/**
 * The body of a {@link TaskGroup} (the block of {@code async with TaskGroup() as tg:}): it
 * creates tasks in the group and returns a stage that completes when the body's own work is
 * done.
 */
@FunctionalInterface
public interface TaskGroupBody {
  /**
   * Runs the body's first step on the loop thread.
   *
   * @param group the group, to create tasks in
   * @return a stage that completes when the body is done (its result is ignored); never
   *     {@code null} (use {@code CompletableFuture.completedFuture(null)} for a body that only
   *     creates tasks)
   * @throws Exception any failure, which becomes one of the group's errors
   */
  CompletionStage<?> run(TaskGroup group) throws Exception;
}
