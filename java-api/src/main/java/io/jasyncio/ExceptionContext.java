package io.jasyncio;

import java.util.List;
import java.util.Objects;

/**
 * What an {@link ExceptionHandler} is told about an error that nobody else could receive: the
 * Java form of asyncio's exception-handler {@code context} dict.
 *
 * @param message a human-readable description, never {@code null}
 * @param exception the exception, or {@code null}
 * @param future the future or task concerned, or {@code null}
 * @param handle the callback concerned, or {@code null}
 * @param sourceTraceback where the future, task or callback concerned was created (innermost
 *     frame first), recorded only in debug mode ({@link EventLoop#setDebug}); empty otherwise.
 *     asyncio's {@code source_traceback}.
 */
public record ExceptionContext(
    String message, Throwable exception, Future<?> future, Handle handle,
    List<StackTraceElement> sourceTraceback) {
  /**
   * @throws NullPointerException if {@code message} is {@code null}
   */
  public ExceptionContext {
    Objects.requireNonNull(message, "message");
    sourceTraceback = sourceTraceback == null ? List.of() : List.copyOf(sourceTraceback);
  }

  /**
   * A context without a creation trace.
   *
   * @param message the description
   * @param exception the exception, or {@code null}
   * @param future the future or task concerned, or {@code null}
   * @param handle the callback concerned, or {@code null}
   */
  public ExceptionContext(String message, Throwable exception, Future<?> future, Handle handle) {
    this(message, exception, future, handle, List.of());
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
