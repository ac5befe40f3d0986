package io.jasyncio.net;

import java.util.concurrent.CompletionStage;

/**
 * The handler {@link Streams#startServer} runs for each accepted connection (asyncio's
 * {@code client_connected_cb}), as a task of the server's loop. A failure of the handler (thrown,
 * or a failed stage) goes to the loop's exception handler and closes that connection; the server
 * keeps serving.
 */
@FunctionalInterface
public interface ClientConnected {
  /**
   * Serves one connection.
   *
   * @param reader the connection's reading side
   * @param writer the connection's writing side
   * @return a stage completed when the handler is done, or null if it is done already
   * @throws Exception reported to the loop's exception handler
   */
  CompletionStage<?> handle(StreamReader reader, StreamWriter writer) throws Exception;
}
