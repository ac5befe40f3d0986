package io.jasyncio;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Function;

/**
 * A first-in, first-out queue for producers and consumers (asyncio {@code asyncio.Queue}, with
 * the Python 3.13 {@code shutdown}). {@link PriorityQueue} and {@link LifoQueue} share its
 * contract and differ only in which item a get returns.
 *
 * <p><b>Name.</b> The asyncio name is kept; it is not a {@link java.util.Queue}. A file that uses
 * both imports one and qualifies the other.
 *
 * <p><b>Two faces.</b> Java calls {@link #putAsync}, {@link #getAsync} and {@link #joinAsync},
 * which return {@link CompletableFuture}s; Kotlin calls the suspend functions {@code put},
 * {@code get} and {@code join} of {@code io.jasyncio.kotlin} on the same object. The methods that
 * never wait ({@link #putNowait}, {@link #getNowait}, {@link #taskDone}, {@link #qsize}, ...) have
 * the same name on both sides.
 *
 * <p><b>Threads.</b> Unlike asyncio's queue, this one is thread-safe: any loop, any coroutine
 * dispatcher and any plain thread may use it at once. A future returned to a caller running on a
 * loop thread is a {@link Future} of that loop and completes on that loop's thread, so its
 * continuations keep asyncio's single-thread guarantee; a caller on a plain thread gets a plain
 * future, completed on the thread that hands it its value (or on the common pool when that thread
 * runs a loop).
 *
 * <p><b>Fairness.</b> Waiting getters are served in arrival order, and so are waiting putters. An
 * item put while a getter waits stays in the queue, promised to the first getter, which takes the
 * head item when it runs (as CPython's woken getter does): items leave the queue only from its
 * head, taken by a consumer that runs, so every consumer sees one producer's items in the order
 * they were put. As in CPython, {@code getNowait} may take an item a woken getter was promised;
 * that getter then waits again, first in line.
 *
 * <p><b>Cancellation.</b> A cancelled get consumes nothing and a cancelled put stores nothing,
 * whatever the moment of the cancel. A getter (Kotlin coroutine, or Java future of a loop)
 * cancelled after a put promised it an item but before it ran passes the promise to the next
 * getter; the item never moved. A putter cancelled after it was offered room but before it ran
 * has stored nothing and ends with {@link CancelledError}; the room passes to the next putter. A
 * Java loop future runs in one later step of its loop: that step takes the item (or stores it),
 * completes the future and runs the stages attached to it, so nothing can come between. So a put
 * either stores its item and completes normally, or stores nothing and fails: never both, never
 * neither. A plain-thread future is claimed by its grant: after it, {@code cancel} returns
 * {@code false} and the item is delivered (or stored).
 *
 * <p><b>{@code null}.</b> Items may be {@code null} (the {@code put(None)} sentinel pattern), except
 * in a {@link PriorityQueue} whose ordering does not accept {@code null}.
 */
public interface Queue<E> {
  /**
   * @param <E> the item type
   * @return a new unbounded FIFO queue
   */
  static <E> Queue<E> create() {
    return Asyncio.engine().newQueue(0);
  }

  /**
   * @param <E> the item type
   * @param maxsize the number of items it holds before a put waits; 0 or less means unbounded
   * @return a new FIFO queue
   */
  static <E> Queue<E> create(int maxsize) {
    return Asyncio.engine().newQueue(maxsize);
  }

  /**
   * @return the bound given at creation, or 0 if unbounded (a negative bound reads as 0)
   */
  int maxsize();

  /**
   * @return the number of items in the queue
   */
  int qsize();

  /**
   * @return whether the queue holds no item
   */
  boolean empty();

  /**
   * @return whether the queue is bounded and holds (or has promised room for) {@link #maxsize()}
   *     items; an unbounded queue is never full
   */
  boolean full();

  /**
   * Puts {@code item}, waiting for room if the queue is full (asyncio {@code await put(item)}).
   * Putters waiting for room are served in arrival order.
   *
   * @param item the item; may be {@code null} except in a priority queue whose ordering rejects it
   * @return a future completed with {@code null} once the item is in the queue, or failed with {@link QueueShutDown} if the queue is shut down before or while
   *     waiting; cancelling it before it completes withdraws the item
   * @throws NullPointerException if {@code item} is null and this is a priority queue whose
   *     ordering rejects null (thrown at once; nothing is stored)
   * @throws ClassCastException if a priority queue's ordering cannot compare {@code item}
   */
  CompletableFuture<Void> putAsync(E item);

