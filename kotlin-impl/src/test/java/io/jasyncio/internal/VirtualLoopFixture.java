package io.jasyncio.internal;

import io.jasyncio.EventLoop;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** A fresh virtual-clock loop per test, closed afterwards, and a list to record events in. */
abstract class VirtualLoopFixture {
  protected final EventLoop loop = Loops.virtualLoop();
  protected final List<String> events = new ArrayList<>();

  @AfterEach
  void closeLoop() {
    if (!loop.isRunning()) {
      loop.close();
    }
  }
}
