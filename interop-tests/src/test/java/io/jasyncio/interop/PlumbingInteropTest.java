package io.jasyncio.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.Asyncio;
import org.junit.jupiter.api.Test;

class PlumbingInteropTest {
  @Test
  void javaRun() {
    assertEquals(7, Asyncio.run(() -> Asyncio.sleep(0.0, 7)));
  }
}
