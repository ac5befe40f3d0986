package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.net.Protocol;
import io.jasyncio.net.Server;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.StreamWriter;
import io.jasyncio.net.Transport;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Networking on the loop (its Kotlin twin is {@code NetTourKt}): an echo server and client with
 * streams; an HTTP responder written with {@code startServer} and again as a {@link Protocol},
 * both answered by the JDK's {@link HttpClient} on loopback; a server whose handler sleeps per
 * request, serving 100 clients in the time of one.
 */
public final class NetTour {
  private NetTour() {}

  public static void main(String[] args) {
    run(System.out, Asyncio::newEventLoop);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  static int port(Server s) {
    try {
      return ((InetSocketAddress) s.sockets().get(0).getLocalAddress()).getPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Runs the four stops, printing what each does. */
  public static void run(PrintStream out, Supplier<EventLoop> loops) {
    Asyncio.run(() -> echo(out)
        .thenCompose(v -> httpWithStreams(out))
        .thenCompose(v -> httpWithProtocol(out))
        .thenCompose(v -> sleepyServer(out, 100)), loops);
  }

  // ---- 1. echo server and client ----------------------------------------------------------------

  static CompletionStage<Void> echo(PrintStream out) {
    return Asyncio.startServer(NetTour::echoClient, "127.0.0.1", 0).thenCompose(server -> {
      out.println("echo server listening on 127.0.0.1");
      return Asyncio.openConnection("127.0.0.1", port(server)).thenCompose(c -> {
        c.writer().write(bytes("hello, loop\n"));
        out.println("client sent: hello, loop");
        return c.reader().readlineAsync().thenCompose(line -> {
          out.println("client got:  " + text(line).strip());
          c.writer().close();
          return c.writer().waitClosedAsync();
        });
      }).thenCompose(v -> {
        server.close();
        return server.waitClosedAsync();
      });
    });
  }

  static CompletionStage<?> echoClient(StreamReader reader, StreamWriter writer) {
    return reader.readlineAsync().thenCompose(line -> {
      if (line.length == 0) {
        writer.close();
        return CompletableFuture.completedFuture(null);
      }
      writer.write(line);
      return writer.drainAsync().thenCompose(v -> echoClient(reader, writer));
    });
  }

  // ---- 2. an HTTP responder with startServer, asked by the JDK HttpClient ----------------------

  static final String BODY = "Hello from jasyncio\n";

  static byte[] response(String body) {
    return bytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
        + body.length() + "\r\nConnection: close\r\n\r\n" + body);
  }

  /** Reads the request head, answers, closes. */
  static CompletionStage<?> httpClient(StreamReader reader, StreamWriter writer) {
    return reader.readuntilAsync(bytes("\r\n\r\n")).thenCompose(head -> {
      String requestLine = text(head).lines().findFirst().orElse("");
      writer.write(response(BODY.replace("jasyncio", "jasyncio streams (" + requestLine + ")")));
      return writer.drainAsync();
    }).whenComplete((v, e) -> writer.close());
  }

  static CompletionStage<String> get(int port, String path) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
    // the JDK client completes on its own threads: ensureFuture brings the answer back to the loop
    Future<HttpResponse<String>> f = Asyncio.ensureFuture(http.sendAsync(req, HttpResponse.BodyHandlers.ofString()));
    return f.thenApply(r -> r.statusCode() + " " + r.body().strip());
  }

  static CompletionStage<Void> httpWithStreams(PrintStream out) {
    return Asyncio.startServer(NetTour::httpClient, "127.0.0.1", 0).thenCompose(server -> {
      out.println("HTTP responder (startServer) listening");
      return get(port(server), "/streams").thenCompose(answer -> {
        out.println("HttpClient got: " + answer);
        server.close();
        return server.waitClosedAsync();
      });
    });
  }

  // ---- 3. the same responder as a Protocol --------------------------------------------------------

  /** Collects the request head, then answers and closes: the transport/protocol level. */
  static final class HttpProtocol implements Protocol {
    private final StringBuilder head = new StringBuilder();
    private Transport transport;

    @Override
    public void connectionMade(Transport t) {
      transport = t;
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      head.append(StandardCharsets.ISO_8859_1.decode(data));
      int end = head.indexOf("\r\n\r\n");
      if (end >= 0 && !transport.isClosing()) {
        String requestLine = head.substring(0, head.indexOf("\r\n"));
        transport.write(response(BODY.replace("jasyncio", "a jasyncio Protocol (" + requestLine + ")")));
        transport.close(); // flushes first
      }
    }
  }

  static CompletionStage<Void> httpWithProtocol(PrintStream out) {
    EventLoop loop = Asyncio.getRunningLoop();
    return loop.createServer(HttpProtocol::new, "127.0.0.1", 0).thenCompose(server -> {
      out.println("HTTP responder (Protocol) listening");
      return get(port(server), "/protocol").thenCompose(answer -> {
        out.println("HttpClient got: " + answer);
        server.close();
        return server.waitClosedAsync();
      });
    });
  }

  // ---- 4. a handler that sleeps per request, 100 clients at once -----------------------------------

  static CompletionStage<Void> sleepyServer(PrintStream out, int clients) {
    EventLoop loop = Asyncio.getRunningLoop();
    return Asyncio.startServer((reader, writer) -> reader.readlineAsync()
        .thenCompose(line -> Asyncio.sleep(0.1, line)) // a slow request: 0.1 s, others run meanwhile
        .thenCompose(line -> {
          writer.write(bytes("done " + text(line)));
          writer.close();
          return writer.waitClosedAsync();
        }), "127.0.0.1", 0).thenCompose(server -> {
          double t0 = loop.time();
          List<CompletableFuture<String>> answers = new ArrayList<>();
          for (int i = 0; i < clients; i++) {
            String req = "request " + i + "\n";
            answers.add(Asyncio.openConnection("127.0.0.1", port(server)).thenCompose(c -> {
              c.writer().write(bytes(req));
              return c.reader().readAsync(-1).thenApply(NetTour::text)
                  .whenComplete((x, e) -> c.writer().close());
            }).toCompletableFuture());
          }
          return CompletableFuture.allOf(answers.toArray(new CompletableFuture[0])).thenCompose(all -> {
            long ok = answers.stream().filter(a -> a.join().startsWith("done request")).count();
            out.printf("%d clients served by a handler that sleeps 0.1 s each: %.2f s in all%n",
                ok, loop.time() - t0);
            server.close();
            return server.waitClosedAsync();
          });
        });
  }
}
