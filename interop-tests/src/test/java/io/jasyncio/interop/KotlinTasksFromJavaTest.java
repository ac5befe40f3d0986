package io.jasyncio.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.AsyncCallable;
import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.testing.VirtualClock;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Java code driving tasks made by the Kotlin face, on the same objects. */
class KotlinTasksFromJavaTest {
  static <T> T run(AsyncCallable<T> main) {
    return Asyncio.run(main, () -> Asyncio.newEventLoop(new VirtualClock()));
  }

  static EventLoop loop() {
    return Asyncio.getRunningLoop();
  }

  @Test
  void kotlinTask_awaitedWithThenApplyInAJavaCallable() {
    int r = run(() -> {
      Task<Integer> kt = KotlinSide.answerLater(loop(), 2.0, 41);
      assertEquals("kotlin-answer", kt.getName());
      return kt.thenApply(v -> v + 1);
    });
    assertEquals(42, r);
  }

  @Test
  void kotlinTask_awaitedWithThenComposeInAJavaCallable() {
    String r = run(() -> {
      Task<Integer> kt = KotlinSide.answerLater(loop(), 2.0, 41);
      return kt.thenCompose(v -> Asyncio.sleep(1.0, v + "@" + loop().time()))
          .thenApply(s -> s + ", now " + loop().time());
    });
    assertEquals("41@2.0, now 3.0", r);
  }

  @Test
  void kotlinTask_javaContinuationRunsOnTheLoopThread() {
    AtomicReference<Thread> loopThread = new AtomicReference<>();
    Thread seen = run(() -> {
      loopThread.set(Thread.currentThread());
      return KotlinSide.answerLater(loop(), 1.0, 1).thenApply(v -> Thread.currentThread());
    });
    assertSame(loopThread.get(), seen);
  }

  @Test
  void kotlinTask_uncheckedFailureReachesJavaAsTheCause() {
    IllegalStateException failure = new IllegalStateException("kotlin broke");
    List<Object> seen = new ArrayList<>();
    Task<Integer> kt = run(() -> {
      Task<Integer> t = KotlinSide.failLater(loop(), failure);
      return t.handle((v, e) -> {
        seen.add(e);
        return t;
      });
    });
    Throwable e = (Throwable) seen.get(0);
    assertInstanceOf(IllegalStateException.class, e);
    assertEquals("kotlin broke", e.getMessage());
    assertEquals("kotlin broke", kt.exception().getMessage());
    assertEquals(
        "kotlin broke", assertThrows(IllegalStateException.class, kt::result).getMessage());
    CompletionException joined = assertThrows(CompletionException.class, kt::join);
    assertInstanceOf(IllegalStateException.class, joined.getCause());
  }

  @Test
  void kotlinTask_checkedFailureReachesJavaAsTheCause() {
    Task<Integer> kt = run(() -> {
      Task<Integer> t = KotlinSide.failLater(loop(), new IOException("kotlin io"));
      return t.handle((v, e) -> t);
    });
    assertEquals(IOException.class, kt.exception().getClass());
    assertEquals("kotlin io", kt.exception().getMessage());
    CompletionException thrown = assertThrows(CompletionException.class, kt::result);
    assertEquals(IOException.class, thrown.getCause().getClass());
    assertEquals("kotlin io", thrown.getCause().getMessage());
  }

  @Test
  void javaCancel_runsTheKotlinFinallyAndDeliversTheMessage() {
    List<String> events = new ArrayList<>();
    Throwable e = run(() -> {
      Task<String> kt = KotlinSide.waitWithFinally(loop(), events);
      return Asyncio.sleep(0).thenCompose(v -> {
        events.add("java cancels");
        assertTrue(kt.cancel("from java"));
        return kt.handle((r, x) -> {
          events.add("cancelled=" + kt.cancelled());
          return x;
        });
      });
    });
    assertInstanceOf(CancelledError.class, e);
    assertEquals("from java", e.getMessage());
    assertEquals(
        List.of("kotlin started", "java cancels", "kotlin caught from java", "kotlin finally",
            "cancelled=true"),
        events);
  }

  @Test
  void javaCancelFromAnotherThread_runsTheKotlinFinally() {
    List<String> events = new ArrayList<>();
    boolean cancelled = run(() -> {
      Task<String> kt = KotlinSide.waitWithFinally(loop(), events);
      return Asyncio.sleep(0)
          .thenCompose(v -> Asyncio.toThread(() -> kt.toCompletableFuture().cancel(true)))
          .thenCompose(ok -> kt.handle((r, x) -> ok && kt.cancelled()));
    });
    assertTrue(cancelled);
    assertEquals(List.of("kotlin started", "kotlin caught null", "kotlin finally"), events);
  }

  @Test
  void javaTaskAwaitedInKotlin_isCancelledWhenTheAwaitingCoroutineIs() {
    List<String> events = new ArrayList<>();
    Task<String> jt = run(() -> {
      Task<String> t = JavaSide.sleepWithFinally(events);
      Task<String> awaiter = KotlinSide.awaitInKotlin(loop(), t);
      return Asyncio.sleep(0).thenCompose(v -> {
        awaiter.cancel("stop awaiting");
        return t.handle((r, x) -> t);
      });
    });
    assertTrue(jt.cancelled());
    assertEquals(1, events.size());
    assertTrue(events.get(0).startsWith("java finally CancelledError"), events.get(0));
  }

  @Test
  void asyncioCurrentTask_inJavaCodeCalledInsideAKotlinTask_isThatTask() {
    List<Object> pair = run(() -> {
      Task<Task<?>> kt = KotlinSide.callInTask(loop(), Asyncio::currentTask);
      return kt.thenApply(seen -> List.of(kt, seen));
    });
    assertSame(pair.get(0), pair.get(1));
  }

  @Test
  void asyncioCurrentTask_inAChildCoroutineOfAKotlinTask_isThatTask() {
    List<Object> pair = run(() -> {
      Task<Task<?>> kt = KotlinSide.callInChildOfTask(loop(), Asyncio::currentTask);
      return kt.thenApply(seen -> List.of(kt, seen));
    });
    assertSame(pair.get(0), pair.get(1));
  }

  @Test
  void nestedKotlinRunInsideAJavaTask_throwsIllegalStateException() {
    String r = run(() -> {
      assertThrows(IllegalStateException.class, KotlinSide::nestedRun);
      return Asyncio.sleep(0, "outer goes on");
    });
    assertEquals("outer goes on", r);
  }

  @Test
  void joinOfAPendingKotlinTaskOnTheLoopThread_throwsInsteadOfDeadlocking() {
    String r = run(() -> {
      Task<Integer> kt = KotlinSide.answerLater(loop(), 1.0, 1);
      assertThrows(IllegalStateException.class, kt::join);
      return kt.thenApply(v -> "joined later: " + v);
    });
    assertEquals("joined later: 1", r);
  }
}
