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

/** Runs the structured-concurrency stop of the tour on a virtual clock: Java and Kotlin agree. */
@Timeout(30)
class ScopesTourTest {
  private static final List<String> EXPECTED = List.of(
      "[0.10 s] fetched b",
      "[0.20 s] fetched c",
      "[0.30 s] fetched a",
      "[0.30 s] group done: [a, b, c]",
      "[0.80 s] slow: TimeoutError after 0.5 s",
      "[1.00 s] group failed: [broken link]; the other fetch was cancelled");

  @BeforeAll
  static void fixLocale() {
    Locale.setDefault(Locale.ROOT);
  }

  @Test
  void javaTour() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<String> result = ScopesTour.run(
        new PrintStream(bytes, true, StandardCharsets.UTF_8),
        () -> Asyncio.newEventLoop(new VirtualClock()));
    assertEquals(List.of("a", "b", "c"), result);
    assertEquals(EXPECTED, bytes.toString(StandardCharsets.UTF_8).lines().toList());
  }

  @Test
  void kotlinTour() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<String> result =
        ScopesTourKt.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), new VirtualClock());
    assertEquals(List.of("a", "b", "c"), result);
    assertEquals(EXPECTED, bytes.toString(StandardCharsets.UTF_8).lines().toList());
  }
}
