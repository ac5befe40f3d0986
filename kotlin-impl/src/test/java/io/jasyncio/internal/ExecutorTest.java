package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.ExceptionContext;
import io.jasyncio.Future;
import io.jasyncio.Task;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
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
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(1);
    Future<String> f = loop.runInExecutor(custom, () -> {
      started.countDown();
      release.await(5, TimeUnit.SECONDS);
      events.add("interrupted=" + Thread.currentThread().isInterrupted());
      finished.countDown();
      return "dropped";
    });
    assertTrue(started.await(5, TimeUnit.SECONDS)); // cancelled before it started, it never runs
    assertTrue(f.cancel("not needed"));
    release.countDown();
    assertTrue(finished.await(5, TimeUnit.SECONDS));
    Future<String> after = loop.runInExecutor(custom, () -> "after");
    assertEquals("after", loop.runUntilComplete(after));
    assertTrue(f.cancelled());
    assertEquals(List.of("interrupted=false"), events);
  }

  /**
   * Issue 9 item 4, "unless the caller asked for interrupt": a Java task awaiting
   * toThreadInterruptible, cancelled while the call blocks, interrupts exactly that call; the
   * worker's next job runs uninterrupted.
   */
  @Test
  void toThreadInterruptible_cancelledWhileRunning_interruptsTheCall_andNotTheNextJob() throws Exception {
    loop.setDefaultExecutor(custom);
    CountDownLatch started = new CountDownLatch(1);
    ExecutorService waiter = Executors.newSingleThreadExecutor();
    String r;
    try {
      r = loop.runUntilComplete(loop.createTask(() -> {
        Task<String> t = Asyncio.createTask(() -> Asyncio.toThreadInterruptible(() -> {
          started.countDown();
          try {
            new CountDownLatch(1).await(10, TimeUnit.SECONDS);
            events.add("not interrupted");
          } catch (InterruptedException e) {
            events.add("interrupted");
          }
          return "dropped";
        }));
        // waits on another thread: the single worker is the one the call blocks
        return loop.runInExecutor(waiter, () -> started.await(5, TimeUnit.SECONDS)).thenCompose(ok -> {
          t.cancel();
          // the single worker takes this job after the interrupted one
          return Asyncio.toThread(() -> "next job interrupted=" + Thread.currentThread().isInterrupted());
        }).thenApply(v -> v + ", t cancelled=" + t.cancelled());
      }));
    } finally {
      waiter.shutdownNow();
    }
    assertEquals("next job interrupted=false, t cancelled=true", r);
    assertEquals(List.of("interrupted"), events);
  }

  @Test
  void runInExecutorInterruptible_thatFinishedBeforeTheCancel_interruptsNothing() {
    loop.runUntilComplete(loop.runInExecutorInterruptible(custom, () -> "done"));
    Future<String> f = loop.runInExecutorInterruptible(custom, () -> "second");
    assertEquals("second", loop.runUntilComplete(f));
    assertFalse(f.cancel("too late"));
    assertEquals("interrupted=false",
        loop.runUntilComplete(loop.runInExecutor(custom, () -> "interrupted=" + Thread.currentThread().isInterrupted())));
    assertThrows(NullPointerException.class, () -> loop.runInExecutorInterruptible(null, null));
  }

  @Test
  void runInExecutor_cancelledBeforeItStarted_neverRuns() {
    Deque<Runnable> queued = new ArrayDeque<>();
    Executor manual = queued::add;
    Future<String> f = loop.runInExecutor(manual, () -> {
      events.add("ran");
      return "never";
    });
    assertEquals(1, queued.size());
    assertTrue(f.cancel("not needed"));
    queued.poll().run(); // the executor gets to it only now
    loop.runUntilComplete(loop.createTask(() -> Asyncio.sleep(0)));
    assertEquals(List.of(), events);
    assertTrue(f.cancelled());
  }

  @Test
  void toThread_cancelledWhileQueuedBehindABusyWorker_neverRuns() throws Exception {
    loop.setDefaultExecutor(custom);
    CountDownLatch gate = new CountDownLatch(1);
    custom.execute(() -> {
      try {
        gate.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    String r = loop.runUntilComplete(loop.createTask(() -> {
      Task<String> t = Asyncio.createTask(() -> Asyncio.toThread(() -> {
        events.add("second ran");
        return "never";
      }));
      return Asyncio.sleep(0).thenCompose(v -> {
        t.cancel();
        gate.countDown();
        // the single worker runs the cancelled call's slot first, then this one
        return Asyncio.toThread(() -> "marker");
      }).thenApply(v -> v + ", t cancelled=" + t.cancelled());
    }));
    assertEquals("marker, t cancelled=true", r);
    assertEquals(List.of(), events);
  }

  @Test
  void runInExecutor_cancelledWhileRunning_itsLateFailureIsDroppedWithoutAReport()
      throws Exception {
    List<ExceptionContext> errors = Loops.recordErrors(loop);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<String> f = loop.runInExecutor(custom, () -> {
      started.countDown();
      release.await(5, TimeUnit.SECONDS);
      events.add("interrupted=" + Thread.currentThread().isInterrupted());
      throw new IOException("late");
    });
    assertTrue(started.await(5, TimeUnit.SECONDS));
    assertTrue(f.cancel(true)); // mayInterruptIfRunning has no effect, as for CompletableFuture
    release.countDown();
    // the single worker posts the late outcome before this one's
    assertEquals("after", loop.runUntilComplete(loop.runInExecutor(custom, () -> "after")));
    loop.runUntilComplete(loop.createTask(() -> Asyncio.sleep(0)));
    assertTrue(f.cancelled());
    assertEquals(List.of("interrupted=false"), events);
    assertEquals(List.of(), errors);
  }

  @Test
  void virtualClock_doesNotWaitForACancelledCallThatNeverStarted() {
    Deque<Runnable> queued = new ArrayDeque<>();
    Future<String> f = loop.runInExecutor(queued::add, () -> "never");
    loop.callLater(1, () -> events.add("timer@" + loop.time()));
    loop.callSoon(() -> f.cancel());
    loop.callLater(2, loop::stop);
    loop.runForever(); // the queued job never runs: the clock must not wait for it
    assertEquals(List.of("timer@1.0"), events);
    assertEquals(1, queued.size());
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
