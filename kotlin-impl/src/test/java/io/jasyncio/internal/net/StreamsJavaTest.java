package io.jasyncio.internal.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.net.Server;
import io.jasyncio.net.StreamConnection;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StreamsJavaTest {
  static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  static String s(byte[] b) {
    return new String(b, UTF_8);
  }

  static int port(Server server) {
    return ((InetSocketAddress) NetTestSupport.localAddress(server.sockets().get(0))).getPort();
  }

  @Test
  void echo_lineByLine() {
    String out = Asyncio.run(() -> Asyncio.startServer((r, w) ->
            r.readlineAsync().thenCompose(line -> {
              w.write(line);
              return w.drainAsync();
            }).thenRun(w::close), "127.0.0.1", 0)
        .thenCompose(server -> Asyncio.openConnection("127.0.0.1", port(server))
            .thenCompose(c -> {
              c.writer().write(b("hello\n"));
              return c.reader().readlineAsync()
                  .thenCompose(line -> c.reader().readAsync(-1).thenApply(rest -> s(line) + "|" + s(rest)))
                  .whenComplete((x, e) -> c.writer().close());
            })
            .whenComplete((x, e) -> server.close())
            .thenCompose(x -> server.waitClosedAsync().thenApply(v -> x))));
    assertEquals("hello\n|", out);
  }

  @Test
  void connect_refused_isConnectException() {
    CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, () ->
        Asyncio.run(() -> Asyncio.startServer((r, w) -> null, "127.0.0.1", 0).thenCompose(server -> {
          int p = port(server);
          server.close();
          return server.waitClosedAsync().thenCompose(v -> Asyncio.openConnection("127.0.0.1", p));
        })));
    assertInstanceOf(ConnectException.class, e.getCause(), e.toString());
  }
}
