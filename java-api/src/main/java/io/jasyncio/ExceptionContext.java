package io.jasyncio;

import java.util.Objects;

/**
 * What an {@link ExceptionHandler} is told about an error that nobody else could receive: the
 * Java form of asyncio's exception-handler {@code context} dict.
 *
 * @param message a human-readable description, never {@code null}
 * @param exception the exception, or {@code null}
 * @param future the future or task concerned, or {@code null}
 * @param handle the callback concerned, or {@code null}
 */
public record ExceptionContext(String message, Throwable exception, Future<?> future, Handle handle) {
  /**
   * @throws NullPointerException if {@code message} is {@code null}
   */
  public ExceptionContext {
    Objects.requireNonNull(message, "message");
  }

  /**
   * A context with a message and an exception only.
   *
   * @param message the description
   * @param exception the exception, or {@code null}
   * @return the context
   */
  public static ExceptionContext of(String message, Throwable exception) {
    return new ExceptionContext(message, exception, null, null);
  }
}
