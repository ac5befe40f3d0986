package io.jasyncio.net;

import io.jasyncio.EventLoop;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A listening server (asyncio {@code Server}), made by {@link EventLoop#createServer} or
 * {@link Streams#startServer}.
 *
 * <p><b>Loop-bound</b> like a transport: {@link #close}, {@link #closeClients},
 * {@link #abortClients}, {@link #startServingAsync} and {@link #serveForeverAsync} must be called
 * on the loop thread ({@link IllegalStateException} otherwise). {@link #isServing},
 * {@link #sockets} and {@link #waitClosedAsync} may be called from anywhere.
 *
 * <p>{@link AutoCloseable}: a {@code try}-with-resources block closes the server (but does not
 * wait for its connections; asyncio's {@code async with server} also waits — use
 * {@code serving} in Kotlin, or {@code close()} then {@code waitClosedAsync()}).
 */
public interface Server extends AutoCloseable {
  /** @return the loop the server runs on */
  EventLoop getLoop();

  /**
   * Stops listening: the listening sockets are closed; connections already accepted stay open.
   * Idempotent.
   */
  @Override
  void close();

  /** Closes every connection accepted by this server ({@link Transport#close}, asyncio 3.13). */
  void closeClients();

  /** Aborts every connection accepted by this server ({@link Transport#abort}, asyncio 3.13). */
  void abortClients();

  /**
   * Waits until the server is closed and every connection it accepted is gone (asyncio 3.12+).
   * Cancelling the returned future only stops this wait.
   *
   * @return a future completed with {@code null} on the server's loop
   */
  CompletableFuture<Void> waitClosedAsync();

  /**
   * Starts accepting connections if the server was created with
   * {@code startServing(false)}; no effect otherwise.
   *
   * @return a done future
   */
  CompletableFuture<Void> startServingAsync();

  /**
   * Accepts connections until the returned future is cancelled, then closes the server and
   * waits for it to be closed (asyncio {@code serve_forever}).
   *
   * @return a future that completes only by cancellation
   * @throws IllegalStateException if the server is closed or already serving forever
   */
  CompletableFuture<Void> serveForeverAsync();

  /** @return whether the server accepts connections */
  boolean isServing();

  /** @return the listening channels (empty once closed); do not accept on them directly */
  List<ServerSocketChannel> sockets();
}
