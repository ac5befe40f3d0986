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

/** The queues example on a virtual clock: Java and Kotlin print the same steps. */
@Timeout(30)
class QueuesTourTest {
  private static final List<String> EXPECTED = List.of(
      "[0.10 s] w1 finished a",
      "[0.10 s] w2 finished b",
      "[0.20 s] w1 finished c",
      "[0.20 s] w2 finished d",
      "[0.30 s] w1 finished e",
      "[0.30 s] all jobs done, 0 unfinished");

  @BeforeAll
  static void fixLocale() {
    Locale.setDefault(Locale.ROOT);
  }

  @Test
  void java_workersShareTheJobs() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<String> done = QueuesTour.run(
        new PrintStream(bytes, true, StandardCharsets.UTF_8),
        () -> Asyncio.newEventLoop(new VirtualClock()));
    assertEquals(List.of("a", "b", "c", "d", "e"), done);
    assertEquals(EXPECTED, bytes.toString(StandardCharsets.UTF_8).lines().toList());
  }

  @Test
  void kotlin_workersShareTheJobs() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<String> done =
        QueuesTourKt.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), new VirtualClock());
    assertEquals(List.of("a", "b", "c", "d", "e"), done);
    assertEquals(EXPECTED, bytes.toString(StandardCharsets.UTF_8).lines().toList());
  }
}
