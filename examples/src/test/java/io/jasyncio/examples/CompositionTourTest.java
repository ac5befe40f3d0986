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

/** Runs the composition example on a virtual clock in both languages: same output. */
@Timeout(30)
class CompositionTourTest {
  private static final List<String> EXPECTED = List.of(
      "[0.30 s] gather: [a, b, c]",
      "[0.80 s] waitFor: timed out",
      "[0.90 s] asCompleted: y",
      "[1.00 s] asCompleted: x",
      "[1.30 s] shield: outer cancelled=true, inner saved");

  @BeforeAll
  static void fixLocale() {
    Locale.setDefault(Locale.ROOT);
  }

  @Test
  void java() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<String> pages = CompositionTour.run(new PrintStream(bytes, true, StandardCharsets.UTF_8),
        () -> Asyncio.newEventLoop(new VirtualClock()));
    assertEquals(List.of("a", "b", "c"), pages);
    assertEquals(EXPECTED, bytes.toString(StandardCharsets.UTF_8).lines().toList());
  }

  @Test
  void kotlin() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<String> pages = CompositionTourKt.run(
        new PrintStream(bytes, true, StandardCharsets.UTF_8), new VirtualClock());
    assertEquals(List.of("a", "b", "c"), pages);
    assertEquals(EXPECTED, bytes.toString(StandardCharsets.UTF_8).lines().toList());
  }
}
