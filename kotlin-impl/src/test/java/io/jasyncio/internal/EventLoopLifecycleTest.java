package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EventLoopLifecycleTest extends VirtualLoopFixture {
  private static Thread start(Runnable r) {
    Thread t = new Thread(r, "test-helper");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(5, TimeUnit.SECONDS), "latch not released");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void stop_letsCurrentIterationFinish_laterCallbacksRunInNextRun() {
    loop.callSoon(() -> {
      events.add("a");
      loop.stop();
      loop.callSoon(() -> {
        events.add("next");
        loop.stop();
      });
    });
    loop.callSoon(() -> events.add("b"));
    loop.runForever();
    assertEquals(List.of("a", "b"), events);
    assertFalse(loop.isRunning());
    loop.runForever();
    assertEquals(List.of("a", "b", "next"), events);
  }

  @Test
  void stop_beforeRunForever_runsOneIterationThenReturns() {
    loop.callSoon(() -> {
      events.add("a");
      loop.callSoon(() -> events.add("never in this run"));
    });
    loop.stop();
    loop.runForever();
    assertEquals(List.of("a"), events);
  }

  @Test
  void isRunning_trueOnlyWhileRunForeverRuns() {
    assertFalse(loop.isRunning());
    loop.callSoon(() -> {
      events.add("running=" + loop.isRunning());
      loop.stop();
    });
    loop.runForever();
    assertEquals(List.of("running=true"), events);
    assertFalse(loop.isRunning());
    assertFalse(loop.isClosed());
  }

  @Test
  void callSoonThreadsafe_fromAnotherThread_wakesABlockedLoop() {
    EventLoop real = Asyncio.newEventLoop();
    CountDownLatch running = new CountDownLatch(1);
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    real.callSoon(running::countDown);
    Thread helper = start(() -> {
      await(running);
      real.callSoonThreadsafe(() -> {
        ranOn.set(Thread.currentThread());
        real.stop();
      });
    });
    real.runForever();
    real.close();
    assertSame(Thread.currentThread(), ranOn.get());
    assertDoesNotThrow(() -> helper.join(5000));
  }

  @Test
  void stop_fromAnotherThread_wakesABlockedLoop() {
    EventLoop real = Asyncio.newEventLoop();
    CountDownLatch running = new CountDownLatch(1);
    real.callSoon(running::countDown);
    start(() -> {
      await(running);
      real.stop();
    });
    real.runForever();
    assertFalse(real.isRunning());
    real.close();
  }

  @Test
  void callLater_fromAnotherThread_wakesABlockedLoopAndRunsOnIt() {
    EventLoop real = Asyncio.newEventLoop();
    CountDownLatch running = new CountDownLatch(1);
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    real.callSoon(running::countDown);
    start(() -> {
      await(running);
      real.callLater(0.001, () -> {
        ranOn.set(Thread.currentThread());
        real.stop();
      });
    });
    real.runForever();
    real.close();
    assertSame(Thread.currentThread(), ranOn.get());
  }

  @Test
  void runUntilComplete_returnsTheResult() {
    Future<String> f = loop.createFuture();
    loop.callLater(1, () -> f.setResult("ok"));
    assertEquals("ok", loop.runUntilComplete(f));
    assertEquals(1.0, loop.time());
  }

  @Test
  void runUntilComplete_ofATask_returnsItsResult() {
    assertEquals(42, loop.runUntilComplete(loop.createTask(() -> Asyncio.sleep(3, 42))));
  }

  @Test
  void runUntilComplete_ofAForeignStage_returnsItsResult() {
    CompletableFuture<String> cf = new CompletableFuture<>();
    loop.callLater(2, () -> cf.complete("foreign"));
    assertEquals("foreign", loop.runUntilComplete(cf));
  }

  @Test
  void runUntilComplete_uncheckedFailure_isThrownAsIs() {
    Future<String> f = loop.createFuture();
    IllegalStateException boom = new IllegalStateException("boom");
    loop.callSoon(() -> f.setException(boom));
    assertSame(boom, assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(f)));
  }

  @Test
  void runUntilComplete_checkedFailure_isWrappedInCompletionException() {
    Future<String> f = loop.createFuture();
    IOException io = new IOException("disk");
    loop.callSoon(() -> f.setException(io));
    CompletionException e = assertThrows(CompletionException.class, () -> loop.runUntilComplete(f));
    assertSame(io, e.getCause());
  }

  @Test
  void runUntilComplete_cancelledFuture_throwsCancelledError() {
    Future<String> f = loop.createFuture();
    loop.callSoon(() -> f.cancel("no more"));
    CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(f));
    assertEquals("no more", e.getMessage());
  }

  @Test
  void runUntilComplete_stoppedBeforeDone_throwsIllegalStateException() {
    Future<String> f = loop.createFuture();
    loop.callSoon(loop::stop);
    assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(f));
    assertFalse(f.done());
    assertFalse(loop.isRunning());
  }

  @Test
  void runUntilComplete_onItsRunningLoop_throwsIllegalStateException() {
    Future<String> other = loop.createFuture();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    loop.callSoon(() -> {
      thrown.set(catchThrowable(() -> loop.runUntilComplete(other)));
      loop.stop();
    });
    loop.runForever();
    assertInstanceOf(IllegalStateException.class, thrown.get());
  }

  @Test
  void runUntilComplete_fromAnotherThreadWhileRunning_throwsIllegalStateException() {
    EventLoop real = Asyncio.newEventLoop();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    CountDownLatch running = new CountDownLatch(1);
    real.callSoon(running::countDown);
    start(() -> {
      await(running);
      thrown.set(catchThrowable(() -> real.runUntilComplete(CompletableFuture.completedFuture(1))));
      real.stop();
    });
    real.runForever();
    real.close();
    assertInstanceOf(IllegalStateException.class, thrown.get());
  }

  @Test
  void runForever_whileRunning_throwsIllegalStateException() {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    loop.callSoon(() -> {
      thrown.set(catchThrowable(loop::runForever));
      loop.stop();
    });
    loop.runForever();
    assertInstanceOf(IllegalStateException.class, thrown.get());
  }

  @Test
  void runForever_whileAnotherLoopRunsOnThisThread_throwsIllegalStateException() {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    try (EventLoop other = Loops.virtualLoop()) {
      loop.callSoon(() -> {
        thrown.set(catchThrowable(other::runForever));
        loop.stop();
      });
      loop.runForever();
      assertFalse(other.isRunning());
    }
    assertInstanceOf(IllegalStateException.class, thrown.get());
  }

  @Test
  void nestedAsyncioRun_insideRunningLoop_throwsIllegalStateExceptionAtOnce() {
    AtomicBoolean innerRan = new AtomicBoolean();
    Throwable thrown = Loops.runVirtual(() -> CompletableFuture.completedFuture(
        catchThrowable(() -> Asyncio.run(() -> {
          innerRan.set(true);
          return CompletableFuture.completedFuture(1);
        }))));
    assertInstanceOf(IllegalStateException.class, thrown);
    assertFalse(innerRan.get());
  }

  @Test
  void close_whileRunning_throwsIllegalStateException_andLoopKeepsRunning() {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    loop.callSoon(() -> thrown.set(catchThrowable(loop::close)));
    loop.callSoon(() -> {
      events.add("still running");
      loop.stop();
    });
    loop.runForever();
    assertInstanceOf(IllegalStateException.class, thrown.get());
    assertEquals(List.of("still running"), events);
    assertFalse(loop.isClosed());
  }

  @Test
  void close_fromAnotherThreadWhileRunning_throwsIllegalStateException() {
    EventLoop real = Asyncio.newEventLoop();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    CountDownLatch running = new CountDownLatch(1);
    real.callSoon(running::countDown);
    start(() -> {
      await(running);
      thrown.set(catchThrowable(real::close));
      real.stop();
    });
    real.runForever();
    assertFalse(real.isClosed());
    real.close();
    assertInstanceOf(IllegalStateException.class, thrown.get());
  }

  @Test
  void close_isIdempotent() {
    assertFalse(loop.isClosed());
    loop.close();
    assertTrue(loop.isClosed());
    assertDoesNotThrow(loop::close);
    assertTrue(loop.isClosed());
    assertFalse(loop.isRunning());
  }

  @Test
  void close_dropsPendingCallbacks() {
    loop.callSoon(() -> events.add("dropped"));
    loop.callLater(1, () -> events.add("dropped timer"));
    loop.close();
    assertEquals(List.of(), events);
  }

  @Test
  void closedLoop_rejectsSchedulingAndRunning() {
    loop.close();
    assertClosed(() -> loop.callSoon(() -> { }));
    assertClosed(() -> loop.callSoonThreadsafe(() -> { }));
    assertClosed(() -> loop.callLater(1, () -> { }));
    assertClosed(() -> loop.callLater(Duration.ofSeconds(1), () -> { }));
    assertClosed(() -> loop.callAt(1, () -> { }));
    assertClosed(() -> loop.createTask(() -> CompletableFuture.completedFuture(1)));
    assertClosed(() -> loop.createTask(() -> CompletableFuture.completedFuture(1), "t"));
    assertClosed(loop::createFuture);
    assertClosed(loop::runForever);
    assertClosed(() -> loop.runUntilComplete(CompletableFuture.completedFuture(1)));
    assertClosed(() -> loop.runInExecutor(null, () -> 1));
    assertClosed(() -> loop.runCoroutineThreadsafe(() -> CompletableFuture.completedFuture(1)));
    assertTrue(loop.isClosed());
  }

  private static void assertClosed(Executable e) {
    IllegalStateException ex = assertThrows(IllegalStateException.class, e);
    assertEquals("Event loop is closed", ex.getMessage());
  }

  static Throwable catchThrowable(Executable e) {
    try {
      e.execute();
      return null;
    } catch (Throwable t) {
      return t;
    }
  }
}
