package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.AsyncCallable;
import io.jasyncio.Asyncio;
import io.jasyncio.testing.VirtualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Waking waiters never runs inline, so long chains of tasks cannot overflow the stack. */
@Timeout(30)
class DeepChainTest {
  @Test
  void chainOf100kJavaTasks_eachAwaitingTheNext_completesWithoutStackOverflow() {
    int depth = 100_000;
    int result =
        Asyncio.run(level(0, depth), () -> Asyncio.newEventLoop(new VirtualClock()));
    assertEquals(depth, result);
  }

  /** Level k creates the task of level k + 1 when it runs, awaits it, and adds one. */
  private static AsyncCallable<Integer> level(int k, int depth) {
    if (k == depth) {
      return () -> Asyncio.sleep(0.001, 0);
    }
    return () -> Asyncio.createTask(level(k + 1, depth)).thenApply(x -> x + 1);
  }
}
