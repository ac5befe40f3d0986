package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jasyncio.spi.Checks;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChecksTest {
  @Test
  void delayNanos_negativeIsZero_nanAndInfinityRejected() {
    assertEquals(0, Checks.delayNanos(-1.5, "delay"));
    assertEquals(0, Checks.delayNanos(Duration.ofSeconds(-3), "delay"));
    assertEquals(1_500_000_000L, Checks.delayNanos(1.5, "delay"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Checks.delayNanos(Double.NaN, "timeout"));
    assertEquals("timeout must be a finite number of seconds, got NaN", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Checks.delayNanos(Double.POSITIVE_INFINITY, "d"));
    assertThrows(NullPointerException.class, () -> Checks.delayNanos((Duration) null, "d"));
  }

  @Test
  void delayNanos_hugeValuesAreCapped() {
    assertEquals(Checks.MAX_NANOS, Checks.delayNanos(1e300, "d"));
    assertEquals(Checks.MAX_NANOS, Checks.delayNanos(Duration.ofDays(1_000_000_000L), "d"));
  }
}
