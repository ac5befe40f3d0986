package io.jasyncio.interop;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.net.Server;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.StreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A Java stream server on its own loop thread: answers each line with "<n>: LINE", n counting per connection. */
final class JavaLineServer implements AutoCloseable {
  final EventLoop loop = Asyncio.newEventLoop();
  private final Thread thread = new Thread(loop::runForever, "java-server-loop");
  final Server server;

  JavaLineServer() throws Exception {
    this(io.jasyncio.net.ServerOptions.defaults());
  }

  /** With options: TLS (issue 11) when {@code options.ssl()} is set. */
  JavaLineServer(io.jasyncio.net.ServerOptions options) throws Exception {
    thread.start();
    server = loop.runCoroutineThreadsafe(() -> Asyncio.startServer(JavaLineServer::serve, "127.0.0.1", 0, options))
        .get();
  }

  int port() throws Exception {
    return ((java.net.InetSocketAddress) server.sockets().get(0).getLocalAddress()).getPort();
  }

  private static CompletionStage<?> serve(StreamReader r, StreamWriter w) {
    return serveFrom(r, w, 1);
  }

  private static CompletionStage<?> serveFrom(StreamReader r, StreamWriter w, int n) {
    return r.readlineAsync().thenCompose(line -> {
      if (line.length == 0) {
        w.close();
        return CompletableFuture.completedFuture(null);
      }
      String s = new String(line, StandardCharsets.UTF_8).toUpperCase();
      w.write((n + ": " + s).getBytes(StandardCharsets.UTF_8));
      return w.drainAsync().thenCompose(v -> serveFrom(r, w, n + 1));
    });
  }

  @Override
  public void close() throws Exception {
    loop.runCoroutineThreadsafe(() -> {
      server.close();
      return server.waitClosedAsync();
    }).get();
    loop.callSoonThreadsafe(loop::stop);
    thread.join();
    loop.close();
  }
}
