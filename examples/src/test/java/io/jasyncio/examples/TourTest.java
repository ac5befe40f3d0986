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

/** Runs each example on a virtual clock and checks its exact output: Java and Kotlin agree. */
@Timeout(30)
class TourTest {
  private static final List<String> EXPECTED = List.of(
      "[0.00 s] created coffee, toast, eggs",
      "[0.00 s] callSoon: runs in the next loop iteration",
      "[0.00 s] coffee: started in coffee",
      "[0.00 s] toast: started in toast",
      "[0.00 s] eggs: started in eggs",
      "[0.05 s] callLater: 50 ms after the start",
      "[0.10 s] eggs: done",
      "[0.20 s] toast: done",
      "[0.30 s] coffee: done",
      "[0.30 s] [coffee, toast, eggs] ready: the time of the longest (0.3 s), not the sum (0.6 s)");

  @BeforeAll
  static void fixLocale() {
    Locale.setDefault(Locale.ROOT);
  }

  @Test
  void javaTour_printsTheSameStepsOnTheVirtualClock() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<String> result = TasksTour.run(
        new PrintStream(bytes, true, StandardCharsets.UTF_8),
        () -> Asyncio.newEventLoop(new VirtualClock()));
    assertEquals(List.of("coffee", "toast", "eggs"), result);
    assertEquals(EXPECTED, bytes.toString(StandardCharsets.UTF_8).lines().toList());
  }

  @Test
  void kotlinTour_printsTheSameStepsOnTheVirtualClock() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<String> result =
        TasksTourKt.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), new VirtualClock());
    assertEquals(List.of("coffee", "toast", "eggs"), result);
    assertEquals(EXPECTED, bytes.toString(StandardCharsets.UTF_8).lines().toList());
  }
}
