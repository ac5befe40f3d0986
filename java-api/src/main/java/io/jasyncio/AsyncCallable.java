package io.jasyncio;

import java.util.concurrent.CompletionStage;

/**
 * A Java "coroutine function": the Java counterpart of an {@code async def} or of a Kotlin
 * {@code suspend} function. Calling it starts the work and returns a stage that completes with
 * the result.
 *
 * <p>A {@link Task} created from an {@code AsyncCallable} calls it once, on the loop thread,
 * during the task's first step. An exception thrown by {@link #call()} fails the task with that
 * exception (as an exception raised in a coroutine does); returning {@code null} fails it with a
 * {@link NullPointerException}.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface AsyncCallable<T> {
  /**
   * Starts the work.
   *
   * @return a stage that completes with the result; never {@code null}
   * @throws Exception any failure, which becomes the failure of the task running this callable
   */
  CompletionStage<T> call() throws Exception;
}
