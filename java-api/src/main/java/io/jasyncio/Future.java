package io.jasyncio;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The result of an asynchronous operation, bound to one {@link EventLoop} (asyncio
 * {@code Future}). It is also a {@link CompletionStage} and a
 * {@link java.util.concurrent.Future}: every jasyncio future <em>is</em> a
 * {@link CompletableFuture}, and {@link #toCompletableFuture()} returns the handle itself, so it
 * can be passed anywhere a {@code CompletableFuture} is expected without a copy. Its composition
 * methods ({@code thenApply}, {@code thenCompose}, {@code whenComplete}, ...) are declared to
 * return {@code CompletableFuture}.
 *
 * <h2>Threads</h2>
 * <ul>
 *   <li>A future completes on its loop's thread. {@link #setResult}, {@link #setException},
 *       {@code complete} and {@code cancel} called from another thread while the loop runs are
 *       carried over to the loop thread, so {@code thenApply}-style continuations attached before
 *       completion and done callbacks always run there (asyncio's single-thread guarantee), even
 *       while other threads are blocked in {@link #join()} or {@link #get()} (a plain
 *       {@code CompletableFuture} lets a blocked thread run them). A continuation attached after
 *       completion runs at once on the thread that attaches it, as with any
 *       {@code CompletableFuture}.</li>
 *   <li>Done callbacks ({@link #addDoneCallback}) are scheduled with
 *       {@link EventLoop#callSoon(Runnable)} in registration order; they never run inline.</li>
 *   <li>Blocking on a pending future ({@link #join()}, {@link #get()}) from its own loop's thread
 *       would deadlock, so it throws {@link IllegalStateException} at once.</li>
 * </ul>
 *
 * <h2>Cancellation</h2>
 * {@link #cancel(String)} and {@link #cancel(boolean)} complete the future with a
 * {@link CancelledError}; {@link #isCancelled()} and {@link #cancelled()} then return
 * {@code true}. Awaiting a future from a task and cancelling that task cancels the future too,
 * as in asyncio (use {@code shield} to prevent it).
 *
 * <h2>Unretrieved failures</h2>
 * A future that fails and whose failure is never retrieved ({@link #result()},
 * {@link #exception()}, {@link #join()}, {@link #get()}, awaiting it from Kotlin, or attaching a
 * dependent stage such as {@code whenComplete}) is reported to the loop's
 * {@link ExceptionHandler} when it is garbage-collected or when the loop closes.
 *
 * <h2>Differences from CPython</h2>
 * Completion from another thread is allowed (it is carried over to the loop thread, see above).
 * The {@code obtrude*} methods of {@code CompletableFuture} throw
 * {@link UnsupportedOperationException}: a future's outcome is set once.
 *
 * @param <T> the result type
 */
public interface Future<T> extends CompletionStage<T>, java.util.concurrent.Future<T> {
  /**
   * The result of a done future.
   *
   * <p>Unchecked exceptions and errors are rethrown as they are; a checked exception is rethrown
   * wrapped in a {@link java.util.concurrent.CompletionException} (Java cannot rethrow it
   * undeclared).
   *
   * @return the result
   * @throws InvalidStateError if the future is not done
   * @throws CancelledError if the future was cancelled
   */
  T result();

  /**
   * The exception of a done future.
   *
   * @return the exception the future failed with, or {@code null} if it succeeded
   * @throws InvalidStateError if the future is not done
   * @throws CancelledError if the future was cancelled
   */
  Throwable exception();

  /**
   * @return {@code true} once the future has a result, an exception or was cancelled
   */
  boolean done();

  /**
   * @return {@code true} if the future was cancelled
   */
  boolean cancelled();

  /**
   * Cancels the future (without a message).
   *
   * @return {@code false} if it was already done, {@code true} otherwise
   */
  boolean cancel();

  /**
   * Cancels the future. A pending future becomes done with a {@link CancelledError} carrying
   * {@code msg}, and its done callbacks are scheduled. For a {@link Task} this is a request: see
   * {@link Task#cancel(String)}.
   *
   * @param msg the message of the {@link CancelledError}, or {@code null}
   * @return {@code false} if it was already done, {@code true} otherwise
   */
  boolean cancel(String msg);

  /**
   * Schedules {@code fn} to be called with this future once it is done (at once, via
   * {@code callSoon}, if it is done already). Callbacks run on the loop thread in registration
   * order; an exception thrown by one is reported to the loop's exception handler.
   *
   * @param fn the callback
   * @throws NullPointerException if {@code fn} is {@code null}
   */
  void addDoneCallback(Consumer<? super Future<T>> fn);

  /**
   * Removes every registration of {@code fn} that has not been scheduled yet.
   *
   * @param fn the callback (compared with {@code equals})
   * @return how many registrations were removed
   */
  int removeDoneCallback(Consumer<? super Future<T>> fn);

  /**
   * Marks the future done with a result and schedules its callbacks.
   *
   * @param result the result, may be {@code null}
   * @throws InvalidStateError if the future is already done
   */
  void setResult(T result);

  /**
   * Marks the future done with an exception and schedules its callbacks.
   *
   * @param exception the failure
   * @throws InvalidStateError if the future is already done
   * @throws NullPointerException if {@code exception} is {@code null}
   * @throws IllegalArgumentException if {@code exception} is a {@link CancelledError}; use
   *     {@link #cancel(String)}
   */
  void setException(Throwable exception);

  /**
   * @return the loop this future is bound to
   */
  EventLoop getLoop();

  /**
   * Waits for the result, as {@link CompletableFuture#join()}.
   *
   * @return the result
   * @throws IllegalStateException if called on this future's loop thread while it is pending
   */
  T join();

  /**
   * Returns this handle itself, which is a {@code CompletableFuture}. Cancelling it cancels the
   * future (or task).
   *
   * @return {@code this}
   */
  @Override
  CompletableFuture<T> toCompletableFuture();

  // ---- CompletionStage, narrowed ------------------------------------------------------------
  // Every jasyncio future is a CompletableFuture, so composing one gives a CompletableFuture:
  // task.thenApply(f).join(), CompletableFuture.allOf(...), getNow(...) need no conversion.
  // The stages these return are plain CompletableFutures, not bound to a loop; attached before
  // completion, their functions run on the loop thread.

  @Override
  <U> CompletableFuture<U> thenApply(Function<? super T, ? extends U> fn);

  @Override
  <U> CompletableFuture<U> thenApplyAsync(Function<? super T, ? extends U> fn);

  @Override
  <U> CompletableFuture<U> thenApplyAsync(Function<? super T, ? extends U> fn, Executor executor);

  @Override
  CompletableFuture<Void> thenAccept(Consumer<? super T> action);

  @Override
  CompletableFuture<Void> thenAcceptAsync(Consumer<? super T> action);

  @Override
  CompletableFuture<Void> thenAcceptAsync(Consumer<? super T> action, Executor executor);

  @Override
  CompletableFuture<Void> thenRun(Runnable action);

  @Override
  CompletableFuture<Void> thenRunAsync(Runnable action);

  @Override
  CompletableFuture<Void> thenRunAsync(Runnable action, Executor executor);

  @Override
  <U, V> CompletableFuture<V> thenCombine(
      CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn);

  @Override
  <U, V> CompletableFuture<V> thenCombineAsync(
      CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn);

  @Override
  <U, V> CompletableFuture<V> thenCombineAsync(
      CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn,
      Executor executor);

  @Override
  <U> CompletableFuture<Void> thenAcceptBoth(
      CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action);

  @Override
  <U> CompletableFuture<Void> thenAcceptBothAsync(
      CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action);

  @Override
  <U> CompletableFuture<Void> thenAcceptBothAsync(
      CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action,
      Executor executor);

  @Override
  CompletableFuture<Void> runAfterBoth(CompletionStage<?> other, Runnable action);

  @Override
  CompletableFuture<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action);

  @Override
  CompletableFuture<Void> runAfterBothAsync(
      CompletionStage<?> other, Runnable action, Executor executor);

  @Override
  <U> CompletableFuture<U> applyToEither(
      CompletionStage<? extends T> other, Function<? super T, U> fn);

  @Override
  <U> CompletableFuture<U> applyToEitherAsync(
      CompletionStage<? extends T> other, Function<? super T, U> fn);

  @Override
  <U> CompletableFuture<U> applyToEitherAsync(
      CompletionStage<? extends T> other, Function<? super T, U> fn, Executor executor);

  @Override
  CompletableFuture<Void> acceptEither(
      CompletionStage<? extends T> other, Consumer<? super T> action);

  @Override
  CompletableFuture<Void> acceptEitherAsync(
      CompletionStage<? extends T> other, Consumer<? super T> action);

  @Override
  CompletableFuture<Void> acceptEitherAsync(
      CompletionStage<? extends T> other, Consumer<? super T> action, Executor executor);

  @Override
  CompletableFuture<Void> runAfterEither(CompletionStage<?> other, Runnable action);

  @Override
  CompletableFuture<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action);

  @Override
  CompletableFuture<Void> runAfterEitherAsync(
      CompletionStage<?> other, Runnable action, Executor executor);

  @Override
  <U> CompletableFuture<U> thenCompose(Function<? super T, ? extends CompletionStage<U>> fn);

  @Override
  <U> CompletableFuture<U> thenComposeAsync(
      Function<? super T, ? extends CompletionStage<U>> fn);

  @Override
  <U> CompletableFuture<U> thenComposeAsync(
      Function<? super T, ? extends CompletionStage<U>> fn, Executor executor);

  @Override
  <U> CompletableFuture<U> handle(BiFunction<? super T, Throwable, ? extends U> fn);

  @Override
  <U> CompletableFuture<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn);

  @Override
  <U> CompletableFuture<U> handleAsync(
      BiFunction<? super T, Throwable, ? extends U> fn, Executor executor);

  @Override
  CompletableFuture<T> whenComplete(BiConsumer<? super T, ? super Throwable> action);

  @Override
  CompletableFuture<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action);

  @Override
  CompletableFuture<T> whenCompleteAsync(
      BiConsumer<? super T, ? super Throwable> action, Executor executor);

  @Override
  CompletableFuture<T> exceptionally(Function<Throwable, ? extends T> fn);

  @Override
  CompletableFuture<T> exceptionallyAsync(Function<Throwable, ? extends T> fn);

  @Override
  CompletableFuture<T> exceptionallyAsync(Function<Throwable, ? extends T> fn, Executor executor);

  @Override
  CompletableFuture<T> exceptionallyCompose(
      Function<Throwable, ? extends CompletionStage<T>> fn);

  @Override
  CompletableFuture<T> exceptionallyComposeAsync(
      Function<Throwable, ? extends CompletionStage<T>> fn);

  @Override
  CompletableFuture<T> exceptionallyComposeAsync(
      Function<Throwable, ? extends CompletionStage<T>> fn, Executor executor);
}
