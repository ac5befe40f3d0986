package io.jasyncio.net;

import java.util.concurrent.CompletionStage;

/**
 * The handler {@link Streams#startServer} runs for each accepted connection (asyncio's
 * {@code client_connected_cb}), as a task of the server's loop. A failure of the handler (thrown,
 * or a failed stage) goes to the loop's exception handler and closes that connection; the server
 * keeps serving.
 *
 * <p>Two forms: a lambda returning a stage (the chain form), or a direct-style body wrapped with
 * {@link #direct(Body)}, which waits with {@link io.jasyncio.Asyncio#await}:
 * <pre>{@code
 * Asyncio.startServer(ClientConnected.direct((reader, writer) -> {
 *   byte[] line = await(reader.readlineAsync());
 *   writer.write(line);
 *   await(writer.drainAsync());
 *   writer.close();
 * }), "127.0.0.1", 8888);
 * }</pre>
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

  /** A direct-style handler body: straight-line code that awaits (see {@link #direct(Body)}). */
  @FunctionalInterface
  interface Body {
    /**
     * Serves one connection.
     *
     * @param reader the connection's reading side
     * @param writer the connection's writing side
     * @throws Exception reported to the loop's exception handler
     */
    void handle(StreamReader reader, StreamWriter writer) throws Exception;
  }

  /**
   * A handler whose body is direct style ({@link io.jasyncio.Asyncio#direct}): it runs as a direct
   * task of the server's loop, in lock-step with it, and its {@code await}s suspend the task, not
   * the loop.
   *
   * @param body the body
   * @return a handler for {@link Streams#startServer}
   * @throws NullPointerException if {@code body} is null
   */
  static ClientConnected direct(Body body) {
    java.util.Objects.requireNonNull(body, "body");
    return (reader, writer) -> io.jasyncio.Asyncio.direct(() -> {
      body.handle(reader, writer);
      return null;
    }).call();
  }
}
