package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.Asyncio;
import io.jasyncio.testing.VirtualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The README's quick start: both languages answer 42 after 0.3 s of loop time, not 0.5 s. */
@Timeout(30)
class QuickStartTest {
  @Test
  void java_answers42_inTheTimeOfTheLongestTask() {
    VirtualClock clock = new VirtualClock();
    assertEquals(42, QuickStart.answer(() -> Asyncio.newEventLoop(clock)));
    assertEquals(0.3, clock.nanos() / 1e9, 1e-9);
  }

  @Test
  void javaDirect_answers42_inTheTimeOfTheLongestTask() {
    VirtualClock clock = new VirtualClock();
    assertEquals(42, QuickStart.answerDirect(() -> Asyncio.newEventLoop(clock)));
    assertEquals(0.3, clock.nanos() / 1e9, 1e-9);
  }

  @Test
  void kotlin_answers42_inTheTimeOfTheLongestTask() {
    VirtualClock clock = new VirtualClock();
    assertEquals(42, QuickStartKt.answer(clock));
    assertEquals(0.3, clock.nanos() / 1e9, 1e-9);
  }
}
