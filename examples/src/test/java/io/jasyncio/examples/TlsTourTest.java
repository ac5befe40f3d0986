package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.Asyncio;
import io.jasyncio.Clock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The TLS crawler on loopback (real clock: the handshakes' delegated tasks run on the default
 * executor). Java and Kotlin print the same lines.
 */
@Timeout(120)
class TlsTourTest {
  private static final List<String> EXPECTED = List.of(
      "TLS server on 127.0.0.1 with a self-signed certificate for localhost",
      "100 pages fetched over TLSv1.3, at most 10 at a time, 0 timed out",
      "server closed");

  @Test
  void javaTlsTour_printsTheExpectedSteps() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TlsTour.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), Asyncio::newEventLoop);
    assertEquals(EXPECTED, bytes.toString(StandardCharsets.UTF_8).lines().toList());
  }

  @Test
  void kotlinTlsTour_printsTheSameSteps() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TlsTourKt.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), Clock.monotonic());
    assertEquals(EXPECTED, bytes.toString(StandardCharsets.UTF_8).lines().toList());
  }
}
