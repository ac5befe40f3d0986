package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.AsyncCallable;
import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.ExceptionContext;
import io.jasyncio.Future;
import io.jasyncio.Runner;
import io.jasyncio.Task;
import io.jasyncio.testing.VirtualClock;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BadInputTest extends VirtualLoopFixture {
  private static void assertNpeNaming(String name, Executable e) {
    NullPointerException npe = assertThrows(NullPointerException.class, e);
    assertTrue(npe.getMessage() != null && npe.getMessage().contains(name),
        "message should name '" + name + "': " + npe.getMessage());
  }

  private static void assertRejected(Executable e) {
    assertThrows(IllegalArgumentException.class, e);
  }

  @Test
  void nulls_onTheLoop_throwNullPointerExceptionNamingTheParameter() throws Exception {
    assertNpeNaming("callback", () -> loop.callSoon(null));
    assertNpeNaming("callback", () -> loop.callSoonThreadsafe(null));
    assertNpeNaming("callback", () -> loop.callLater(1, null));
    assertNpeNaming("callback", () -> loop.callLater(Duration.ofSeconds(1), null));
    assertNpeNaming("delay", () -> loop.callLater((Duration) null, () -> { }));
    assertNpeNaming("callback", () -> loop.callAt(1, null));
    assertNpeNaming("coro", () -> loop.createTask(null));
    assertNpeNaming("coro", () -> loop.createTask(null, "name"));
    assertNpeNaming("future", () -> loop.runUntilComplete(null));
    assertNpeNaming("func", () -> loop.runInExecutor(null, null));
    assertNpeNaming("executor", () -> loop.setDefaultExecutor(null));
    assertNpeNaming("coro", () -> loop.runCoroutineThreadsafe(null));
    try (Pipe.SourceChannel source = Pipe.open().source()) {
      assertNpeNaming("channel", () -> loop.addReader(null, () -> { }));
      assertNpeNaming("callback", () -> loop.addReader(source, null));
      assertNpeNaming("channel", () -> loop.addWriter(null, () -> { }));
      assertNpeNaming("channel", () -> loop.removeReader(null));
      assertNpeNaming("channel", () -> loop.removeWriter(null));
    }
  }

  @Test
  void nulls_onFuturesAndTasks_throwNullPointerExceptionNamingTheParameter() {
    Future<String> f = loop.createFuture();
    assertNpeNaming("fn", () -> f.addDoneCallback(null));
    assertNpeNaming("fn", () -> f.removeDoneCallback(null));
    assertNpeNaming("exception", () -> f.setException(null));
    Task<String> t = loop.createTask(() -> CompletableFuture.completedFuture("x"));
    assertNpeNaming("name", () -> t.setName(null));
    assertEquals("x", loop.runUntilComplete(t));
  }

  @Test
  void nulls_onTheFacade_throwNullPointerExceptionNamingTheParameter() {
    AsyncCallable<Integer> one = () -> CompletableFuture.completedFuture(1);
    assertNpeNaming("main", () -> Asyncio.run(null));
    assertNpeNaming("main", () -> Asyncio.run(null, Loops::virtualLoop));
    assertNpeNaming("loopFactory", () -> Asyncio.run(one, null));
    assertNpeNaming("loopFactory", () -> new Runner(null));
    assertNpeNaming("clock", () -> Asyncio.newEventLoop(null));
    assertNpeNaming("loop", () -> Asyncio.allTasks(null));
    assertNpeNaming("loop", () -> Asyncio.runCoroutineThreadsafe(one, null));
    assertNpeNaming("coro", () -> Asyncio.runCoroutineThreadsafe(null, loop));
    assertNpeNaming("stage", () -> Asyncio.ensureFuture((CompletionStage<Integer>) null));
    assertNpeNaming("delay", () -> Asyncio.sleep((Duration) null));
    assertNpeNaming("delta", () -> new VirtualClock().advance(null));
    assertNpeNaming("message", () -> new ExceptionContext(null, null, null, null));
    try (Runner runner = new Runner(Loops::virtualLoop)) {
      assertNpeNaming("main", () -> runner.run(null));
    }
  }

  @Test
  void nulls_onTheFacadeInsideALoop_throwNullPointerExceptionNamingTheParameter() {
    List<Throwable> thrown = Loops.runVirtual(() -> {
      List<Throwable> out = new ArrayList<>();
      out.add(EventLoopLifecycleTest.catchThrowable(() -> Asyncio.createTask(null)));
      out.add(EventLoopLifecycleTest.catchThrowable(() -> Asyncio.createTask(null, "n")));
      out.add(EventLoopLifecycleTest.catchThrowable(
          () -> Asyncio.ensureFuture((AsyncCallable<Integer>) null)));
      out.add(EventLoopLifecycleTest.catchThrowable(() -> Asyncio.toThread((Callable<?>) null)));
      return CompletableFuture.completedFuture(out);
    });
    List<String> names = List.of("coro", "coro", "coro", "func");
    assertEquals(names.size(), thrown.size());
    for (int i = 0; i < names.size(); i++) {
      Throwable t = thrown.get(i);
      assertEquals(NullPointerException.class, t == null ? null : t.getClass());
      assertTrue(t.getMessage() != null && t.getMessage().contains(names.get(i)), t.getMessage());
    }
  }

  @Test
  void nanDelaysAndTimes_throwIllegalArgumentException() {
    // +-Infinity are accepted: +Infinity is "never", -Infinity counts as zero (HugeDelaysTest)
    double bad = Double.NaN;
    assertRejected(() -> loop.callLater(bad, () -> { }));
    assertRejected(() -> loop.callAt(bad, () -> { }));
    assertRejected(() -> Asyncio.sleep(bad));
    assertRejected(() -> Asyncio.sleep(bad, "r"));
    loop.callSoon(loop::stop);
    loop.runForever();
    assertEquals(List.of(), events);
  }

  @Test
  void nonFiniteSleepInsideALoop_throwsIllegalArgumentException() {
    Throwable t = Loops.runVirtual(() -> CompletableFuture.completedFuture(
        EventLoopLifecycleTest.catchThrowable(() -> Asyncio.sleep(Double.NaN))));
    assertEquals(IllegalArgumentException.class, t.getClass());
  }

  @Test
  void callAt_nan_isRejectedAndSchedulesNothing() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> loop.callAt(Double.NaN, () -> events.add("never")));
    assertTrue(e.getMessage().contains("when"), e.getMessage());
    loop.callLater(1, loop::stop);
    loop.runForever();
    assertEquals(List.of(), events);
  }

  @Test
  void callLater_negativeDelay_behavesAsZero() {
    loop.callLater(3, () -> {
      double now = loop.time();
      events.add("when-now=" + (loop.callLater(-5, () -> events.add("negative")).when() - now));
      loop.callLater(0, () -> events.add("zero"));
      loop.callLater(Duration.ofSeconds(-1), () -> events.add("negative duration"));
      loop.callLater(0.001, () -> {
        events.add("t=" + loop.time());
        loop.stop();
      });
    });
    loop.runForever();
    assertEquals(List.of("when-now=0.0", "negative", "zero", "negative duration", "t=3.001"),
        events);
  }

  @Test
  void sleep_negative_behavesAsZero() {
    List<String> seen = new ArrayList<>();
    Loops.runVirtual(() -> {
      EventLoop l = Asyncio.getRunningLoop();
      l.callSoon(() -> seen.add("already scheduled"));
      return Asyncio.sleep(-10, "r").thenApply(v -> {
        seen.add(v + "@" + l.time());
        return v;
      });
    });
    assertEquals(List.of("already scheduled", "r@0.0"), seen);
  }

  @Test
  void hugeDelay_isAcceptedAndCanBeCancelled() {
    var h = loop.callLater(1e300, () -> events.add("never"));
    var d = loop.callLater(Duration.ofSeconds(Long.MAX_VALUE), () -> events.add("never"));
    h.cancel();
    d.cancel();
    loop.callLater(1, loop::stop);
    loop.runForever();
    assertEquals(List.of(), events);
    assertEquals(1.0, loop.time());
  }

  @Test
  void removeDoneCallback_ofUnknownCallback_returnsZero() {
    Future<String> f = loop.createFuture();
    Consumer<Future<String>> never = x -> { };
    assertEquals(0, f.removeDoneCallback(never));
  }
}
