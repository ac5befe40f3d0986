package io.jasyncio.examples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.direct;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Semaphore;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;
import io.jasyncio.net.ClientConnected;
import io.jasyncio.net.ConnectionOptions;
import io.jasyncio.net.Server;
import io.jasyncio.net.ServerOptions;
import io.jasyncio.net.StreamConnection;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * TLS on the loop, in Java direct style (its Kotlin twin is {@code TlsTourKt}): the crawler
 * shape. A TLS server on loopback presents a self-signed certificate for "localhost" (made at run
 * time by keytool, see {@link TourCertificate}); 100 client tasks fetch a page each over TLS, at
 * most 10 at a time (a {@link Semaphore}), each request bounded by a timeout
 * ({@link Asyncio#waitFor}). The client checks the certificate and the host name, as asyncio's
 * default context does.
 */
public final class TlsTour {
  private TlsTour() {}

  public static void main(String[] args) {
    run(System.out, Asyncio::newEventLoop);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /** Runs the crawler, printing what it does. */
  public static void run(PrintStream out, Supplier<EventLoop> loops) {
    TourCertificate cert = TourCertificate.get();
    Asyncio.run(direct(() -> {
      crawl(out, cert, 100, 10);
      return null;
    }), loops);
  }

  static void crawl(PrintStream out, TourCertificate cert, int pages, int limit) throws Exception {
    // the server: one page per connection, "page <n>" for "GET /<n>"
    Server server = await(Asyncio.startServer(ClientConnected.direct((reader, writer) -> {
      String path = text(await(reader.readlineAsync())).split(" ")[1];
      writer.write(bytes("HTTP/1.0 200 OK\r\n\r\npage " + path.substring(1)));
      writer.close();
    }), "127.0.0.1", 0, ServerOptions.defaults().ssl(cert.server)));
    int port = ((InetSocketAddress) server.sockets().get(0).getLocalAddress()).getPort();
    out.println("TLS server on 127.0.0.1 with a self-signed certificate for localhost");

    Semaphore slots = Semaphore.create(limit);
    int[] inFlight = {0, 0}; // now, peak (loop thread only)
    List<Task<String>> fetches = new ArrayList<>();
    for (int i = 0; i < pages; i++) {
      String path = "/" + i;
      fetches.add(Asyncio.createTask(direct(() -> {
        await(slots.acquireAsync());
        inFlight[1] = Math.max(inFlight[1], ++inFlight[0]);
        try {
          return await(Asyncio.waitFor(direct(() -> fetch(cert, port, path)), 10.0));
        } finally {
          inFlight[0]--;
          slots.release();
        }
      })));
    }
    int ok = 0;
    int timedOut = 0;
    String protocol = null;
    for (Task<String> f : fetches) {
      try {
        String body = await(f);
        if (body.startsWith("TLSv1") && body.endsWith("page " + ok)) {
          protocol = body.substring(0, body.indexOf(' '));
          ok++;
        }
      } catch (TimeoutError e) {
        timedOut++;
      }
    }
    out.printf("%d pages fetched over %s, at most %d at a time, %d timed out%n", ok, protocol, inFlight[1], timedOut);
    server.close();
    await(server.waitClosedAsync());
    out.println("server closed");
  }

  /** One page: connect over TLS (certificate and host name checked), ask, read to EOF. */
  static String fetch(TourCertificate cert, int port, String path) throws Exception {
    StreamConnection c = await(Asyncio.openConnection("localhost", port,
        ConnectionOptions.defaults().ssl(cert.client)));
    try {
      c.writer().write(bytes("GET " + path + " HTTP/1.0\r\nHost: localhost\r\n\r\n"));
      String response = text(await(c.reader().readAsync(-1)));
      String protocol = ((String[]) c.writer().getExtraInfo("cipher"))[1];
      return protocol + " " + response.substring(response.indexOf("\r\n\r\n") + 4);
    } finally {
      c.writer().close();
    }
  }
}
