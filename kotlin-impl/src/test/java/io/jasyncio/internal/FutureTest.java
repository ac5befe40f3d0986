package io.jasyncio.internal;

import static io.jasyncio.internal.EventLoopLifecycleTest.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.ExceptionContext;
import io.jasyncio.Future;
import io.jasyncio.InvalidStateError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FutureTest extends VirtualLoopFixture {
  private void runOneIteration() {
    loop.callSoon(loop::stop);
    loop.runForever();
  }

  @Test
  void newFuture_isPending() {
    Future<String> f = loop.createFuture();
    assertFalse(f.done());
    assertFalse(f.cancelled());
    assertFalse(f.isDone());
    assertSame(loop, f.getLoop());
  }

  @Test
  void result_onPendingFuture_throwsInvalidStateError() {
    Future<String> f = loop.createFuture();
    assertThrows(InvalidStateError.class, f::result);
    assertThrows(InvalidStateError.class, f::exception);
    assertFalse(f.done());
  }

  @Test
  void setResult_makesItDoneWithThatResult() {
    Future<String> f = loop.createFuture();
    f.setResult("value");
    assertTrue(f.done());
    assertFalse(f.cancelled());
    assertEquals("value", f.result());
    assertNull(f.exception());
    assertEquals("value", f.join());
  }

  @Test
  void setResult_null_isAValidResult() {
    Future<String> f = loop.createFuture();
    f.setResult(null);
    assertTrue(f.done());
    assertNull(f.result());
    assertNull(f.exception());
  }

  @Test
  void setException_unchecked_resultRethrowsItAsIs() {
    Future<String> f = loop.createFuture();
    IllegalArgumentException boom = new IllegalArgumentException("boom");
    f.setException(boom);
    assertTrue(f.done());
    assertFalse(f.cancelled());
    assertSame(boom, f.exception());
    assertSame(boom, assertThrows(IllegalArgumentException.class, f::result));
  }

  @Test
  void setException_checked_resultWrapsItInCompletionException() {
    Future<String> f = loop.createFuture();
    IOException io = new IOException("disk");
    f.setException(io);
    assertSame(io, f.exception());
    assertSame(io, assertThrows(CompletionException.class, f::result).getCause());
    assertSame(io, assertThrows(ExecutionException.class, f::get).getCause());
  }

  @Test
  void cancel_withMessage_completesWithCancelledErrorCarryingIt() {
    Future<String> f = loop.createFuture();
    assertTrue(f.cancel("no longer needed"));
    assertTrue(f.done());
    assertTrue(f.cancelled());
    assertTrue(f.isCancelled());
    assertTrue(f.toCompletableFuture().isCompletedExceptionally());
    assertEquals("no longer needed", assertThrows(CancelledError.class, f::result).getMessage());
    assertEquals("no longer needed", assertThrows(CancelledError.class, f::exception).getMessage());
    assertEquals("no longer needed", assertThrows(CancelledError.class, f::join).getMessage());
  }

  @Test
  void cancel_whileAPlainThreadIsBlockedInJoinOrGet_throwsTheCancelledErrorOnEveryJdk()
      throws Exception {
    Future<String> f = loop.createFuture();
    AtomicReference<Throwable> fromJoin = new AtomicReference<>();
    AtomicReference<Throwable> fromGet = new AtomicReference<>();
    CountDownLatch waiting = new CountDownLatch(2);
    Thread joiner = new Thread(() -> {
      waiting.countDown();
      fromJoin.set(catchThrowable(f::join));
    });
    Thread getter = new Thread(() -> {
      waiting.countDown();
      fromGet.set(catchThrowable(() -> f.get(1, TimeUnit.MINUTES)));
    });
    joiner.start();
    getter.start();
    waiting.await();
    // both threads are in (or about to enter) the blocking call; cancel from the loop thread
    loop.runUntilComplete(loop.createTask(() -> {
      f.cancel("stop waiting");
      return Asyncio.sleep(0);
    }));
    joiner.join();
    getter.join();
    assertInstanceOf(CancelledError.class, fromJoin.get());
    assertEquals("stop waiting", fromJoin.get().getMessage());
    assertInstanceOf(CancelledError.class, fromGet.get());
    assertEquals("stop waiting", fromGet.get().getMessage());
  }

  @Test
  void cancel_withoutMessage_completesWithCancelledErrorWithoutMessage() {
    Future<String> f = loop.createFuture();
    assertTrue(f.cancel());
    assertTrue(f.cancelled());
    assertNull(assertThrows(CancelledError.class, f::result).getMessage());
  }

  @Test
  void cancelMayInterrupt_cancelsLikeCancel() {
    Future<String> f = loop.createFuture();
    assertTrue(f.cancel(true));
    assertTrue(f.cancelled());
    assertThrows(CancelledError.class, f::result);
  }

  @Test
  void cancel_onDoneFuture_returnsFalseAndKeepsTheResult() {
    Future<String> f = loop.createFuture();
    f.setResult("kept");
    assertFalse(f.cancel("late"));
    assertFalse(f.cancelled());
    assertEquals("kept", f.result());
  }

  @Test
  void cancel_twice_secondReturnsFalseAndKeepsFirstMessage() {
    Future<String> f = loop.createFuture();
    assertTrue(f.cancel("first"));
    assertFalse(f.cancel("second"));
    assertEquals("first", assertThrows(CancelledError.class, f::result).getMessage());
  }

  @Test
  void cancel_schedulesDoneCallbacks() {
    Future<String> f = loop.createFuture();
    f.addDoneCallback(x -> events.add("cancelled=" + x.cancelled()));
    f.cancel();
    assertEquals(List.of(), events);
    runOneIteration();
    assertEquals(List.of("cancelled=true"), events);
  }

  @Test
  void setResult_twice_throwsInvalidStateError_andKeepsFirstResult() {
    Future<String> f = loop.createFuture();
    f.setResult("first");
    assertThrows(InvalidStateError.class, () -> f.setResult("second"));
    assertEquals("first", f.result());
  }

  @Test
  void setException_afterResult_throwsInvalidStateError_andKeepsResult() {
    Future<String> f = loop.createFuture();
    f.setResult("first");
    assertThrows(InvalidStateError.class, () -> f.setException(new RuntimeException()));
    assertEquals("first", f.result());
  }

  @Test
  void setResult_afterCancel_throwsInvalidStateError() {
    Future<String> f = loop.createFuture();
    f.cancel();
    assertThrows(InvalidStateError.class, () -> f.setResult("late"));
    assertTrue(f.cancelled());
  }

  @Test
  void setException_withCancellation_throwsIllegalArgumentException_andStaysPending() {
    Future<String> f = loop.createFuture();
    assertThrows(IllegalArgumentException.class, () -> f.setException(new CancelledError("x")));
    assertThrows(IllegalArgumentException.class, () -> f.setException(new CancellationException()));
    assertFalse(f.done());
    f.setResult("still usable");
    assertEquals("still usable", f.result());
  }

  @Test
  void complete_onDoneFuture_returnsFalse() {
    Future<String> f = loop.createFuture();
    CompletableFuture<String> cf = f.toCompletableFuture();
    assertTrue(cf.complete("a"));
    assertFalse(cf.complete("b"));
    assertFalse(cf.completeExceptionally(new RuntimeException()));
    assertEquals("a", f.result());
  }

  @Test
  void removeDoneCallback_returnsHowManyRegistrationsItRemoved() {
    Future<String> f = loop.createFuture();
    Consumer<Future<String>> cb = x -> events.add("removed");
    Consumer<Future<String>> other = x -> events.add("other");
    f.addDoneCallback(cb);
    f.addDoneCallback(other);
    f.addDoneCallback(cb);
    assertEquals(2, f.removeDoneCallback(cb));
    assertEquals(0, f.removeDoneCallback(cb));
    f.setResult("x");
    runOneIteration();
    assertEquals(List.of("other"), events);
  }

  @Test
  void removeDoneCallback_afterDone_returnsZero_andTheCallbackStillRuns() {
    Future<String> f = loop.createFuture();
    Consumer<Future<String>> cb = x -> events.add("cb");
    f.addDoneCallback(cb);
    f.setResult("x");
    assertEquals(0, f.removeDoneCallback(cb));
    runOneIteration();
    assertEquals(List.of("cb"), events);
  }

  @Test
  void doneCallback_receivesTheFutureItself() {
    Future<String> f = loop.createFuture();
    AtomicReference<Future<String>> got = new AtomicReference<>();
    f.addDoneCallback(got::set);
    f.setResult("x");
    runOneIteration();
    assertSame(f, got.get());
  }

  @Test
  void joinAndGet_onPendingFutureFromItsLoopThread_throwIllegalStateExceptionAtOnce() {
    Future<String> f = loop.createFuture();
    List<Throwable> thrown = new ArrayList<>();
    loop.callSoon(() -> {
      thrown.add(catchThrowable(f::join));
      thrown.add(catchThrowable(f::get));
      thrown.add(catchThrowable(() -> f.get(1, TimeUnit.HOURS)));
      loop.stop();
    });
    loop.runForever();
    assertEquals(3, thrown.size());
    for (Throwable t : thrown) {
      assertInstanceOf(IllegalStateException.class, t);
    }
    assertFalse(f.done());
  }

  @Test
  void join_onDoneFutureFromItsLoopThread_returnsTheResult() {
    Future<String> f = loop.createFuture();
    f.setResult("done");
    loop.callSoon(() -> {
      events.add(f.join());
      loop.stop();
    });
    loop.runForever();
    assertEquals(List.of("done"), events);
  }

  @Test
  void completionFromAnotherThread_runsDependentsAndDoneCallbacksOnTheLoopThread()
      throws Exception {
    EventLoop real = Asyncio.newEventLoop();
    Future<Integer> f = real.createFuture();
    List<Thread> threads = new ArrayList<>();
    CompletableFuture<Integer> doubled = f.toCompletableFuture().thenApply(v -> {
      threads.add(Thread.currentThread());
      return v * 2;
    });
    f.addDoneCallback(x -> {
      threads.add(Thread.currentThread());
      real.stop();
    });
    CountDownLatch running = new CountDownLatch(1);
    real.callSoon(running::countDown);
    Thread helper = new Thread(() -> {
      try {
        running.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      f.setResult(21);
    });
    helper.start();
    real.runForever();
    helper.join();
    real.close();
    assertEquals(42, doubled.join());
    assertEquals(List.of(Thread.currentThread(), Thread.currentThread()), threads);
  }

  @Test
  void cancelFromAnotherThread_runsDoneCallbacksOnTheLoopThread() throws Exception {
    EventLoop real = Asyncio.newEventLoop();
    Future<Integer> f = real.createFuture();
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    f.addDoneCallback(x -> {
      ranOn.set(Thread.currentThread());
      real.stop();
    });
    CountDownLatch running = new CountDownLatch(1);
    real.callSoon(running::countDown);
    Thread helper = new Thread(() -> {
      try {
        running.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      f.cancel("from elsewhere");
    });
    helper.start();
    real.runForever();
    helper.join();
    real.close();
    assertSame(Thread.currentThread(), ranOn.get());
    assertEquals("from elsewhere", assertThrows(CancelledError.class, f::result).getMessage());
  }

  /** Both calls happen while the loop thread is busy, before it can process either. */
  private <T> List<Object> twoCallsFromAnotherThreadWhileLoopIsBusy(
      Future<T> f, java.util.function.Function<Future<T>, Object> call) throws Exception {
    EventLoop l = f.getLoop();
    List<Object> outcomes = new ArrayList<>();
    CountDownLatch callsDone = new CountDownLatch(1);
    Thread helper = new Thread(() -> {
      outcomes.add(call.apply(f));
      outcomes.add(call.apply(f));
      callsDone.countDown();
    });
    l.callSoon(() -> {
      helper.start();
      try {
        assertTrue(callsDone.await(5, TimeUnit.SECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    f.addDoneCallback(x -> l.stop());
    l.runForever();
    helper.join();
    return outcomes;
  }

  @Test
  void complete_twiceFromAnotherThread_onlyFirstReturnsTrue() throws Exception {
    Future<String> f = loop.createFuture();
    int[] n = {0};
    List<Object> outcomes = twoCallsFromAnotherThreadWhileLoopIsBusy(
        f, x -> x.toCompletableFuture().complete("v" + ++n[0]));
    assertEquals("v1", f.result());
    assertEquals(List.of(true, false), outcomes);
  }

  @Test
  void setResult_twiceFromAnotherThread_secondThrowsInvalidStateError() throws Exception {
    Future<String> f = loop.createFuture();
    int[] n = {0};
    List<Object> outcomes = twoCallsFromAnotherThreadWhileLoopIsBusy(f, x -> {
      Throwable t = catchThrowable(() -> x.setResult("v" + ++n[0]));
      return t == null ? "ok" : t.getClass().getSimpleName();
    });
    assertEquals("v1", f.result());
    assertEquals(List.of("ok", "InvalidStateError"), outcomes);
  }

  @Test
  void cancel_fromAnotherThreadAfterCompleteFromThere_returnsFalse() throws Exception {
    Future<String> f = loop.createFuture();
    int[] n = {0};
    List<Object> outcomes = twoCallsFromAnotherThreadWhileLoopIsBusy(
        f, x -> ++n[0] == 1 ? x.toCompletableFuture().complete("v") : x.cancel("too late"));
    assertEquals("v", f.result());
    assertEquals(List.of(true, false), outcomes);
  }

  @Test
  void obtrude_throwsUnsupportedOperationException_andKeepsTheOutcome() {
    Future<String> f = loop.createFuture();
    f.setResult("set once");
    CompletableFuture<String> cf = f.toCompletableFuture();
    assertThrows(UnsupportedOperationException.class, () -> cf.obtrudeValue("other"));
    assertThrows(UnsupportedOperationException.class,
        () -> cf.obtrudeException(new RuntimeException()));
    assertEquals("set once", f.result());
  }

  @Test
  void toCompletableFuture_returnsTheFutureItself() {
    Future<String> f = loop.createFuture();
    assertSame(f, f.toCompletableFuture());
    assertInstanceOf(CompletableFuture.class, f);
  }

  @Test
  void allOf_overLoopFutures_completesWhenAllAreDone() {
    Future<String> a = loop.createFuture();
    Future<String> b = loop.createFuture();
    loop.callLater(1, () -> a.setResult("a"));
    loop.callLater(2, () -> b.setResult("b"));
    CompletableFuture<String> both = CompletableFuture
        .allOf(a.toCompletableFuture(), b.toCompletableFuture())
        .thenApply(v -> a.result() + b.result() + "@" + loop.time());
    assertEquals("ab@2.0", loop.runUntilComplete(both));
  }

  @Test
  void thenCombine_andAnyOf_workOnLoopFutures() {
    Future<Integer> a = loop.createFuture();
    Future<Integer> b = loop.createFuture();
    loop.callLater(1, () -> a.setResult(40));
    loop.callLater(2, () -> b.setResult(2));
    CompletableFuture<Object> first =
        CompletableFuture.anyOf(a.toCompletableFuture(), b.toCompletableFuture());
    assertEquals(40, loop.runUntilComplete(first));
    assertEquals(42, loop.runUntilComplete(a.thenCombine(b, Integer::sum)));
  }

  @Test
  void failureNeverRetrieved_isReportedWhenTheLoopCloses() {
    List<ExceptionContext> errors = Loops.recordErrors(loop);
    Future<String> f = loop.createFuture();
    IllegalStateException boom = new IllegalStateException("lost");
    f.setException(boom);
    assertEquals(List.of(), errors);
    loop.close();
    assertEquals(1, errors.size());
    assertTrue(errors.get(0).message().startsWith("Future exception was never retrieved"),
        errors.get(0).message());
    assertSame(boom, errors.get(0).exception());
  }

  @Test
  void failureRetrieved_isNotReportedWhenTheLoopCloses() {
    List<ExceptionContext> errors = Loops.recordErrors(loop);
    Future<String> f = loop.createFuture();
    f.setException(new IllegalStateException("seen"));
    assertEquals("seen", f.exception().getMessage());
    loop.close();
    assertEquals(List.of(), errors);
  }

  @Test
  void cancellation_isNotReportedWhenTheLoopCloses() {
    List<ExceptionContext> errors = Loops.recordErrors(loop);
    Future<String> f = loop.createFuture();
    f.cancel("bye");
    loop.close();
    assertEquals(List.of(), errors);
  }
}
