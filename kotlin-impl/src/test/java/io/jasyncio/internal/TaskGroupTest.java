package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.AsyncCallable;
import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.TaskGroup;
import io.jasyncio.TaskGroupException;
import io.jasyncio.TimeoutError;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CPython's test_taskgroups restated for the Java face ({@code Asyncio.taskGroup}), virtual clock. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TaskGroupTest extends VirtualLoopFixture {
  private <T> T run(AsyncCallable<T> main) {
    return loop.runUntilComplete(loop.createTask(main));
  }

  private static CompletionStage<Throwable> failure(CompletionStage<?> stage) {
    return stage.handle((v, e) -> e);
  }

  private static <T> CompletableFuture<T> done(T v) {
    return CompletableFuture.completedFuture(v);
  }

  /** A child: sleeps {@code seconds}, then returns {@code value}. */
  private static <T> AsyncCallable<T> after(double seconds, T value) {
    return () -> Asyncio.sleep(seconds, value);
  }

  /** A child: sleeps {@code seconds}, then fails with {@code e}. */
  private static <T> AsyncCallable<T> crashAfter(double seconds, RuntimeException e) {
    return () -> Asyncio.sleep(seconds).thenCompose(v -> CompletableFuture.failedFuture(e));
  }

  /** A child sleeping {@code seconds}, recording "cancelled" in {@code events} when cancelled. */
  private AsyncCallable<Void> sleeper(double seconds, String name) {
    return () -> {
      Future<Void> s = Asyncio.sleep(seconds);
      s.whenComplete((v, e) -> events.add(name + (e instanceof CancelledError ? " cancelled" : " done")));
      return s;
    };
  }

  private static List<String> messages(Throwable e) {
    List<String> out = new ArrayList<>();
    for (Throwable x : ((TaskGroupException) e).exceptions()) {
      out.add(x.getMessage());
    }
    return out;
  }

  private static List<Class<?>> types(Throwable e) {
    List<Class<?>> out = new ArrayList<>();
    for (Throwable x : ((TaskGroupException) e).exceptions()) {
      out.add(x.getClass());
    }
    return out;
  }

  @Test
  void t01_theGroupWaitsForItsTasks() {
    List<Object> r = run(() -> {
      List<Task<Integer>> ts = new ArrayList<>();
      return Asyncio.taskGroup(g -> {
        ts.add(g.createTask(after(0.1, 42)));
        ts.add(g.createTask(after(0.2, 11)));
        return done(null);
      }).thenApply(v -> List.of(ts.get(0).result(), ts.get(1).result(), Asyncio.getRunningLoop().time()));
    });
    assertEquals(List.of(42, 11, 0.2), r);
  }

  @Test
  void t02_aTaskCreatedLaterInTheBody() {
    List<Object> r = run(() -> {
      List<Task<Integer>> ts = new ArrayList<>();
      return Asyncio.taskGroup(g -> {
        ts.add(g.createTask(after(0.1, 42)));
        return Asyncio.sleep(0.15).thenRun(() -> ts.add(g.createTask(after(0.2, 11))));
      }).thenApply(v -> List.of(ts.get(0).result(), ts.get(1).result()));
    });
    assertEquals(List.of(42, 11), r);
    assertEquals(0.35, loop.time(), 1e-9);
  }

  @Test
  void t03_aTaskCancelledExplicitly_isNotAFailure() {
    List<Object> r = run(() -> {
      List<Task<Integer>> ts = new ArrayList<>();
      return Asyncio.taskGroup(g -> {
        ts.add(g.createTask(after(1, 42)));
        return Asyncio.sleep(0.15).thenRun(() -> {
          ts.get(0).cancel();
          ts.add(g.createTask(after(0.2, 11)));
        });
      }).thenApply(v -> List.of(ts.get(0).cancelled(), ts.get(1).result()));
    });
    assertEquals(List.of(true, 11), r);
  }

  @Test
  void t04_aFailingTask_cancelsItsSiblings_andTheGroupRaisesEveryFailure() {
    Throwable e = run(() -> failure(Asyncio.createTask(() -> Asyncio.taskGroup(g -> {
      g.createTask(crashAfter(0.1, new ArithmeticException("/ by zero")));
      g.createTask(sleeper(1, "t2"));
      return done(null);
    }).thenRun(() -> events.add("after group")))));
    assertInstanceOf(TaskGroupException.class, e);
    assertEquals(List.of(ArithmeticException.class), types(e));
    assertEquals(List.of("t2 cancelled"), events);
    assertEquals("unhandled errors in a TaskGroup (1 sub-exception)", e.getMessage());
    assertEquals(1, e.getSuppressed().length);
  }

  @Test
  void childErrors_cancelTheOtherChildrenAndTheBody() {
    Throwable e = run(() -> failure(Asyncio.taskGroup(g -> {
      g.createTask(crashAfter(0.1, new ArithmeticException("a")));
      g.createTask(crashAfter(0.1, new ArithmeticException("b")));
      g.createTask(crashAfter(0.1, new ArithmeticException("c")));
      g.createTask(sleeper(5, "t2"));
      return sleeper(10, "body").call();
    })));
    // the three crash in one iteration: the group hears of it one iteration later (CPython's
    // done callback), so all three failures are collected, in completion order
    assertEquals(List.of("a", "b", "c"), messages(e));
    assertTrue(events.containsAll(List.of("t2 cancelled", "body cancelled")), events.toString());
    assertEquals(0.1, loop.time(), 1e-9);
  }

  @Test
  void childrenFailingInTheSameIteration_allRun_andEveryFailureIsCollected() {
    Throwable e = run(() -> failure(Asyncio.taskGroup(g -> {
      for (String n : List.of("a", "b", "c")) {
        g.createTask(() -> {
          events.add(n + " ran");
          throw new ArithmeticException(n);
        });
      }
      g.createTask(sleeper(5, "t4"));
      return sleeper(10, "body").call();
    })));
    assertInstanceOf(TaskGroupException.class, e);
    assertEquals(List.of("a", "b", "c"), messages(e));
    assertEquals("unhandled errors in a TaskGroup (3 sub-exceptions)", e.getMessage());
    assertEquals(List.of("a ran", "b ran", "c ran", "t4 cancelled", "body cancelled"), events);
    assertEquals(0.0, loop.time());
  }

  @Test
  void theGroupAbortsOneIterationAfterAFailure_beforeASiblingWakesFromSleep0() {
    // a fails in iteration 1; the group aborts at the start of iteration 2, before b wakes up
    List<Task<?>> ts = new ArrayList<>();
    Throwable e = run(() -> failure(Asyncio.taskGroup(g -> {
      g.createTask(() -> {
        events.add("a ran");
        throw new ArithmeticException("a");
      });
      ts.add(g.createTask(() -> {
        events.add("b ran");
        return Asyncio.sleep(0);
      }));
      return done(null);
    })));
    assertEquals(List.of("a"), messages(e));
    assertEquals(List.of("a ran", "b ran"), events);
    assertTrue(ts.get(0).cancelled());
  }

  @Test
  void cancellationFromOutside_cancelsEveryChildAndTheBody_andPropagates() {
    Throwable e = run(() -> {
      Task<Void> r = Asyncio.createTask(() -> Asyncio.taskGroup(g -> {
        for (int i = 0; i < 5; i++) {
          g.createTask(sleeper(5, "c" + i));
        }
        return sleeper(10, "body").call();
      }));
      return Asyncio.sleep(0.1).thenCompose(v -> {
        assertFalse(r.done());
        r.cancel();
        return failure(r);
      });
    });
    assertInstanceOf(CancelledError.class, e);
    assertEquals(6, events.stream().filter(s -> s.endsWith("cancelled")).count(), events.toString());
  }

  @Test
  void t09_t10_aFailingBody_cancelsTheChildren_andIsOneOfTheErrors() {
    List<Object> r = run(() -> {
      List<Task<Integer>> ts = new ArrayList<>();
      CompletionStage<Throwable> later = failure(Asyncio.taskGroup(g -> {
        ts.add(g.createTask(after(1, 42)));
        ts.add(g.createTask(after(2, 11)));
        return Asyncio.sleep(0.1).thenCompose(v -> CompletableFuture.failedFuture(new ArithmeticException()));
      }));
      CompletionStage<Throwable> atOnce = failure(Asyncio.taskGroup(g -> {
        ts.add(g.createTask(after(1, 42)));
        throw new ArithmeticException();
      }));
      return later.thenCombine(atOnce, (a, b) -> List.of(types(a), types(b),
          ts.stream().allMatch(Task::cancelled)));
    });
    assertEquals(List.of(List.of(ArithmeticException.class), List.of(ArithmeticException.class), true), r);
  }

  @Test
  void t13_nested_outerChildCrashesFirst_innerGroupIsCancelled() {
    AtomicReference<Throwable> inner = new AtomicReference<>();
    Throwable e = run(() -> failure(Asyncio.taskGroup(g1 -> {
      g1.createTask(crashAfter(0.1, new IllegalArgumentException("0.1")));
      Future<Void> in = Asyncio.taskGroup(g2 -> {
        g2.createTask(crashAfter(10, new IllegalArgumentException("10")));
        return done(null);
      });
      in.whenComplete((v, x) -> inner.set(x));
      return in;
    })));
    assertEquals(List.of(IllegalArgumentException.class), types(e));
    assertInstanceOf(CancelledError.class, inner.get());
  }

  @Test
  void t14_nested_innerChildCrashesFirst_theInnerGroupIsOneOfTheOuterErrors() {
    Throwable e = run(() -> failure(Asyncio.taskGroup(g1 -> {
      g1.createTask(crashAfter(10, new IllegalArgumentException("10")));
      return Asyncio.taskGroup(g2 -> {
        g2.createTask(crashAfter(0.1, new IllegalArgumentException("0.1")));
        return done(null);
      });
    })));
    assertEquals(List.of(TaskGroupException.class), types(e));
    Throwable in = ((TaskGroupException) e).exceptions().get(0);
    assertEquals(List.of(IllegalArgumentException.class), types(in));
    assertEquals(0.1, loop.time(), 1e-9);
  }

  @Test
  void t17_t22_cancelledFromOutside_withoutFailures_isACancel() {
    Throwable e = run(() -> {
      Task<Void> r = Asyncio.createTask(() -> Asyncio.taskGroup(g -> {
        g.createTask(after(1, 42));
        g.createTask(after(2, 11));
        return sleeper(10, "body").call();
      }));
      return Asyncio.sleep(0.05).thenCompose(v -> {
        r.cancel("bye");
        return failure(r);
      });
    });
    assertInstanceOf(CancelledError.class, e);
    assertEquals("bye", e.getMessage());
    assertEquals(List.of("body cancelled"), events);
  }

  @Test
  void t23_sizeCountsTheTasksNotDone() {
    List<Integer> sizes = run(() -> {
      List<Integer> seen = new ArrayList<>();
      return Asyncio.taskGroup(g -> {
        CompletionStage<Void> s = done(null);
        for (int i = 0; i < 10; i++) {
          s = s.thenCompose(v -> Asyncio.sleep(0.1)).thenRun(() -> g.createTask(after(0.3, 0)));
        }
        return s.thenRun(() -> seen.add(g.size()))
            .thenCompose(v -> Asyncio.sleep(1.35)).thenRun(() -> seen.add(g.size()));
      }).thenApply(v -> seen);
    });
    // at t=1.0 the child made at 0.7 has just ended, but the group hears of it one iteration
    // later (a done callback, as CPython's _tasks): it still counts, as on CPython's virtual clock
    assertEquals(List.of(4, 0), sizes);
  }

  @Test
  void t24_aTaskMayCreateTasksInTheGroupWhileItWaits() {
    List<String> r = run(() -> {
      List<String> seen = new ArrayList<>();
      return Asyncio.taskGroup(g -> {
        g.createTask(() -> Asyncio.sleep(0.1).thenRun(() -> {
          g.createTask(() -> Asyncio.sleep(0.1).thenRun(() -> seen.add("a")));
          g.createTask(() -> Asyncio.sleep(0.2).thenRun(() -> seen.add("b")));
        }));
        return done(null);
      }).thenApply(v -> seen);
    });
    assertEquals(List.of("a", "b"), r);
    assertEquals(0.3, loop.time(), 1e-9);
  }

  @Test
  void taskName() {
    String name = run(() -> {
      String[] n = new String[1];
      return Asyncio.taskGroup(g -> {
        n[0] = g.createTask(() -> Asyncio.sleep(0), "yolo").getName();
        return done(null);
      }).thenApply(v -> n[0]);
    });
    assertEquals("yolo", name);
  }

  @Test
  void noCreateTaskAfterFailure_isShuttingDown() {
    AtomicReference<String> msg = new AtomicReference<>();
    Throwable e = run(() -> failure(Asyncio.taskGroup(g -> {
      g.createTask(crashAfter(0.001, new ArithmeticException()));
      g.createTask(() -> {
        Future<Void> s = Asyncio.sleep(1);
        s.whenComplete((v, x) -> msg.set(
            assertThrows(IllegalStateException.class, () -> g.createTask(() -> Asyncio.sleep(0))).getMessage()));
        return s;
      });
      return done(null);
    })));
    assertEquals(List.of(ArithmeticException.class), types(e));
    assertTrue(msg.get().matches("TaskGroup .* is shutting down"), msg.get());
  }

  @Test
  void createTask_afterTheGroupFinished_isFinished() {
    String msg = run(() -> {
      TaskGroup[] tg = new TaskGroup[1];
      return Asyncio.taskGroup(g -> {
        tg[0] = g;
        return done(null);
      }).thenApply(v -> assertThrows(IllegalStateException.class,
          () -> tg[0].createTask(() -> Asyncio.sleep(0))).getMessage());
    });
    assertTrue(msg.endsWith("is finished"), msg);
  }

  @Test
  void cancellingLevel_ofTheParentTask_isPreserved() {
    int cancelling = run(() -> {
      Task<?> me = Asyncio.currentTask();
      return failure(Asyncio.taskGroup(g -> {
        g.createTask(crashAfter(0, new IllegalStateException()));
        return Asyncio.sleep(10);
      })).thenApply(e -> me.cancelling());
    });
    assertEquals(0, cancelling);
  }

  @Test
  void nestedGroupsBothFailing_eachRaisesItsOwnErrors() {
    AtomicReference<Throwable> inner = new AtomicReference<>();
    Throwable e = run(() -> failure(Asyncio.taskGroup(outer -> {
      Future<Void> in = Asyncio.taskGroup(innerGroup -> {
        innerGroup.createTask(crashAfter(0, new IllegalStateException("inner")));
        outer.createTask(crashAfter(0, new IllegalArgumentException("outer")));
        return done(null);
      });
      return failure(in).thenAccept(inner::set);
    })));
    assertEquals(List.of(IllegalStateException.class), types(inner.get()));
    assertEquals(List.of(IllegalArgumentException.class), types(e));
  }

  @Test
  void theBodysErrorComesAfterTheTasksErrors() {
    Asyncio.setEagerTaskStart(loop, true);
    Throwable e = run(() -> failure(Asyncio.taskGroup(g -> {
      // eager: the child fails inside createTask, before the body goes on
      g.createTask(() -> CompletableFuture.failedFuture(new ArithmeticException("child")));
      throw new IllegalStateException("body");
    })));
    List<String> msgs = new ArrayList<>();
    for (Throwable x : ((TaskGroupException) e).exceptions()) {
      msgs.add(x.getMessage());
    }
    assertEquals(List.of("child", "body"), msgs);
  }

  @Test
  void cancel_stopsTheChildrenAndTheBody_andTheGroupEndsNormally() {
    Object r = run(() -> Asyncio.taskGroup(g -> {
      g.createTask(sleeper(5, "c1"));
      g.createTask(sleeper(5, "c2"));
      Asyncio.getRunningLoop().callLater(1, g::cancel);
      return sleeper(10, "body").call();
    }).thenApply(v -> "ended normally at " + Asyncio.getRunningLoop().time()));
    assertEquals("ended normally at 1.0", r);
    assertEquals(List.of("c1 cancelled", "c2 cancelled", "body cancelled"), events);
  }

  @Test
  void cancel_fromAChild_thenNoNewTasks_andIdempotent() {
    List<String> r = run(() -> {
      List<String> seen = new ArrayList<>();
      TaskGroup[] tg = new TaskGroup[1];
      return Asyncio.taskGroup(g -> {
        tg[0] = g;
        g.createTask(sleeper(5, "other"));
        g.createTask(() -> Asyncio.sleep(1).thenRun(() -> {
          g.cancel();
          g.cancel();
          String m = assertThrows(IllegalStateException.class, () -> g.createTask(() -> Asyncio.sleep(0)))
              .getMessage();
          seen.add(m.substring(m.lastIndexOf(']') + 2));
        }));
        return done(null);
      }).thenApply(v -> {
        tg[0].cancel(); // after the end: nothing
        return seen;
      });
    });
    assertEquals(List.of("is shutting down"), r);
    assertEquals(List.of("other cancelled"), events);
  }

  @Test
  void cancel_fromAnotherThread_isPosted() throws Exception {
    Object r = run(() -> Asyncio.taskGroup(g -> {
      g.createTask(sleeper(5, "c"));
      Thread t = new Thread(g::cancel);
      t.start();
      t.join();
      return Asyncio.getRunningLoop().createFuture();
    }).thenApply(v -> "ok"));
    assertEquals("ok", r);
    assertEquals(List.of("c cancelled"), events);
  }

  @Test
  void badInput() {
    List<String> r = run(() -> {
      List<String> seen = new ArrayList<>();
      seen.add(assertThrows(NullPointerException.class, () -> Asyncio.taskGroup(null)).getMessage());
      return Asyncio.taskGroup(g -> {
        seen.add(assertThrows(NullPointerException.class, () -> g.createTask(null)).getMessage());
        seen.add(assertThrows(NullPointerException.class, () -> g.createTask(null, "n")).getMessage());
        seen.add(g.createTask(after(0, "x"), "still usable").getName());
        return done(null);
      }).thenApply(v -> seen);
    });
    assertEquals(List.of("body", "coro", "coro", "still usable"), r);
    assertThrows(IllegalStateException.class, () -> Asyncio.taskGroup(g -> done(null)));
  }

  @Test
  void bodyReturningNull_failsTheGroupWithNpe() {
    Throwable e = run(() -> failure(Asyncio.taskGroup(g -> null)));
    assertEquals(List.of(NullPointerException.class), types(e));
  }

  @Test
  void createTask_fromAnotherThreadOrLoop_isRejected_andTheGroupStaysUsable() {
    List<Object> r = run(() -> {
      List<Object> seen = new ArrayList<>();
      return Asyncio.taskGroup(g -> {
        AtomicReference<String> plain = new AtomicReference<>();
        AtomicReference<String> otherLoop = new AtomicReference<>();
        Thread th = new Thread(() -> {
          plain.set(assertThrows(IllegalStateException.class, () -> g.createTask(() -> Asyncio.sleep(0)))
              .getMessage());
          EventLoop other = Loops.virtualLoop();
          try {
            otherLoop.set(other.runUntilComplete(other.createTask(() -> done(assertThrows(
                IllegalStateException.class, () -> g.createTask(() -> Asyncio.sleep(0))).getMessage()))));
          } finally {
            other.close();
          }
        });
        th.start();
        th.join();
        seen.add(plain.get().contains("must be called on the thread of the group's loop"));
        seen.add(otherLoop.get().contains("must be called on the thread of the group's loop"));
        seen.add(g.createTask(after(0.1, 7)));
        return done(null);
      }).thenApply(v -> List.of(seen.get(0), seen.get(1), ((Task<?>) seen.get(2)).result()));
    });
    assertEquals(List.of(true, true, 7), r);
  }

  @Test
  void timeoutAroundAGroup_cancelsTheGroup_andRaisesTimeoutError() {
    Throwable e = run(() -> failure(Asyncio.timeout(0.01, () -> Asyncio.taskGroup(g -> {
      g.createTask(sleeper(2, "child"));
      return sleeper(1, "body").call();
    }))));
    assertInstanceOf(TimeoutError.class, e);
    assertEquals(List.of("body cancelled", "child cancelled"), events);
  }

  @Test
  void theGroupFuture_completesOnTheLoopThread_withNull() {
    Object[] r = run(() -> {
      Thread loopThread = Thread.currentThread();
      return Asyncio.taskGroup(g -> {
        g.createTask(after(0.1, 1));
        return done(null);
      }).thenApply(v -> new Object[] {v, Thread.currentThread() == loopThread});
    });
    assertNull(r[0]);
    assertEquals(true, r[1]);
  }
}
