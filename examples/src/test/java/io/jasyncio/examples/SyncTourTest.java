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

/** Runs the synchronization example on a virtual clock: Java and Kotlin print the same steps. */
@Timeout(30)
class SyncTourTest {
  private static final List<String> EXPECTED = List.of(
      "[0.05 s] start!",
      "[0.05 s] file1: downloading (1 slot(s) left)",
      "[0.05 s] file2: downloading (0 slot(s) left)",
      "[0.15 s] file1: done",
      "[0.15 s] file2: done",
      "[0.15 s] file3: downloading (0 slot(s) left)",
      "[0.15 s] file4: downloading (0 slot(s) left)",
      "[0.25 s] file3: done",
      "[0.25 s] file4: done",
      "[0.25 s] all done: two at a time, so 0.2 s after the start");

  @BeforeAll
  static void fixLocale() {
    Locale.setDefault(Locale.ROOT);
  }

  @Test
  void javaSyncTour_printsTheExpectedSteps() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<String> result = SyncTour.run(
        new PrintStream(bytes, true, StandardCharsets.UTF_8),
        () -> Asyncio.newEventLoop(new VirtualClock()));
    assertEquals(List.of("file1", "file2", "file3", "file4"), result);
    assertEquals(EXPECTED, bytes.toString(StandardCharsets.UTF_8).lines().toList());
  }

  @Test
  void kotlinSyncTour_printsTheSameSteps() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<String> result =
        SyncTourKt.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), new VirtualClock());
    assertEquals(List.of("file1", "file2", "file3", "file4"), result);
    assertEquals(EXPECTED, bytes.toString(StandardCharsets.UTF_8).lines().toList());
  }
}
