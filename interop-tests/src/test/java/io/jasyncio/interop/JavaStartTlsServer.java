package io.jasyncio.interop;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.net.Server;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;

/** A Java server (own loop thread) that answers "STARTTLS", upgrades, then upper-cases one line. */
final class JavaStartTlsServer implements AutoCloseable {
  final EventLoop loop = Asyncio.newEventLoop();
  private final Thread thread = new Thread(loop::runForever, "java-starttls-loop");
  final Server server;

  JavaStartTlsServer(SSLContext ctx) throws Exception {
    thread.start();
    server = loop.runCoroutineThreadsafe(() -> Asyncio.startServer((r, w) -> r.readlineAsync().thenCompose(l -> {
      w.write("GO\n".getBytes(StandardCharsets.UTF_8));
      return w.startTlsAsync(ctx, null);
    }).thenCompose(v -> r.readlineAsync()).thenAccept(line -> {
      w.write(new String(line, StandardCharsets.UTF_8).toUpperCase().getBytes(StandardCharsets.UTF_8));
      w.close();
    }), "127.0.0.1", 0)).get();
  }

  int port() throws Exception {
    return ((java.net.InetSocketAddress) server.sockets().get(0).getLocalAddress()).getPort();
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
