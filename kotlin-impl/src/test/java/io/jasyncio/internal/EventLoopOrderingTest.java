package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Handle;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EventLoopOrderingTest extends VirtualLoopFixture {
  private Runnable add(String event) {
    return () -> events.add(event);
  }

  @Test
  void callSoon_runsCallbacksInFifoOrder() {
    for (String s : List.of("a", "b", "c", "d", "e")) {
      loop.callSoon(add(s));
    }
    loop.callSoon(loop::stop);
    loop.runForever();
    assertEquals(List.of("a", "b", "c", "d", "e"), events);
  }

  @Test
  void callSoon_fromLoopThread_runsCallbacksInFifoOrder() {
    loop.callSoon(() -> {
      loop.callSoon(add("a"));
      loop.callSoon(add("b"));
      loop.callSoon(add("c"));
      loop.callSoon(loop::stop);
    });
    loop.runForever();
    assertEquals(List.of("a", "b", "c"), events);
  }

  @Test
  void callSoon_duringIteration_runsInNextIterationAfterCurrentOnes() {
    loop.callSoon(() -> {
      events.add("a");
      loop.callSoon(add("a2"));
    });
    loop.callSoon(() -> {
      events.add("b");
      loop.callSoon(() -> {
        events.add("b2");
        loop.stop();
      });
    });
    loop.callSoon(add("c"));
    loop.runForever();
    assertEquals(List.of("a", "b", "c", "a2", "b2"), events);
  }

  @Test
  void callSoon_duringIteration_notRunByAStopInThatIteration() {
    loop.callSoon(() -> {
      events.add("a");
      loop.callSoon(add("next"));
      loop.stop();
    });
    loop.callSoon(add("b"));
    loop.runForever();
    assertEquals(List.of("a", "b"), events);
  }

  @Test
  void callSoon_cancelledHandle_neverRuns() {
    loop.callSoon(add("a"));
    Handle h = loop.callSoon(add("cancelled"));
    loop.callSoon(add("c"));
    h.cancel();
    assertTrue(h.cancelled());
    loop.callSoon(loop::stop);
    loop.runForever();
    assertEquals(List.of("a", "c"), events);
  }

  @Test
  void callSoon_cancelledByEarlierCallbackOfSameIteration_neverRuns() {
    Handle[] later = new Handle[1];
    loop.callSoon(() -> later[0].cancel());
    later[0] = loop.callSoon(add("cancelled"));
    loop.callSoon(loop::stop);
    loop.runForever();
    assertEquals(List.of(), events);
    assertTrue(later[0].cancelled());
  }

  @Test
  void timers_runByDeadlineNotSchedulingOrder() {
    loop.callLater(0.3, () -> events.add("c@" + loop.time()));
    loop.callLater(0.1, () -> events.add("a@" + loop.time()));
    loop.callLater(0.2, () -> events.add("b@" + loop.time()));
    loop.callLater(0.4, loop::stop);
    loop.runForever();
    assertEquals(List.of("a@0.1", "b@0.2", "c@0.3"), events);
  }

  @Test
  void timers_sameDeadline_runInSchedulingOrder() {
    loop.callLater(1.0, add("a"));
    loop.callAt(1.0, add("b"));
    loop.callLater(1.0, add("c"));
    loop.callLater(0.5, () -> {
      loop.callLater(0.5, add("d"));
      loop.callAt(1.0, add("e"));
      loop.callLater(0.5, add("f"));
    });
    loop.callLater(2.0, loop::stop);
    loop.runForever();
    assertEquals(List.of("a", "b", "c", "d", "e", "f"), events);
  }

  @Test
  void timers_sameDeadlineScheduledOnLoopThread_runInSchedulingOrder() {
    loop.callSoon(() -> {
      for (int i = 0; i < 20; i++) {
        loop.callLater(1.0, add("t" + i));
      }
      loop.callLater(1.0, loop::stop);
    });
    loop.runForever();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      expected.add("t" + i);
    }
    assertEquals(expected, events);
  }

  @Test
  void callLaterZero_runsAfterCallSoonCallbacksScheduledInSameIteration() {
    loop.callSoon(() -> {
      loop.callSoon(add("soon1"));
      loop.callLater(0, add("later0"));
      loop.callSoon(add("soon2"));
    });
    loop.callLater(1.0, loop::stop);
    loop.runForever();
    assertEquals(List.of("soon1", "soon2", "later0"), events);
  }

  @Test
  void doneCallbacks_runInRegistrationOrder_inTheNextIteration() {
    Future<Integer> f = loop.createFuture();
    f.addDoneCallback(x -> events.add("cb1=" + x.result()));
    f.addDoneCallback(x -> events.add("cb2=" + x.result()));
    f.addDoneCallback(x -> events.add("cb3=" + x.result()));
    loop.callSoon(() -> {
      f.setResult(7);
      events.add("set");
      loop.callSoon(() -> {
        events.add("after");
        loop.stop();
      });
    });
    loop.callSoon(add("sameIteration"));
    loop.runForever();
    assertEquals(List.of("set", "sameIteration", "cb1=7", "cb2=7", "cb3=7", "after"), events);
  }

  @Test
  void addDoneCallback_onDoneFuture_isScheduledNotRunInline() {
    Future<String> f = loop.createFuture();
    loop.callSoon(() -> {
      f.setResult("x");
      loop.callSoon(add("scheduledBefore"));
      f.addDoneCallback(x -> events.add("cb"));
      events.add("returned");
      loop.callSoon(() -> {
        events.add("scheduledAfter");
        loop.stop();
      });
    });
    loop.runForever();
    assertEquals(List.of("returned", "scheduledBefore", "cb", "scheduledAfter"), events);
  }

  @Test
  void addDoneCallback_onDoneFutureOutsideRunningLoop_doesNotRunUntilLoopRuns() {
    Future<String> f = loop.createFuture();
    f.setResult("x");
    f.addDoneCallback(x -> events.add("cb"));
    assertEquals(List.of(), events);
    loop.callSoon(loop::stop);
    loop.runForever();
    assertEquals(List.of("cb"), events);
  }

  @Test
  void sleepZero_yieldsExactlyOneIteration() {
    loop.callSoon(() -> {
      loop.callSoon(() -> {
        events.add("a");
        loop.callSoon(add("a2"));
      });
      Asyncio.sleep(0).thenRun(add("sleep0"));
      loop.callSoon(() -> {
        events.add("b");
        loop.callSoon(() -> {
          events.add("b2");
          loop.stop();
        });
      });
    });
    loop.runForever();
    assertEquals(List.of("a", "sleep0", "b", "a2", "b2"), events);
  }

  @Test
  void sleepZero_doesNotAdvanceTheClock() {
    loop.callSoon(() -> Asyncio.sleep(0).thenRun(() -> {
      events.add("t=" + loop.time());
      loop.stop();
    }));
    loop.callLater(5.0, add("timer"));
    loop.runForever();
    assertEquals(List.of("t=0.0"), events);
  }

  @Test
  void task_firstStepRunsInALaterIterationInFifoOrder() {
    loop.callSoon(() -> {
      loop.callSoon(add("before"));
      loop.createTask(() -> {
        events.add("body");
        return Asyncio.sleep(0);
      });
      events.add("created");
      loop.callSoon(add("after"));
    });
    loop.callLater(1.0, loop::stop);
    loop.runForever();
    assertEquals(List.of("created", "before", "body", "after"), events);
  }
}
