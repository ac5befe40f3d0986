package io.jasyncio;

/**
 * A {@link Semaphore} that cannot be released above its initial value (asyncio
 * {@code BoundedSemaphore}): such a {@link #release()} throws {@link IllegalArgumentException}
 * (asyncio {@code ValueError}) and changes nothing.
 */
public interface BoundedSemaphore extends Semaphore {
  /**
   * @param value the initial and maximal number of permits, at least 0
   * @return a new bounded semaphore
   * @throws IllegalArgumentException if {@code value} is negative
   */
  static BoundedSemaphore create(int value) {
    return Semaphore.bounded(value);
  }

  /**
   * @return the initial value, which the number of free permits never exceeds
   */
  int bound();
}
