package io.jasyncio;

/**
 * A {@link Barrier} was aborted or reset while a party waited on it, or is broken (asyncio
 * {@code BrokenBarrierError}, a {@code RuntimeError} subclass in CPython, hence an
 * {@link IllegalStateException} here).
 */
public class BrokenBarrierError extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what happened to the barrier
   */
  public BrokenBarrierError(String message) {
    super(message);
  }
}
