package io.jasyncio.internal;

import io.jasyncio.Asyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PlumbingJavaTest {
  @Test
  void run_returnsResult() {
    assertEquals(42, Asyncio.run(() -> Asyncio.sleep(0, 42)));
  }
}
