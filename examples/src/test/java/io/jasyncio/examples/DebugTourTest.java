package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The debugging tour in both languages: the same reports, in the same order. */
@Timeout(60)
class DebugTourTest {
  private static final List<String> EXPECTED = List.of(
      "debug mode: true",
      "slow step: task crunch",
      "watchdog: the loop is blocked in CountDownLatch.await",
      "slow step: task stuck",
      "done");

  @Test
  void java() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DebugTour.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertEquals(EXPECTED, bytes.toString(StandardCharsets.UTF_8).lines().toList());
  }

  @Test
  void kotlin() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DebugTourKt.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertEquals(EXPECTED, bytes.toString(StandardCharsets.UTF_8).lines().toList());
  }
}