  /**
   * Removes and returns an item, waiting for one if the queue is empty (asyncio
   * {@code await get()}). Getters waiting for an item are served in arrival order.
   *
   * @return a future of the item, failed with {@link QueueShutDown} if the queue is shut down and
   *     empty; cancelling it before it completes consumes nothing
   */
  CompletableFuture<E> getAsync();

  /**
   * Puts {@code item} if there is room, without waiting.
   *
   * @param item the item
   * @throws QueueFull if the queue is full
   * @throws QueueShutDown if the queue is shut down
   * @throws NullPointerException as {@link #putAsync}
   */
  void putNowait(E item);

  /**
   * Removes and returns an item if one is there, without waiting.
   *
   * @return the item
   * @throws QueueEmpty if the queue is empty and not shut down
   * @throws QueueShutDown if the queue is empty and shut down
   */
  E getNowait();

  /**
   * Marks one item taken from the queue as processed (asyncio {@code task_done}). When every item
   * ever put has been marked, the waiters of {@link #joinAsync()} are released.
   *
   * @throws IllegalArgumentException if called more times than items were put (asyncio's
   *     {@code ValueError}); the queue stays usable
   */
  void taskDone();

  /**
   * Waits until every item put has been taken and marked done with {@link #taskDone()} (asyncio
   * {@code await join()}). Returns at once if nothing is unfinished.
   *
   * @return a future completed with {@code null}; cancelling it only withdraws this waiter
   */
  CompletableFuture<Void> joinAsync();

  /** Same as {@link #shutdown(boolean) shutdown(false)}. */
  void shutdown();

  /**
   * Shuts the queue down (asyncio {@code shutdown}, Python 3.13). Later puts fail with
   * {@link QueueShutDown}, and so do waiting putters; gets keep returning the items left and fail
   * with {@link QueueShutDown} once the queue is empty, and so do waiting getters. With
   * {@code immediate}, the items left are dropped at once (each counts as done for
   * {@link #joinAsync()}, which is released if nothing else is unfinished) and every waiting getter
   * fails. Calling it again is harmless; a later {@code immediate} call still drops the items.
   *
   * @param immediate whether to drop the items still in the queue
   */
  void shutdown(boolean immediate);

  /**
   * Consumes the queue until it is shut down and empty: takes each item, runs {@code action} on it,
   * waits for the stage it returns, then calls {@link #taskDone()} for that item (also when the
   * action fails), and takes the next. The Java counterpart of {@code async for}-style consumption
   * (Kotlin: {@code consumeAsFlow()}). Several consumers may run at once; each item goes to one of
   * them.
   *
   * <p>The action runs on the thread that completes the get: the loop thread when this is called
   * on a loop. Cancelling the returned future cancels the pending get (nothing is consumed) or the
   * stage of the item in progress.
   *
   * @param action what to do with each item; returns a stage that completes when it is processed
   *     ({@code null} counts as done)
   * @return a future completed with {@code null} when the queue is shut down and empty, or failed
   *     with the first failure of {@code action}, after which nothing more is consumed
   * @throws NullPointerException if {@code action} is null
   */
  CompletableFuture<Void> forEachAsync(Function<? super E, ? extends CompletionStage<?>> action);

  /**
   * A {@link Flow.Publisher} view that consumes the queue with backpressure: each subscriber takes
   * items only as it requests them (one get at a time), calls {@link #taskDone()} for each item
   * after its {@code onNext} returns, and receives {@code onComplete} once the queue is shut down
   * and empty. Several subscribers compete for the items (work-queue semantics). Cancelling the
   * subscription cancels its pending get, which consumes nothing.
   *
   * @return a publisher; each {@code subscribe} starts an independent consumer
   */
  Flow.Publisher<E> asPublisher();

  /**
   * @return a consistent snapshot of the queue's state
   */
  QueueStatistics statistics();

  /**
   * @return e.g. {@code Queue[maxsize=10, qsize=3, getters=0, putters=1, unfinished=3]}, plus
   *     {@code shutdown} once shut down
   */
  @Override
  String toString();
}
