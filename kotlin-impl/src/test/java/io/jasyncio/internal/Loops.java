package io.jasyncio.internal;

import io.jasyncio.AsyncCallable;
import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.ExceptionContext;
import io.jasyncio.testing.VirtualClock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Small helpers shared by the Java tests of the event loop. */
final class Loops {
  private Loops() {}

  static EventLoop virtualLoop() {
    return Asyncio.newEventLoop(new VirtualClock());
  }

  static <T> T runVirtual(AsyncCallable<T> main) {
    return Asyncio.run(main, Loops::virtualLoop);
  }

  /** Installs a handler on {@code loop} that records every context it is given. */
  static List<ExceptionContext> recordErrors(EventLoop loop) {
    List<ExceptionContext> seen = new CopyOnWriteArrayList<>();
    loop.setExceptionHandler((l, ctx) -> seen.add(ctx));
    return seen;
  }
}
