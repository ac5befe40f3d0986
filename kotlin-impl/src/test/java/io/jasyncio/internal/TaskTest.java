package io.jasyncio.internal;

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
import io.jasyncio.Task;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TaskTest {
  private static final Pattern DEFAULT_NAME = Pattern.compile("Task-(\\d+)");

  private final EventLoop loop = Loops.virtualLoop();
  private final List<String> events = new ArrayList<>();

  @AfterEach
  void closeLoop() {
    if (!loop.isRunning() && !loop.isClosed()) {
      loop.close();
    }
  }

  private static <T> CompletableFuture<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }

  private void runUntilDoneIgnoringOutcome(Future<?> f) {
    f.addDoneCallback(x -> loop.stop());
    loop.runForever();
    assertTrue(f.done());
  }

  @Test
  void name_defaultsToTaskNWithIncreasingN() {
    Task<Integer> a = loop.createTask(() -> done(1));
    Task<Integer> b = loop.createTask(() -> done(2));
    Matcher ma = DEFAULT_NAME.matcher(a.getName());
    Matcher mb = DEFAULT_NAME.matcher(b.getName());
    assertTrue(ma.matches(), a.getName());
    assertTrue(mb.matches(), b.getName());
    assertTrue(Long.parseLong(mb.group(1)) > Long.parseLong(ma.group(1)));
  }

  @Test
  void name_givenAtCreation_orNullForDefault() {
    assertEquals("worker", loop.createTask(() -> done(1), "worker").getName());
    assertTrue(DEFAULT_NAME.matcher(loop.createTask(() -> done(1), null).getName()).matches());
  }

  @Test
  void setName_changesTheName() {
    Task<Integer> t = loop.createTask(() -> done(1));
    t.setName("renamed");
    assertEquals("renamed", t.getName());
  }

  @Test
  void task_completesWithTheResultOfItsAsyncCallable() {
    Task<Integer> t = loop.createTask(() -> Asyncio.sleep(1, 41).thenApply(v -> v + 1));
    assertEquals(42, loop.runUntilComplete(t));
    assertEquals(42, t.result());
    assertTrue(t.done());
    assertFalse(t.cancelled());
    assertSame(loop, t.getLoop());
  }

  @Test
  void task_isPendingUntilItsFirstStep() {
    AtomicBoolean ran = new AtomicBoolean();
    Task<Integer> t = loop.createTask(() -> {
      ran.set(true);
      return done(1);
    });
    assertFalse(ran.get());
    assertFalse(t.done());
    assertEquals(1, loop.runUntilComplete(t));
    assertTrue(ran.get());
  }

  @Test
  void asyncCallableThrowingUnchecked_failsTheTaskWithThatException() {
    IllegalStateException boom = new IllegalStateException("boom");
    Task<Integer> t = loop.createTask(() -> {
      throw boom;
    });
    assertSame(boom, assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(t)));
    assertSame(boom, t.exception());
    assertFalse(t.cancelled());
  }

  @Test
  void asyncCallableThrowingChecked_keepsTypeAndMessage() {
    Task<Integer> t = loop.createTask(() -> {
      throw new IOException("disk full");
    });
    CompletionException e = assertThrows(CompletionException.class, () -> loop.runUntilComplete(t));
    assertInstanceOf(IOException.class, e.getCause());
    assertEquals("disk full", e.getCause().getMessage());
    assertInstanceOf(IOException.class, t.exception());
    assertEquals("disk full", t.exception().getMessage());
  }

  @Test
  void stageFailing_failsTheTaskWithTheUnwrappedCause() {
    Task<Integer> t = loop.createTask(() -> Asyncio.sleep(1).thenApply(v -> {
      throw new ArithmeticException("bad math");
    }));
    ArithmeticException e = assertThrows(ArithmeticException.class, () -> loop.runUntilComplete(t));
    assertEquals("bad math", e.getMessage());
    assertInstanceOf(ArithmeticException.class, t.exception());
  }

  @Test
  void asyncCallableReturningNull_failsTheTaskWithNullPointerException() {
    Task<Integer> t = loop.createTask(() -> null);
    assertThrows(NullPointerException.class, () -> loop.runUntilComplete(t));
    assertInstanceOf(NullPointerException.class, t.exception());
  }

  @Test
  void task_awaitingAnotherTask_completesWithItsResult() {
    Task<String> outer = loop.createTask(() -> loop.createTask(() -> Asyncio.sleep(2, "inner")));
    assertEquals("inner", loop.runUntilComplete(outer));
    assertEquals(2.0, loop.time());
  }

  @Test
  void cancel_beforeFirstStep_bodyNeverRuns_andTaskIsCancelled() {
    AtomicBoolean ran = new AtomicBoolean();
    Task<Integer> t = loop.createTask(() -> {
      ran.set(true);
      return done(1);
    });
    assertTrue(t.cancel("early"));
    CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
    assertEquals("early", e.getMessage());
    assertFalse(ran.get());
    assertTrue(t.cancelled());
    assertTrue(t.done());
  }

  @Test
  void cancel_whileAwaitingSleep_cancelsTheSleepAndEndsWithCancelledError() {
    AtomicReference<Future<Void>> sleep = new AtomicReference<>();
    Task<Void> t = loop.createTask(() -> {
      sleep.set(Asyncio.sleep(3600));
      return sleep.get();
    });
    loop.callLater(1, () -> events.add("cancel=" + t.cancel("stop it")));
    CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
    assertEquals("stop it", e.getMessage());
    assertEquals(List.of("cancel=true"), events);
    assertTrue(t.cancelled());
    assertTrue(sleep.get().cancelled());
    assertEquals(1.0, loop.time());
  }

  @Test
  void cancel_whileAwaitingAnotherTask_cancelsThatTaskToo() {
    AtomicReference<Task<Void>> inner = new AtomicReference<>();
    Task<Void> outer = loop.createTask(() -> {
      inner.set(Asyncio.createTask(() -> Asyncio.sleep(3600)));
      return inner.get();
    });
    loop.callLater(1, () -> outer.cancel("outer cancelled"));
    CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(outer));
    assertEquals("outer cancelled", e.getMessage());
    assertTrue(inner.get().cancelled());
    assertEquals(1.0, loop.time());
  }

  @Test
  void cancel_requestedByItsOwnBody_cancelsTheAwaitedStageAtOnce() {
    AtomicReference<Future<Void>> sleep = new AtomicReference<>();
    Task<Void> t = loop.createTask(() -> {
      Asyncio.currentTask().cancel("self");
      sleep.set(Asyncio.sleep(100));
      return sleep.get();
    });
    CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
    assertEquals("self", e.getMessage());
    assertTrue(t.cancelled());
    assertTrue(sleep.get().cancelled());
    assertEquals(0.0, loop.time());
  }

  @Test
  void cancel_doneTask_returnsFalse() {
    Task<Integer> t = loop.createTask(() -> done(1));
    loop.runUntilComplete(t);
    assertFalse(t.cancel("late"));
    assertFalse(t.cancelled());
    assertEquals(1, t.result());
  }

  @Test
  void cancelling_countsRequests_uncancelDecrementsButNotBelowZero() {
    Task<Void> t = loop.createTask(() -> Asyncio.sleep(10));
    loop.callLater(1, () -> {
      events.add("before=" + t.cancelling());
      t.cancel("one");
      t.cancel("two");
      events.add("after=" + t.cancelling());
      events.add("uncancel=" + t.uncancel());
    });
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
    assertEquals(List.of("before=0", "after=2", "uncancel=1"), events);
    assertTrue(t.cancelled());
    assertEquals(1, t.cancelling());
    assertEquals(0, t.uncancel());
    assertEquals(0, t.uncancel());
    assertEquals(0, t.cancelling());
  }

  @Test
  void outcomeSetters_throwUnsupportedOperationException() {
    Task<Integer> t = loop.createTask(() -> Asyncio.sleep(1, 5));
    CompletableFuture<Integer> cf = t.toCompletableFuture();
    assertThrows(UnsupportedOperationException.class, () -> t.setResult(1));
    assertThrows(UnsupportedOperationException.class,
        () -> t.setException(new RuntimeException()));
    assertThrows(UnsupportedOperationException.class, () -> cf.complete(1));
    assertThrows(UnsupportedOperationException.class,
        () -> cf.completeExceptionally(new RuntimeException()));
    assertThrows(UnsupportedOperationException.class, () -> cf.obtrudeValue(1));
    assertFalse(t.done());
    assertEquals(5, loop.runUntilComplete(t));
  }

  @Test
  void currentTask_insideTheBody_isThatTask() {
    AtomicReference<Task<?>> seen = new AtomicReference<>();
    Task<Integer> t = loop.createTask(() -> {
      seen.set(Asyncio.currentTask());
      return done(1);
    });
    loop.runUntilComplete(t);
    assertSame(t, seen.get());
  }

  @Test
  void currentTask_inPlainCallbackOrDoneCallback_isNull() {
    List<Object> seen = new ArrayList<>();
    Task<Integer> t = loop.createTask(() -> done(1));
    t.addDoneCallback(x -> seen.add(String.valueOf(Asyncio.currentTask())));
    loop.callSoon(() -> seen.add(String.valueOf(Asyncio.currentTask())));
    loop.runUntilComplete(t);
    loop.callSoon(loop::stop);
    loop.runForever();
    assertEquals(List.of("null", "null"), seen);
  }

  @Test
  void currentTask_outsideAnyLoop_isNull() {
    assertNull(Asyncio.currentTask());
  }

  @Test
  void allTasks_containsPendingTasksAndNotFinishedOnes() {
    Task<Void> sleeper = loop.createTask(() -> Asyncio.sleep(10));
    Task<Integer> quick = loop.createTask(() -> done(1));
    Task<Integer> failing = loop.createTask(() -> {
      throw new IllegalStateException("x");
    });
    List<Set<Task<?>>> seen = new ArrayList<>();
    assertEquals(Set.of(sleeper, quick, failing), Asyncio.allTasks(loop));
    loop.callLater(1, () -> {
      seen.add(Asyncio.allTasks());
      seen.add(Asyncio.allTasks(loop));
    });
    loop.runUntilComplete(sleeper);
    assertEquals(List.of(Set.of(sleeper), Set.of(sleeper)), seen);
    assertEquals(Set.of(), Asyncio.allTasks(loop));
    failing.exception();
  }

  @Test
  void unretrievedFailure_isReportedToTheHandlerWhenTheLoopCloses() {
    List<ExceptionContext> errors = Loops.recordErrors(loop);
    IllegalStateException boom = new IllegalStateException("nobody looked");
    Task<Integer> t = loop.createTask(() -> {
      throw boom;
    });
    runUntilDoneIgnoringOutcome(t);
    assertEquals(List.of(), errors);
    loop.close();
    assertEquals(1, errors.size());
    String message = errors.get(0).message();
    assertTrue(message.startsWith("Task exception was never retrieved"), message);
    assertSame(boom, errors.get(0).exception());
  }

  @ParameterizedTest
  @ValueSource(strings = {"result", "exception", "join", "get", "getNow", "whenComplete",
      "exceptionally", "runUntilComplete", "awaitedByTask"})
  void retrievedFailure_isNotReportedWhenTheLoopCloses(String how) {
    List<ExceptionContext> errors = Loops.recordErrors(loop);
    Task<Integer> t = loop.createTask(() -> Asyncio.sleep(1).thenApply(v -> {
      throw new IllegalStateException("seen");
    }));
    switch (how) {
      case "whenComplete" -> t.whenComplete((v, e) -> { });
      case "exceptionally" -> t.exceptionally(e -> 0);
      case "awaitedByTask" -> {
        Task<Integer> outer = loop.createTask(() -> t);
        runUntilDoneIgnoringOutcome(outer);
        assertInstanceOf(IllegalStateException.class, outer.exception());
      }
      default -> { }
    }
    if (how.equals("runUntilComplete")) {
      assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(t));
    } else {
      runUntilDoneIgnoringOutcome(t);
    }
    switch (how) {
      case "result" -> assertThrows(IllegalStateException.class, t::result);
      case "exception" -> assertInstanceOf(IllegalStateException.class, t.exception());
      case "join" -> assertThrows(CompletionException.class, t::join);
      case "get" -> assertThrows(ExecutionException.class, t::get);
      case "getNow" ->
          assertThrows(CompletionException.class, () -> t.toCompletableFuture().getNow(0));
      default -> { }
    }
    loop.close();
    assertEquals(List.of(), errors);
  }

  @Test
  void failureComposedIntoAnotherTasksStage_isNotReportedAsNeverRetrieved() {
    List<ExceptionContext> errors = Loops.recordErrors(loop);
    IllegalStateException boom = new IllegalStateException("propagated");
    Task<Integer> inner = loop.createTask(() -> Asyncio.sleep(1).thenApply(v -> {
      throw boom;
    }));
    Task<Integer> outer = loop.createTask(() -> Asyncio.sleep(0).thenCompose(v -> inner));
    assertSame(boom, assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(outer)));
    loop.close();
    assertEquals(List.of(), errors);
  }

  @Test
  void cancelledTask_isNotReportedWhenTheLoopCloses() {
    List<ExceptionContext> errors = Loops.recordErrors(loop);
    Task<Void> t = loop.createTask(() -> Asyncio.sleep(10));
    loop.callLater(1, t::cancel);
    runUntilDoneIgnoringOutcome(t);
    assertTrue(t.cancelled());
    loop.close();
    assertEquals(List.of(), errors);
  }

  @Test
  void doneCallbacksOfATask_runAfterItFinishes_onTheLoop() {
    Task<String> t = loop.createTask(() -> Asyncio.sleep(2, "r"));
    t.addDoneCallback(x -> events.add("cb " + x.result() + "@" + loop.time()));
    loop.runUntilComplete(t);
    loop.callSoon(loop::stop);
    loop.runForever();
    assertEquals(List.of("cb r@2.0"), events);
  }

  @Test
  void createTask_fromInsideATask_viaFacade_runsOnTheSameLoop() {
    Task<EventLoop> t = loop.createTask(() -> Asyncio.createTask(
        () -> done(Asyncio.getRunningLoop()), "child"));
    assertSame(loop, loop.runUntilComplete(t));
  }

  @Test
  void task_createdFromAnotherThread_runsOnTheLoopThread() throws Exception {
    EventLoop real = Asyncio.newEventLoop();
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    real.callSoon(() -> {
      Thread helper = new Thread(() -> {
        try {
          Task<Integer> t = real.createTask(() -> {
            ranOn.set(Thread.currentThread());
            return done(1);
          });
          t.toCompletableFuture().whenComplete((v, e) -> real.stop());
        } catch (Throwable e) {
          failure.set(e);
          real.stop();
        }
      });
      helper.start();
    });
    real.runForever();
    real.close();
    assertNull(failure.get());
    assertSame(Thread.currentThread(), ranOn.get());
  }
}
