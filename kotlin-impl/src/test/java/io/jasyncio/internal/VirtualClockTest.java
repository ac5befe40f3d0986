package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.testing.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class VirtualClockTest {
  @Test
  void startsAtZero() {
    assertEquals(0L, new VirtualClock().nanos());
  }

  @Test
  void advance_movesForward() {
    VirtualClock c = new VirtualClock();
    c.advance(Duration.ofMillis(1500));
    c.advance(Duration.ofNanos(7));
    assertEquals(1_500_000_007L, c.nanos());
  }

  @Test
  void advance_negative_countsAsZero() {
    VirtualClock c = new VirtualClock();
    c.advance(Duration.ofSeconds(2));
    c.advance(Duration.ofSeconds(-1));
    assertEquals(2_000_000_000L, c.nanos());
  }

  @Test
  void advanceTo_neverGoesBackwards() {
    VirtualClock c = new VirtualClock();
    c.advanceTo(50);
    c.advanceTo(20);
    assertEquals(50L, c.nanos());
    c.advanceTo(80);
    assertEquals(80L, c.nanos());
  }

  @Test
  void loop_jumpsToEachDeadlineInOrder() {
    VirtualClock c = new VirtualClock();
    List<Double> seen = new ArrayList<>();
    try (EventLoop loop = Asyncio.newEventLoop(c)) {
      loop.callLater(86_400, () -> {
        seen.add(loop.time());
        loop.stop();
      });
      loop.callLater(60, () -> seen.add(loop.time()));
      loop.callLater(0.001, () -> seen.add(loop.time()));
      loop.runForever();
    }
    assertEquals(List.of(0.001, 60.0, 86_400.0), seen);
    assertEquals(86_400_000_000_000L, c.nanos());
  }

  @Test
  void manualAdvance_isSeenByTheLoopAndItsTimers() {
    VirtualClock c = new VirtualClock();
    List<String> seen = new ArrayList<>();
    try (EventLoop loop = Asyncio.newEventLoop(c)) {
      c.advance(Duration.ofSeconds(5));
      assertEquals(5.0, loop.time());
      assertEquals(6.0, loop.callLater(1, () -> {
        seen.add("t=" + loop.time());
        loop.stop();
      }).when());
      loop.runForever();
    }
    assertEquals(List.of("t=6.0"), seen);
  }

  @Test
  void idleWithoutTimers_waitsForWorkFromAnotherThread() throws Exception {
    VirtualClock c = new VirtualClock();
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    try (EventLoop loop = Asyncio.newEventLoop(c)) {
      CountDownLatch running = new CountDownLatch(1);
      loop.callSoon(running::countDown);
      Thread other = new Thread(() -> {
        try {
          running.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        loop.callSoonThreadsafe(() -> {
          ranOn.set(Thread.currentThread());
          loop.stop();
        });
      });
      other.start();
      loop.runForever();
      other.join();
      assertEquals(0.0, loop.time());
    }
    assertSame(Thread.currentThread(), ranOn.get());
  }

  @Test
  void asyncioRun_onVirtualClock_currentTaskAndTimeAreConsistent() {
    double t = Loops.runVirtual(() -> Asyncio.sleep(1)
        .thenCompose(v -> Asyncio.sleep(1))
        .thenApply(v -> Asyncio.getRunningLoop().time()));
    assertEquals(2.0, t);
    assertNull(Asyncio.currentTask());
  }
}
