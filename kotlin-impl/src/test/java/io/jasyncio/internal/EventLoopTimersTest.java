package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.TimerHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EventLoopTimersTest extends VirtualLoopFixture {
  @Test
  void sleep_oneHour_finishesAtVirtualTime3600() {
    double t = Loops.runVirtual(
        () -> Asyncio.sleep(3600).thenApply(v -> Asyncio.getRunningLoop().time()));
    assertEquals(3600.0, t);
  }

  @Test
  void sleep_withResult_completesWithIt() {
    assertEquals("done", Loops.runVirtual(() -> Asyncio.sleep(2.5, "done")));
  }

  @Test
  void sleep_duration_finishesAtThatVirtualTime() {
    double t = Loops.runVirtual(() -> Asyncio.sleep(Duration.ofMinutes(90))
        .thenApply(v -> Asyncio.getRunningLoop().time()));
    assertEquals(5400.0, t);
  }

  @Test
  void sleeps_concurrent_finishAtTheLongestNotTheSum() {
    double t = Loops.runVirtual(() -> CompletableFuture
        .allOf(
            Asyncio.sleep(1).toCompletableFuture(),
            Asyncio.sleep(3).toCompletableFuture(),
            Asyncio.sleep(2).toCompletableFuture())
        .thenApply(v -> Asyncio.getRunningLoop().time()));
    assertEquals(3.0, t);
  }

  @Test
  void sleeps_sequential_addUp() {
    double t = Loops.runVirtual(() -> Asyncio.sleep(1)
        .thenCompose(v -> Asyncio.sleep(2))
        .thenCompose(v -> Asyncio.sleep(3))
        .thenApply(v -> Asyncio.getRunningLoop().time()));
    assertEquals(6.0, t);
  }

  @Test
  void sleep_cancelled_cancelsItsTimer() {
    double t = Loops.runVirtual(() -> {
      Future<Void> longSleep = Asyncio.sleep(100);
      assertTrue(longSleep.cancel());
      assertTrue(longSleep.cancelled());
      return Asyncio.sleep(1).thenApply(v -> Asyncio.getRunningLoop().time());
    });
    assertEquals(1.0, t);
  }

  @Test
  void callLater_when_isNowPlusDelay_andRunsAtThatTime() {
    TimerHandle h = loop.callLater(2.5, () -> {
      events.add("t=" + loop.time());
      loop.stop();
    });
    assertEquals(2.5, h.when());
    loop.runForever();
    assertEquals(List.of("t=2.5"), events);
  }

  @Test
  void callLater_duration_when_isNowPlusDelay() {
    TimerHandle h = loop.callLater(Duration.ofMillis(1500), () -> {
      events.add("t=" + loop.time());
      loop.stop();
    });
    assertEquals(1.5, h.when());
    loop.runForever();
    assertEquals(List.of("t=1.5"), events);
  }

  @Test
  void callLater_fromLaterTime_whenIsRelativeToThatTime() {
    loop.callLater(10, () -> {
      TimerHandle h = loop.callLater(5, () -> {
        events.add("t=" + loop.time());
        loop.stop();
      });
      events.add("when=" + h.when());
    });
    loop.runForever();
    assertEquals(List.of("when=15.0", "t=15.0"), events);
  }

  @Test
  void callAt_runsAtGivenTime() {
    TimerHandle h = loop.callAt(7.0, () -> {
      events.add("t=" + loop.time());
      loop.stop();
    });
    assertEquals(7.0, h.when());
    loop.runForever();
    assertEquals(List.of("t=7.0"), events);
  }

  @Test
  void callAt_inThePast_runsInNextIterationWithoutMovingTheClock() {
    loop.callLater(10, () -> loop.callAt(3.0, () -> {
      events.add("t=" + loop.time());
      loop.stop();
    }));
    loop.runForever();
    assertEquals(List.of("t=10.0"), events);
  }

  @Test
  void timerHandle_cancelledBeforeDue_neverRuns() {
    TimerHandle h = loop.callLater(1, () -> events.add("cancelled"));
    loop.callLater(2, () -> events.add("kept"));
    h.cancel();
    assertTrue(h.cancelled());
    loop.callLater(3, loop::stop);
    loop.runForever();
    assertEquals(List.of("kept"), events);
  }

  @Test
  void timerHandle_cancelledFromLoopBeforeDue_neverRuns() {
    TimerHandle h = loop.callLater(1, () -> events.add("cancelled"));
    loop.callLater(0.5, h::cancel);
    loop.callLater(2, () -> {
      events.add("t=" + loop.time());
      loop.stop();
    });
    loop.runForever();
    assertEquals(List.of("t=2.0"), events);
    assertTrue(h.cancelled());
  }

  @Test
  void timerHandle_cancelledByEarlierTimerWithSameDeadline_neverRuns() {
    TimerHandle[] second = new TimerHandle[1];
    loop.callLater(1, () -> second[0].cancel());
    second[0] = loop.callLater(1, () -> events.add("cancelled"));
    loop.callLater(1, () -> events.add("third"));
    loop.callLater(2, loop::stop);
    loop.runForever();
    assertEquals(List.of("third"), events);
  }

  @Test
  void timerHandle_cancelAfterItRan_changesNothing() {
    TimerHandle h = loop.callLater(1, () -> events.add("ran"));
    loop.callLater(2, () -> {
      h.cancel();
      loop.stop();
    });
    loop.runForever();
    assertEquals(List.of("ran"), events);
    assertTrue(h.cancelled());
  }

  @Test
  void cancelledTimers_doNotHoldTheVirtualClockBack() {
    List<TimerHandle> handles = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      handles.add(loop.callLater(1000 + i, () -> events.add("cancelled")));
    }
    loop.callLater(1, () -> {
      handles.forEach(TimerHandle::cancel);
      loop.callLater(1, () -> {
        events.add("t=" + loop.time());
        loop.stop();
      });
    });
    loop.runForever();
    assertEquals(List.of("t=2.0"), events);
  }

  @Test
  void time_doesNotMoveWhileCallbacksAreReady() {
    loop.callLater(1, () -> {
      events.add("timer@" + loop.time());
      loop.stop();
    });
    Runnable[] chain = new Runnable[1];
    int[] n = {0};
    chain[0] = () -> {
      events.add("step@" + loop.time());
      if (++n[0] < 3) {
        loop.callSoon(chain[0]);
      }
    };
    loop.callSoon(chain[0]);
    loop.runForever();
    assertEquals(List.of("step@0.0", "step@0.0", "step@0.0", "timer@1.0"), events);
  }

  @Test
  void clock_isTheOneTheLoopWasBuiltWith() {
    var clock = new io.jasyncio.testing.VirtualClock();
    try (EventLoop l = Asyncio.newEventLoop(clock)) {
      assertTrue(l.clock() == clock);
      clock.advance(Duration.ofSeconds(4));
      assertEquals(4.0, l.time());
      assertFalse(l.isRunning());
    }
  }
}
