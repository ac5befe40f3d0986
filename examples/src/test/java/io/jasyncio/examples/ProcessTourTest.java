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
 * The subprocess and signal stops, on the real clock (children and signals come from outside
 * the loop). Each stop installs its SIGTERM handler before it sends SIGTERM to this JVM, so the
 * JVM never gets one it does not handle. Java and Kotlin print the same lines.
 */
@Timeout(60)
class ProcessTourTest {
  private static final List<String> EXPECTED = List.of(
      "a.txt",
      "b.txt",
      "6 * 7 = 42",
      "both exited: 0 0",
      "client got: hello",
      "SIGTERM received: closing the server",
      "server closed cleanly");

  @Test
  void javaProcessTour_printsTheExpectedSteps() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProcessTour.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), Asyncio::newEventLoop);
    assertEquals(EXPECTED, bytes.toString(StandardCharsets.UTF_8).lines().toList());
  }

  @Test
  void kotlinProcessTour_printsTheSameSteps() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProcessTourKt.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), Clock.monotonic());
    assertEquals(EXPECTED, bytes.toString(StandardCharsets.UTF_8).lines().toList());
  }
}
