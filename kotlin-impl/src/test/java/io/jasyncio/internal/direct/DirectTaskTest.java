package io.jasyncio.internal.direct;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.direct;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.DirectCallable;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.testing.VirtualClock;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Direct-style tasks: a body that awaits runs as a task of its loop, in lock-step with it. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DirectTaskTest {
  static <T> T runDirect(DirectCallable<T> main) {
    return Asyncio.run(direct(main), () -> Asyncio.newEventLoop(new VirtualClock()));
  }

  @Test
  void body_seesItsLoopAndItselfAsCurrentTask_andReturnsItsValue() {
    EventLoop[] outer = new EventLoop[1];
    List<Object> out = runDirect(() -> {
      outer[0] = Asyncio.getRunningLoop();
      Task<?> me = Asyncio.currentTask();
      Task<String> child = Asyncio.createTask(direct(() -> {
        Task<?> self = Asyncio.currentTask();
        await(Asyncio.sleep(1));
        return self.getName() + (Asyncio.currentTask() == self) + (Asyncio.getRunningLoop() == outer[0]);
      }), "child");
      String r = await(child);
      return List.of(me != null, Asyncio.currentTask() == me, r, Asyncio.getRunningLoop().time());
    });
    assertEquals(List.of(true, true, "childtruetrue", 1.0), out);
  }

  @Test
  void await_suspendsTheTaskNotTheLoop_tasksInterleaveInAsyncioOrder() {
    List<String> events = new ArrayList<>();
    runDirect(() -> {
      Task<Void> a = Asyncio.createTask(direct(() -> {
        for (int i = 0; i < 3; i++) {
          events.add("a" + i);
          await(Asyncio.sleep(0));
        }
        return null;
      }));
      Task<Void> b = Asyncio.createTask(direct(() -> {
        for (int i = 0; i < 3; i++) {
          events.add("b" + i);
          await(Asyncio.sleep(0));
        }
        return null;
      }));
      Asyncio.getRunningLoop().callSoon(() -> events.add("callback"));
      events.add("main");
      await(a);
      await(b);
      return null;
    });
    assertEquals(List.of("main", "a0", "b0", "callback", "a1", "b1", "a2", "b2"), events);
  }

  @Test
  void await_ofADoneStage_returnsAtOnceWithoutYielding() {
    List<String> events = new ArrayList<>();
    runDirect(() -> {
      Asyncio.getRunningLoop().callSoon(() -> events.add("callback"));
      events.add("before " + await(CompletableFuture.completedFuture(1)));
      Future<Integer> f = Asyncio.getRunningLoop().createFuture();
      f.setResult(2);
      events.add("done future " + await(f));
      await(Asyncio.sleep(0));
      events.add("after sleep(0)");
      return null;
    });
    assertEquals(List.of("before 1", "done future 2", "callback", "after sleep(0)"), events);
  }

  @Test
  void await_throwsTheOriginalException_checkedOnesCatchable() {
    IOException boom = new IOException("boom");
    Object out = runDirect(() -> {
      Task<Void> failing = Asyncio.createTask(direct(() -> {
        await(Asyncio.sleep(1));
        throw boom;
      }));
      try {
        await(failing);
        return "no exception";
      } catch (IOException e) {
        return e;
      }
    });
    assertSame(boom, out);
  }

  @Test
  void await_ofAForeignCompletableFutureCompletedOnAnotherThread() {
    CompletableFuture<String> cf = new CompletableFuture<>();
    String out = Asyncio.run(direct(() -> {
      new Thread(() -> cf.complete("from another thread")).start();
      String v = await(cf);
      return v + " " + (Asyncio.currentTask() != null);
    }));
    assertEquals("from another thread true", out);
  }

  @Test
  void await_ofAForeignFailure_unwrapsIt() {
    CompletableFuture<String> cf = new CompletableFuture<>();
    IllegalArgumentException bad = new IllegalArgumentException("bad");
    Object out = Asyncio.run(direct(() -> {
      new Thread(() -> cf.completeExceptionally(new CompletionException(bad))).start();
      try {
        return await(cf);
      } catch (IllegalArgumentException e) {
        return e;
      }
    }));
    assertSame(bad, out);
  }

  @Test
  void await_ofATaskOfAnotherLoopRunningOnAnotherThread() throws Exception {
    EventLoop other = Asyncio.newEventLoop();
    Thread t = new Thread(other::runForever);
    t.start();
    try {
      CompletableFuture<Integer> remote = other.runCoroutineThreadsafe(direct(() -> {
        await(Asyncio.sleep(0.01));
        return 7;
      }));
      int out = Asyncio.run(direct(() -> await(remote) * 6));
      assertEquals(42, out);
    } finally {
      other.callSoonThreadsafe(other::stop);
      t.join();
      other.close();
    }
  }

  @Test
  void await_onTheLoopThreadOutsideADirectTask_failsFastAndSaysWhy() {
    String msg = Asyncio.run(() -> {
      Future<Void> pending = Asyncio.sleep(1);
      try {
        await(pending);
        return CompletableFuture.completedFuture("no exception");
      } catch (IllegalStateException e) {
        pending.cancel();
        return CompletableFuture.completedFuture(e.getMessage());
      } catch (Exception e) {
        return CompletableFuture.completedFuture(e.toString());
      }
    });
    assertTrue(msg.contains("outside a direct task"), msg);
    assertTrue(msg.contains("deadlock"), msg);
  }

  @Test
  void await_onAPlainThread_waitsAsJoinDoes_andThrowsTheOriginalException() throws Exception {
    CompletableFuture<String> cf = new CompletableFuture<>();
    new Thread(() -> cf.complete("v")).start();
    assertEquals("v", await(cf));
    IllegalStateException ise = new IllegalStateException("x");
    assertSame(ise, assertThrows(IllegalStateException.class,
        () -> await(CompletableFuture.failedFuture(ise))));
    EventLoop loop = Asyncio.newEventLoop(new VirtualClock());
    Task<Integer> t = loop.createTask(direct(() -> {
      await(Asyncio.sleep(5));
      return 5;
    }));
    Thread runner = new Thread(() -> loop.runUntilComplete(t));
    runner.start();
    assertEquals(5, await(t));
    runner.join();
    loop.close();
  }

  @Test
  void eagerStart_runsTheBodyUntilItsFirstSuspension() {
    List<String> events = new ArrayList<>();
    runDirect(() -> {
      Task<Integer> t = Asyncio.createTask(direct(() -> {
        events.add("body starts");
        await(Asyncio.sleep(0));
        events.add("body resumes");
        return 1;
      }), null, true);
      events.add("createTask returned");
      Task<Integer> done = Asyncio.createTask(direct(() -> 2), null, true);
      events.add("done at once: " + done.done());
      await(t);
      return null;
    });
    assertEquals(List.of("body starts", "createTask returned", "done at once: true", "body resumes"),
        events);
  }

  @Test
  void mutualExclusion_1000TasksIncrementAPlainIntAcrossAwaits_exactCount() {
    int tasks = 1000;
    int rounds = 5;
    int[] counter = {0};
    boolean[] inside = {false};
    List<String> overlaps = new CopyOnWriteArrayList<>();
    runDirect(() -> {
      List<Task<Void>> all = new ArrayList<>();
      for (int i = 0; i < tasks; i++) {
        all.add(Asyncio.createTask(direct(() -> {
          for (int r = 0; r < rounds; r++) {
            if (inside[0]) {
              overlaps.add(Thread.currentThread().getName());
            }
            inside[0] = true;
            int seen = counter[0];
            Thread.yield(); // give another thread every chance to interleave, were one running
            counter[0] = seen + 1;
            inside[0] = false;
            await(Asyncio.sleep(0));
          }
          return null;
        })));
      }
      for (Task<Void> t : all) {
        await(t);
      }
      return null;
    });
    assertEquals(tasks * rounds, counter[0]);
    assertEquals(List.of(), overlaps);
  }

  @Test
  void closingALoopWithSuspendedDirectTasks_runsTheirFinallyBlocks_andEndsTheirThreads() {
    EventLoop loop = Asyncio.newEventLoop(new VirtualClock());
    List<Thread> threads = new CopyOnWriteArrayList<>();
    List<String> events = new CopyOnWriteArrayList<>();
    List<Task<Void>> tasks = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int n = i;
      tasks.add(loop.createTask(direct(() -> {
        threads.add(Thread.currentThread());
        Future<Void> never = Asyncio.sleep(Double.POSITIVE_INFINITY);
        try {
          await(Asyncio.sleep(Double.POSITIVE_INFINITY));
        } catch (CancelledError e) {
          events.add("caught " + n + ": " + e.getMessage());
          throw e;
        } finally {
          try {
            await(never); // cannot suspend on a closed loop: throws at once
          } catch (CancelledError e) {
            events.add("finally " + n + ": " + e.getMessage());
          }
        }
        return null;
      })));
    }
    loop.runUntilComplete(loop.createTask(direct(() -> {
      await(Asyncio.sleep(1));
      return null;
    })));
    assertEquals(3, threads.size());
    loop.close();
    assertEquals(List.of("caught 0: Event loop is closed", "caught 1: Event loop is closed",
        "caught 2: Event loop is closed", "finally 0: Event loop is closed",
        "finally 1: Event loop is closed", "finally 2: Event loop is closed"),
        events.stream().sorted().toList());
    for (Thread t : threads) {
      assertFalse(t.isAlive(), t + " still alive");
    }
    for (Task<Void> t : tasks) {
      assertTrue(t.cancelled(), t.toString());
    }
  }

  @Test
  void aKotlinStyleNullResult_andToString() {
    Object out = runDirect(() -> {
      Task<Object> t = Asyncio.createTask(direct(() -> null), "n");
      Object v = await(t);
      return v == null ? t.toString() : "not null";
    });
    assertEquals("Task[name=n, finished result=null]", out);
    assertNull(runDirect(() -> null));
    assertInstanceOf(Object.class, direct(() -> 1));
  }
}
