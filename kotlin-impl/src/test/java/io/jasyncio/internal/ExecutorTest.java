package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ExecutorTest {
  private final EventLoop loop = Loops.virtualLoop();
  private final List<String> events = Collections.synchronizedList(new ArrayList<>());
  private final ExecutorService custom = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "custom-worker");
    t.setDaemon(true);
    return t;
  });

  @AfterEach
  void cleanUp() {
    custom.shutdownNow();
    if (!loop.isRunning()) {
      loop.close();
    }
  }

  @Test
  void runInExecutor_default_runsOnJasyncioExecutorThread_completesOnLoopThread() {
    Thread loopThread = Thread.currentThread();
    Future<String> f = loop.runInExecutor(null, () -> Thread.currentThread().getName());
    f.addDoneCallback(
        x -> events.add("callback on loop=" + (Thread.currentThread() == loopThread)));
    String name = loop.runUntilComplete(f);
    assertTrue(name.matches("jasyncio-executor-\\d+"), name);
    loop.callSoon(loop::stop);
    loop.runForever();
    assertEquals(List.of("callback on loop=true"), events);
    assertSame(loop, f.getLoop());
  }

  @Test
  void runInExecutor_givenExecutor_runsThere() {
    assertEquals("custom-worker",
        loop.runUntilComplete(loop.runInExecutor(custom, () -> Thread.currentThread().getName())));
  }

  @Test
  void runInExecutor_failure_keepsTypeAndMessage() {
    Future<String> f = loop.runInExecutor(custom, () -> {
      throw new IOException("blocking io failed");
    });
    CompletionException e = assertThrows(CompletionException.class, () -> loop.runUntilComplete(f));
    assertEquals(IOException.class, e.getCause().getClass());
    assertEquals("blocking io failed", e.getCause().getMessage());
    assertEquals(IOException.class, f.exception().getClass());
  }

  @Test
  void setDefaultExecutor_isUsedByRunInExecutorAndToThread() {
    loop.setDefaultExecutor(custom);
    assertEquals("custom-worker",
        loop.runUntilComplete(loop.runInExecutor(null, () -> Thread.currentThread().getName())));
    assertEquals("custom-worker", loop.runUntilComplete(loop.createTask(
        () -> Asyncio.toThread(() -> Thread.currentThread().getName()))));
  }

  @Test
  void shutdownDefaultExecutor_completesOnceItTerminated() {
    loop.setDefaultExecutor(custom);
    loop.runUntilComplete(loop.runInExecutor(null, () -> 1));
    Future<Void> f = loop.shutdownDefaultExecutor();
    assertEquals(null, loop.runUntilComplete(f));
    assertTrue(custom.isTerminated());
  }

  @Test
  void shutdownDefaultExecutor_withoutOne_completesAtOnce() {
    Future<Void> f = loop.shutdownDefaultExecutor();
    assertTrue(f.done());
    assertEquals(null, f.result());
  }

  @Test
  void runInExecutor_defaultAfterShutdown_throwsIllegalStateException() {
    loop.runUntilComplete(loop.runInExecutor(null, () -> 1));
    loop.runUntilComplete(loop.shutdownDefaultExecutor());
    assertThrows(IllegalStateException.class, () -> loop.runInExecutor(null, () -> 2));
    assertEquals(3, loop.runUntilComplete(loop.runInExecutor(custom, () -> 3)));
  }

  @Test
  void runInExecutor_cancelled_doesNotInterruptTheWork_andItsResultIsDropped() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(1);
    Future<String> f = loop.runInExecutor(custom, () -> {
      release.await(5, TimeUnit.SECONDS);
      events.add("interrupted=" + Thread.currentThread().isInterrupted());
      finished.countDown();
      return "dropped";
    });
    assertTrue(f.cancel("not needed"));
    release.countDown();
    assertTrue(finished.await(5, TimeUnit.SECONDS));
    Future<String> after = loop.runInExecutor(custom, () -> "after");
    assertEquals("after", loop.runUntilComplete(after));
    assertTrue(f.cancelled());
    assertEquals(List.of("interrupted=false"), events);
  }

  @Test
  void virtualClock_waitsForExecutorWorkInFlightBeforeFiringALaterTimer() {
    CountDownLatch timerFired = new CountDownLatch(1);
    loop.callLater(1, () -> {
      events.add("timer@" + loop.time());
      timerFired.countDown();
    });
    Future<String> work = loop.runInExecutor(custom, () -> {
      boolean early = timerFired.await(20, TimeUnit.MILLISECONDS);
      return "work done, timer already fired=" + early;
    });
    work.addDoneCallback(x -> events.add(x.result() + " @" + loop.time()));
    loop.callLater(2, loop::stop);
    loop.runForever();
    assertEquals(List.of("work done, timer already fired=false @0.0", "timer@1.0"), events);
  }

  @Test
  void virtualClock_chainOfExecutorJobs_doesNotAdvanceTime() {
    AtomicReference<Double> at = new AtomicReference<>();
    loop.runUntilComplete(loop.createTask(() -> Asyncio.toThread(() -> 1)
        .thenCompose(v -> Asyncio.toThread(() -> v + 1))
        .thenCompose(v -> Asyncio.toThread(() -> v + 1))
        .thenApply(v -> {
          at.set(loop.time());
          return v;
        })));
    assertEquals(0.0, at.get());
    assertFalse(loop.isRunning());
  }
}
