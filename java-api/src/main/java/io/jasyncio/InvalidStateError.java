package io.jasyncio;

/**
 * An operation is not allowed in the object's current state (asyncio {@code InvalidStateError}):
 * for example {@link Future#result()} on a pending future, or {@link Future#setResult(Object)}
 * on a future that is already done. The object stays usable.
 */
public class InvalidStateError extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what was wrong
   */
  public InvalidStateError(String message) {
    super(message);
  }
}
