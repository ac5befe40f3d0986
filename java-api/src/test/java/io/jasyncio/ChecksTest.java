package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jasyncio.spi.Checks;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChecksTest {
  @Test
  void delayNanos_negativeIsZero_nanRejected_infinityIsTheCap() {
    assertEquals(0, Checks.delayNanos(-1.5, "delay"));
    assertEquals(0, Checks.delayNanos(Duration.ofSeconds(-3), "delay"));
    assertEquals(1_500_000_000L, Checks.delayNanos(1.5, "delay"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Checks.delayNanos(Double.NaN, "timeout"));
    assertEquals("timeout must be a number of seconds, got NaN", e.getMessage());
    assertEquals(Checks.MAX_NANOS, Checks.delayNanos(Double.POSITIVE_INFINITY, "d"));
    assertEquals(0, Checks.delayNanos(Double.NEGATIVE_INFINITY, "d"));
    assertThrows(NullPointerException.class, () -> Checks.delayNanos((Duration) null, "d"));
  }

  @Test
  void delayNanos_hugeValuesAreCapped() {
    assertEquals(Checks.MAX_NANOS, Checks.delayNanos(1e300, "d"));
    assertEquals(Checks.MAX_NANOS, Checks.delayNanos(Duration.ofDays(1_000_000_000L), "d"));
  }

  @Test
  void timeNanos_infinitiesAreClamped_nanRejected() {
    assertEquals(Checks.MAX_NANOS, Checks.timeNanos(Double.POSITIVE_INFINITY, "when"));
    assertEquals(-Checks.MAX_NANOS, Checks.timeNanos(Double.NEGATIVE_INFINITY, "when"));
    assertEquals(Checks.MAX_NANOS, Checks.timeNanos(1e18, "when"));
    assertEquals(2_500_000_000L, Checks.timeNanos(2.5, "when"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Checks.timeNanos(Double.NaN, "when"));
    assertEquals("when must be a time in seconds, got NaN", e.getMessage());
  }
}
