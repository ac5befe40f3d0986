package io.jasyncio;

/**
 * A {@link Queue} that returns the most recently put item first (asyncio
 * {@code asyncio.LifoQueue}). Waiting getters and putters are still served in arrival order.
 *
 * @param <E> the item type
 */
public interface LifoQueue<E> extends Queue<E> {
  /**
   * @param <E> the item type
   * @return a new unbounded LIFO queue
   */
  static <E> LifoQueue<E> create() {
    return Asyncio.engine().newLifoQueue(0);
  }

  /**
   * @param <E> the item type
   * @param maxsize the bound; 0 or less means unbounded
   * @return a new LIFO queue
   */
  static <E> LifoQueue<E> create(int maxsize) {
    return Asyncio.engine().newLifoQueue(maxsize);
  }
}
