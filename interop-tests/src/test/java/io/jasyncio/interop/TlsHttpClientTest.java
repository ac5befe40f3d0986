package io.jasyncio.interop;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.internal.net.TestCerts;
import io.jasyncio.net.Server;
import io.jasyncio.net.ServerOptions;
import io.jasyncio.net.StreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A jasyncio TLS server (Java face, own loop thread) fetched by the JDK's HttpClient over https. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TlsHttpClientTest {
  static CompletableFuture<Void> readHeaders(StreamReader r) {
    return r.readlineAsync().thenCompose(l -> l.length <= 2 ? CompletableFuture.completedFuture(null) : readHeaders(r));
  }

  @Test
  void jasyncioTlsServer_readByJdkHttpClient_byAddressAndByName() throws Exception {
    TestCerts certs = TestCerts.get();
    EventLoop loop = Asyncio.newEventLoop();
    Thread th = new Thread(loop::runForever, "tls-loop");
    th.start();
    try {
      Server server = loop.runCoroutineThreadsafe(() -> Asyncio.startServer((r, w) -> readHeaders(r).thenCompose(v -> {
        w.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nhello"
            .getBytes(UTF_8));
        return w.drainAsync().thenRun(w::close);
      }), "127.0.0.1", 0, ServerOptions.defaults().ssl(certs.server))).get(10, TimeUnit.SECONDS);
      int port = ((InetSocketAddress) server.sockets().get(0).getLocalAddress()).getPort();
      HttpClient http = HttpClient.newBuilder().sslContext(certs.client).version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10)).build();
      for (String host : new String[] {"127.0.0.1", "localhost"}) {
        HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create("https://" + host + ":" + port + "/"))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, resp.statusCode());
        assertEquals("hello", resp.body());
      }
      loop.runCoroutineThreadsafe(() -> {
        server.close();
        return server.waitClosedAsync();
      }).get(20, TimeUnit.SECONDS);
    } finally {
      loop.callSoonThreadsafe(loop::stop);
      th.join(10_000);
      loop.close();
    }
  }
}
