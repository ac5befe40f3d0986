package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.Asyncio;
import io.jasyncio.testing.VirtualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The networking stops on loopback, on a virtual clock: the sleeping handler serves 100 clients
 * in 0.1 s of loop time (the clock jumps only when no I/O is ready). Java and Kotlin print the
 * same lines.
 */
@Timeout(60)
class NetTourTest {
  private static final List<String> EXPECTED = List.of(
      "echo server listening on 127.0.0.1",
      "client sent: hello, loop",
      "client got:  hello, loop",
      "HTTP responder (startServer) listening",
      "HttpClient got: 200 Hello from jasyncio streams (GET /streams HTTP/1.1)",
      "HTTP responder (Protocol) listening",
      "HttpClient got: 200 Hello from a jasyncio Protocol (GET /protocol HTTP/1.1)",
      "100 clients served by a handler that sleeps 0.1 s each: 0.10 s in all");

  @BeforeAll
  static void fixLocale() {
    Locale.setDefault(Locale.ROOT);
  }

  @Test
  void javaNetTour_printsTheExpectedSteps() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    NetTour.run(new PrintStream(bytes, true, StandardCharsets.UTF_8),
        () -> Asyncio.newEventLoop(new VirtualClock()));
    assertEquals(EXPECTED, bytes.toString(StandardCharsets.UTF_8).lines().toList());
  }

  @Test
  void kotlinNetTour_printsTheSameSteps() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    NetTourKt.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), new VirtualClock());
    assertEquals(EXPECTED, bytes.toString(StandardCharsets.UTF_8).lines().toList());
  }
}
