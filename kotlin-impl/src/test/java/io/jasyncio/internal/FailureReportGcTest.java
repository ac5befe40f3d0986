package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.ExceptionContext;
import io.jasyncio.Task;
import io.jasyncio.testing.VirtualClock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A failure nobody retrieved is reported once: when its task is collected, or at close. */
@Timeout(30)
class FailureReportGcTest {
  private static Task<Object> failingTask(EventLoop loop) {
    return loop.createTask(() -> {
      throw new IllegalStateException("lost");
    }, "orphan");
  }

  @Test
  void unretrievedFailure_isReportedWhenTheTaskIsCollected() throws Exception {
    EventLoop loop = Asyncio.newEventLoop(new VirtualClock());
    List<ExceptionContext> reports = new CopyOnWriteArrayList<>();
    loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
    loop.runUntilComplete(loop.createTask(() -> {
      failingTask(loop); // dropped on the floor
      return Asyncio.sleep(0);
    }));
    // The orphan failed in the first iteration; nothing references it any more.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (reports.isEmpty() && System.nanoTime() < deadline) {
      System.gc();
      // the Cleaner thread posts the report to the loop: give the loop one iteration
      loop.runUntilComplete(loop.createTask(() -> Asyncio.sleep(0)));
    }
    assertEquals(1, reports.size(), "reports: " + reports);
    ExceptionContext ctx = reports.get(0);
    assertEquals("Task exception was never retrieved: Task 'orphan'", ctx.message());
    assertInstanceOf(IllegalStateException.class, ctx.exception());
    assertEquals("lost", ctx.exception().getMessage());
    loop.close();
    assertEquals(1, reports.size(), "reported once, not again at close");
  }

  @Test
  void unretrievedFailure_isReportedOnceAtClose_whenStillReferenced() {
    EventLoop loop = Asyncio.newEventLoop(new VirtualClock());
    List<ExceptionContext> reports = new CopyOnWriteArrayList<>();
    loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
    Task<Object> kept = loop.createTask(() -> {
      throw new IllegalStateException("kept");
    });
    loop.runUntilComplete(loop.createTask(() -> Asyncio.sleep(0)));
    assertTrue(kept.done());
    assertEquals(List.of(), reports);
    loop.close();
    assertEquals(1, reports.size());
    assertEquals("kept", reports.get(0).exception().getMessage());
    System.gc();
    assertEquals(1, reports.size());
  }
}
