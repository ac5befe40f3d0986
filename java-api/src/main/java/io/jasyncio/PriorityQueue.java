package io.jasyncio;

import java.util.Comparator;

/**
 * A {@link Queue} that returns its smallest item first (asyncio {@code asyncio.PriorityQueue}):
 * by the items' natural ordering or by a {@link Comparator}. Items of equal rank come out in the
 * order they were put (CPython's heap does not promise that; here it holds).
 *
 * <p><b>Name.</b> Not a {@link java.util.PriorityQueue}; a file that uses both qualifies one.
 *
 * <p><b>{@code null}.</b> With natural ordering, or with a comparator that throws
 * {@link NullPointerException} on {@code null}, a {@code null} item is rejected at the put with a
 * {@link NullPointerException} that says so, before anything is stored. A null-tolerant comparator
 * ({@link Comparator#nullsFirst}, {@link Comparator#nullsLast}) accepts {@code null}.
 *
 * <p>The comparator runs under the queue's lock, on the thread that puts or gets: it must be fast
 * and must not touch the queue. If it throws, the put fails with that exception and stores
 * nothing.
 *
 * @param <E> the item type
 */
public interface PriorityQueue<E> extends Queue<E> {
  /**
   * @param <E> the item type, compared by its natural ordering
   * @return a new unbounded priority queue
   */
  static <E extends Comparable<? super E>> PriorityQueue<E> create() {
    return Asyncio.engine().newPriorityQueue(0, null);
  }

  /**
   * @param <E> the item type, compared by its natural ordering
   * @param maxsize the bound; 0 or less means unbounded
   * @return a new priority queue
   */
  static <E extends Comparable<? super E>> PriorityQueue<E> create(int maxsize) {
    return Asyncio.engine().newPriorityQueue(maxsize, null);
  }

  /**
   * @param <E> the item type
   * @param maxsize the bound; 0 or less means unbounded
   * @param comparator the ordering; smallest first
   * @return a new priority queue
   * @throws NullPointerException if {@code comparator} is null
   */
  static <E> PriorityQueue<E> create(int maxsize, Comparator<? super E> comparator) {
    if (comparator == null) {
      throw new NullPointerException("comparator");
    }
    return Asyncio.engine().newPriorityQueue(maxsize, comparator);
  }

  /**
   * @return the comparator given at creation, or {@code null} for natural ordering
   */
  Comparator<? super E> comparator();
}
