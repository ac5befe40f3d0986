package io.jasyncio;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The awaitables of {@link Asyncio#asCompleted(java.util.Collection) Asyncio.asCompleted}, in the
 * order they finish (asyncio {@code as_completed}).
 *
 * <p>As in asyncio, iterating yields one future per distinct awaitable passed in; the
 * <em>i</em>-th future the iterator hands out completes with the outcome (result, exception or
 * cancellation) of the <em>i</em>-th awaitable to finish, on the loop thread. It does not matter
 * when the iterator is advanced: outcomes that arrive before anyone asks are kept, in order.
 * Cancelling a future handed out by the iterator withdraws that request only: it consumes no
 * outcome, and the next future gets it. Nothing here cancels the awaitables themselves.
 *
 * <p>With a timeout, every future still waiting when it expires, and every one asked for later,
 * fails with {@link TimeoutError}; the awaitables that are still pending keep running.
 *
 * <p>For asynchronous iteration, {@link #forEachAsync} and {@link #forEachComposeAsync} visit the
 * results one by one in completion order. Iterate from the loop's thread; from another thread the
 * requests are carried over to the loop thread in order.
 *
 * @param <T> the result type
 */
public interface AsCompleted<T> extends Iterable<Future<T>> {
  /**
   * An iterator over exactly {@link #size()} futures, shared by every call: each call to
   * {@code iterator()} continues where the previous iterators stopped, as asyncio's single
   * generator does.
   *
   * @return the iterator; {@code next()} throws {@link NoSuchElementException} after the last one
   */
  @Override
  Iterator<Future<T>> iterator();

  /**
   * @return how many futures the iteration yields in all: the number of distinct awaitables
   */
  int size();

  /**
   * Calls {@code action} with each result in completion order, on the loop thread.
   *
   * @param action what to do with each result
   * @return a future completed with {@code null} after the last result; it fails with the first
   *     failure met (an awaitable's exception, {@link TimeoutError}, or what {@code action}
   *     threw), and cancelling it stops the iteration (the awaitables keep running)
   */
  CompletableFuture<Void> forEachAsync(Consumer<? super T> action);

  /**
   * As {@link #forEachAsync}, but {@code action} returns a stage, which is awaited before the next
   * result is visited: an asynchronous {@code async for}.
   *
   * @param action what to do with each result; returns a stage (or {@code null} for "done")
   * @return a future completed with {@code null} after the last result, or failed with the first
   *     failure met
   */
  CompletableFuture<Void> forEachComposeAsync(
      Function<? super T, ? extends CompletionStage<?>> action);
}
