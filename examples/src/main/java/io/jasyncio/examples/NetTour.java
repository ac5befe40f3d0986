package io.jasyncio.examples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.direct;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.net.ClientConnected;
import io.jasyncio.net.Protocol;
import io.jasyncio.net.Server;
import io.jasyncio.net.StreamConnection;
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
import java.util.function.Supplier;

/**
 * Networking on the loop, in Java direct style (its Kotlin twin is {@code NetTourKt}): an echo
 * server and client with streams; an HTTP responder written with {@code startServer} and again as
 * a {@link Protocol}, both answered by the JDK's {@link HttpClient} on loopback; a server whose
 * handler sleeps per request, serving 100 clients in the time of one.
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

  static int port(Server s) throws java.io.IOException {
    return ((InetSocketAddress) s.sockets().get(0).getLocalAddress()).getPort();
  }

  /** Runs the four stops, printing what each does. */
  public static void run(PrintStream out, Supplier<EventLoop> loops) {
    Asyncio.run(direct(() -> {
      echo(out);
      httpWithStreams(out);
      httpWithProtocol(out);
      sleepyServer(out, 100);
      return null;
    }), loops);
  }

  // ---- 1. echo server and client ----------------------------------------------------------------

  static void echo(PrintStream out) throws Exception {
    Server server = await(Asyncio.startServer(ClientConnected.direct((reader, writer) -> {
      while (true) {
        byte[] line = await(reader.readlineAsync());
        if (line.length == 0) {
          break;
        }
        writer.write(line);
        await(writer.drainAsync());
      }
      writer.close();
    }), "127.0.0.1", 0));
    out.println("echo server listening on 127.0.0.1");
    StreamConnection c = await(Asyncio.openConnection("127.0.0.1", port(server)));
    c.writer().write(bytes("hello, loop\n"));
    out.println("client sent: hello, loop");
    out.println("client got:  " + text(await(c.reader().readlineAsync())).strip());
    c.writer().close();
    await(c.writer().waitClosedAsync());
    server.close();
    await(server.waitClosedAsync());
  }

  // ---- 2. an HTTP responder with startServer, asked by the JDK HttpClient ----------------------

  static final String BODY = "Hello from jasyncio\n";

  static byte[] response(String body) {
    return bytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
        + body.length() + "\r\nConnection: close\r\n\r\n" + body);
  }

  static String get(int port, String path) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
    // the JDK client completes on its own threads; await brings the answer back to the loop
    HttpResponse<String> r = await(http.sendAsync(req, HttpResponse.BodyHandlers.ofString()));
    return r.statusCode() + " " + r.body().strip();
  }

  static void httpWithStreams(PrintStream out) throws Exception {
    Server server = await(Asyncio.startServer(ClientConnected.direct((reader, writer) -> {
      String requestLine = text(await(reader.readuntilAsync(bytes("\r\n\r\n")))).lines().findFirst().orElse("");
      writer.write(response(BODY.replace("jasyncio", "jasyncio streams (" + requestLine + ")")));
      writer.close();
    }), "127.0.0.1", 0));
    out.println("HTTP responder (startServer) listening");
    out.println("HttpClient got: " + get(port(server), "/streams"));
    server.close();
    await(server.waitClosedAsync());
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
      if (head.indexOf("\r\n\r\n") >= 0 && !transport.isClosing()) {
        String requestLine = head.substring(0, head.indexOf("\r\n"));
        transport.write(response(BODY.replace("jasyncio", "a jasyncio Protocol (" + requestLine + ")")));
        transport.close(); // flushes first
      }
    }
  }

  static void httpWithProtocol(PrintStream out) throws Exception {
    Server server = await(Asyncio.getRunningLoop().createServer(HttpProtocol::new, "127.0.0.1", 0));
    out.println("HTTP responder (Protocol) listening");
    out.println("HttpClient got: " + get(port(server), "/protocol"));
    server.close();
    await(server.waitClosedAsync());
  }

  // ---- 4. a handler that sleeps per request, 100 clients at once -----------------------------------

  static void sleepyServer(PrintStream out, int clients) throws Exception {
    EventLoop loop = Asyncio.getRunningLoop();
    Server server = await(Asyncio.startServer(ClientConnected.direct((reader, writer) -> {
      byte[] line = await(reader.readlineAsync());
      await(Asyncio.sleep(0.1)); // a slow request: the other connections are served meanwhile
      writer.write(bytes("done " + text(line)));
      writer.close();
    }), "127.0.0.1", 0));
    int port = port(server);
    double t0 = loop.time();
    List<Task<String>> answers = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      String req = "request " + i + "\n";
      answers.add(Asyncio.createTask(direct(() -> {
        StreamConnection c = await(Asyncio.openConnection("127.0.0.1", port));
        c.writer().write(bytes(req));
        String answer = text(await(c.reader().readAsync(-1)));
        c.writer().close();
        return answer;
      })));
    }
    int ok = 0;
    for (Task<String> a : answers) {
      if (await(a).startsWith("done request")) {
        ok++;
      }
    }
    out.printf("%d clients served by a handler that sleeps 0.1 s each: %.2f s in all%n", ok, loop.time() - t0);
    server.close();
    await(server.waitClosedAsync());
  }
}
