package io.jasyncio;

/**
 * Receives errors that have no caller to go to: a callback that threw, a task whose failure was
 * never retrieved, a failure while shutting down (asyncio {@code loop.set_exception_handler}).
 *
 * <p>Called on the loop thread. An exception thrown by the handler itself is passed to
 * {@link EventLoop#defaultExceptionHandler(ExceptionContext)}; the loop keeps running either way.
 */
@FunctionalInterface
public interface ExceptionHandler {
  /**
   * Handles one error.
   *
   * @param loop the loop that reports it
   * @param context what happened
   */
  void handle(EventLoop loop, ExceptionContext context);
}
