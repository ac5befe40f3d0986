package io.jasyncio;

import io.jasyncio.spi.ProcessEngine;
import java.util.Iterator;
import java.util.ServiceLoader;

/** Runner's Ctrl-C handling (issue 12), found through the process engine; a no-op without one. */
final class RunnerSigint {
  private RunnerSigint() {}

  private static final class Holder {
    static final ProcessEngine ENGINE = load();

    private static ProcessEngine load() {
      Iterator<ProcessEngine> it = ServiceLoader.load(ProcessEngine.class, RunnerSigint.class.getClassLoader()).iterator();
      if (!it.hasNext()) it = ServiceLoader.load(ProcessEngine.class).iterator();
      return it.hasNext() ? it.next() : null;
    }
  }

  static AutoCloseable install(EventLoop loop, Task<?> main) {
    ProcessEngine e = Holder.ENGINE;
    return e == null ? null : e.interruptOnSigint(loop, main);
  }

  static void restore(AutoCloseable c) {
    if (c == null) return;
    try {
      c.close();
    } catch (Exception ignored) {
      // restoring a signal handler does not fail
    }
  }
}
