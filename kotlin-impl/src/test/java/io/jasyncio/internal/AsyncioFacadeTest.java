package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AsyncioFacadeTest {
  private static <T> CompletableFuture<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }

  private static Thread start(Runnable r) {
    Thread t = new Thread(r, "test-helper");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * Runs {@code loop} on this thread while {@code action} runs on a helper thread, started once
   * the loop runs; stops the loop when the action ends, closes it, and rethrows what the action
   * threw.
   */
  private static void runWhileAnotherThread(EventLoop loop, Executable action) throws Throwable {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    CountDownLatch running = new CountDownLatch(1);
    loop.callSoon(running::countDown);
    Thread helper = start(() -> {
      try {
        running.await(5, TimeUnit.SECONDS);
        action.execute();
      } catch (Throwable e) {
        thrown.set(e);
      } finally {
        loop.callSoonThreadsafe(loop::stop);
      }
    });
    loop.runForever();
    helper.join();
    loop.close();
    if (thrown.get() != null) {
      throw thrown.get();
    }
  }

  @Test
  void run_returnsTheResultAndClosesTheLoop() {
    AtomicReference<EventLoop> loop = new AtomicReference<>();
    String r = Loops.runVirtual(() -> {
      loop.set(Asyncio.getRunningLoop());
      return Asyncio.sleep(1, "result");
    });
    assertEquals("result", r);
    assertTrue(loop.get().isClosed());
    assertFalse(loop.get().isRunning());
  }

  @Test
  void run_withDefaultFactory_usesARealLoop() {
    assertEquals(42, Asyncio.run(() -> Asyncio.sleep(0, 42)));
  }

  @Test
  void run_runsMainAsATaskOnTheCallingThread() {
    List<Object> seen = new ArrayList<>();
    Loops.runVirtual(() -> {
      seen.add(Thread.currentThread());
      seen.add(Asyncio.currentTask() != null);
      return done(null);
    });
    assertEquals(List.of(Thread.currentThread(), true), seen);
  }

  @Test
  void run_uncheckedFailure_isRethrownAsIs() {
    IllegalArgumentException boom = new IllegalArgumentException("bad");
    assertSame(boom, assertThrows(IllegalArgumentException.class, () -> Loops.runVirtual(() -> {
      throw boom;
    })));
  }

  @Test
  void run_checkedFailure_isWrappedInCompletionException() {
    IOException io = new IOException("io");
    CompletionException e = assertThrows(CompletionException.class,
        () -> Loops.runVirtual(() -> CompletableFuture.failedFuture(io)));
    assertSame(io, e.getCause());
  }

  @Test
  void run_mainCancelled_throwsCancelledError() {
    CancelledError e = assertThrows(CancelledError.class, () -> Loops.runVirtual(() -> {
      Task<?> self = Asyncio.currentTask();
      Asyncio.getRunningLoop().callLater(1, () -> self.cancel("main cancelled"));
      return Asyncio.sleep(10);
    }));
    assertEquals("main cancelled", e.getMessage());
  }

  @Test
  void run_cancelsLeftoverTasks_andTheirAwaitedFutures() {
    AtomicReference<Task<Void>> leftover = new AtomicReference<>();
    AtomicReference<Future<Void>> leftoverSleep = new AtomicReference<>();
    AtomicReference<EventLoop> loop = new AtomicReference<>();
    String r = Loops.runVirtual(() -> {
      loop.set(Asyncio.getRunningLoop());
      leftover.set(Asyncio.createTask(() -> {
        leftoverSleep.set(Asyncio.sleep(3600));
        return leftoverSleep.get();
      }));
      return Asyncio.sleep(1, "main done");
    });
    assertEquals("main done", r);
    assertTrue(leftover.get().done());
    assertTrue(leftover.get().cancelled());
    assertTrue(leftoverSleep.get().cancelled());
    assertEquals(1.0, loop.get().time());
  }

  @Test
  void run_aTaskCreatedInMainsLastStep_takesItsFirstStepBeforeTheStop_asInCPython() {
    // CPython: the task's step was scheduled before main's done callback (the stop), so it runs
    // in the iteration that stops the loop: ['leftover body'], not cancelled, result 1
    AtomicReference<Task<Integer>> leftover = new AtomicReference<>();
    List<String> ran = new ArrayList<>();
    Loops.runVirtual(() -> {
      leftover.set(Asyncio.createTask(() -> {
        ran.add("leftover body");
        return done(1);
      }));
      return done("main");
    });
    assertFalse(leftover.get().cancelled());
    assertEquals(1, leftover.get().result());
    assertEquals(List.of("leftover body"), ran);
  }

  @Test
  void run_cancelsLeftoverTaskThatHadNotStartedYet() {
    AtomicReference<Task<Integer>> leftover = new AtomicReference<>();
    List<String> ran = new ArrayList<>();
    Loops.runVirtual(() -> {
      // created in the iteration that stops the loop: its first step would come after the stop
      EventLoop loop = Asyncio.getRunningLoop();
      loop.callSoon(() -> leftover.set(loop.createTask(() -> {
        ran.add("leftover body");
        return done(1);
      })));
      return done("main");
    });
    assertTrue(leftover.get().cancelled());
    assertEquals(List.of(), ran);
  }

  @Test
  void run_shutsDownTheDefaultExecutor() throws Exception {
    Thread worker = Loops.runVirtual(() -> Asyncio.toThread(Thread::currentThread));
    worker.join(5000);
    assertFalse(worker.isAlive());
  }

  @Test
  void getRunningLoop_outsideALoop_throwsNoRunningEventLoop() {
    assertNoRunningLoop(Asyncio::getRunningLoop);
    assertNoRunningLoop(() -> Asyncio.sleep(1));
    assertNoRunningLoop(() -> Asyncio.createTask(() -> done(1)));
    assertNoRunningLoop(() -> Asyncio.ensureFuture(new CompletableFuture<Integer>()));
    assertNoRunningLoop(() -> Asyncio.toThread(() -> 1));
    assertNoRunningLoop(Asyncio::allTasks);
    assertNull(Asyncio.currentTask());
  }

  private static void assertNoRunningLoop(Executable e) {
    assertEquals("no running event loop",
        assertThrows(IllegalStateException.class, e).getMessage());
  }

  @Test
  void getRunningLoop_inMainAndInCallbacks_isTheLoopRunningThem() {
    List<EventLoop> seen = new ArrayList<>();
    AtomicReference<EventLoop> loop = new AtomicReference<>();
    Loops.runVirtual(() -> {
      EventLoop l = Asyncio.getRunningLoop();
      loop.set(l);
      seen.add(l);
      Future<Void> f = l.createFuture();
      l.callSoon(() -> {
        seen.add(Asyncio.getRunningLoop());
        f.setResult(null);
      });
      return f;
    });
    assertEquals(List.of(loop.get(), loop.get()), seen);
  }

  @Test
  void ensureFuture_ofAFutureOfTheRunningLoop_returnsItAsIs() {
    Loops.runVirtual(() -> {
      Future<String> f = Asyncio.getRunningLoop().createFuture();
      assertSame(f, Asyncio.ensureFuture(f));
      Future<Void> s = Asyncio.sleep(0);
      assertSame(s, Asyncio.ensureFuture(s));
      return s;
    });
  }

  @Test
  void ensureFuture_ofAnAsyncCallable_createsATask() {
    String r = Loops.runVirtual(() -> {
      Future<String> f = Asyncio.ensureFuture(() -> Asyncio.sleep(1, "from task"));
      assertInstanceOf(Task.class, f);
      return f;
    });
    assertEquals("from task", r);
  }

  @Test
  void ensureFuture_ofForeignFuture_mirrorsIt_completionLandsOnTheLoopThread() {
    CompletableFuture<String> foreign = new CompletableFuture<>();
    List<Object> seen = new ArrayList<>();
    String r = Asyncio.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      Future<String> mirror = Asyncio.ensureFuture(foreign);
      assertNotSame(foreign, mirror);
      assertSame(loop, mirror.getLoop());
      CompletableFuture<String> after = mirror.toCompletableFuture().thenApply(v -> {
        seen.add(Thread.currentThread());
        return v + "!";
      });
      start(() -> foreign.complete("foreign"));
      return after;
    });
    assertEquals("foreign!", r);
    assertEquals(List.of(Thread.currentThread()), seen);
  }

  @Test
  void ensureFuture_ofForeignFailure_keepsTypeAndMessage() {
    CompletableFuture<String> foreign = new CompletableFuture<>();
    IllegalStateException boom = new IllegalStateException("foreign failure");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Asyncio.run(() -> {
      Future<String> mirror = Asyncio.ensureFuture(foreign);
      start(() -> foreign.completeExceptionally(boom));
      return mirror;
    }));
    assertSame(boom, e);
  }

  @Test
  void ensureFuture_cancellingTheMirror_cancelsTheForeignFuture() {
    CompletableFuture<String> foreign = new CompletableFuture<>();
    Loops.runVirtual(() -> {
      Future<String> mirror = Asyncio.ensureFuture(foreign);
      mirror.cancel("stop");
      return Asyncio.sleep(0);
    });
    assertTrue(foreign.isCancelled());
  }

  @Test
  void toThread_runsOnAnExecutorThread_andResultComesBackOnTheLoopThread() {
    List<String> seen = new ArrayList<>();
    Thread caller = Thread.currentThread();
    String r = Asyncio.run(() -> Asyncio.toThread(() -> Thread.currentThread().getName())
        .toCompletableFuture()
        .thenApply(name -> {
          seen.add(name);
          seen.add(String.valueOf(Thread.currentThread() == caller));
          return "ok";
        }));
    assertEquals("ok", r);
    assertTrue(seen.get(0).matches("jasyncio-executor-\\d+"), seen.get(0));
    assertEquals("true", seen.get(1));
  }

  @Test
  void createTask_viaFacade_isScheduledOnTheRunningLoopWithItsName() {
    List<Object> seen = new ArrayList<>();
    int r = Loops.runVirtual(() -> {
      Task<Integer> child = Asyncio.createTask(() -> Asyncio.sleep(1, 5), "child");
      seen.add(child.getName());
      seen.add(child.getLoop() == Asyncio.getRunningLoop());
      seen.add(Asyncio.allTasks().contains(child));
      return child;
    });
    assertEquals(5, r);
    assertEquals(List.of("child", true, true), seen);
  }

  @Test
  void runCoroutineThreadsafe_fromPlainThread_completesWithTheTaskResultOnTheLoopThread()
      throws Throwable {
    EventLoop loop = Asyncio.newEventLoop();
    CompletableFuture<String> gate = new CompletableFuture<>();
    AtomicReference<Object> result = new AtomicReference<>();
    AtomicReference<Thread> completedOn = new AtomicReference<>();
    AtomicReference<Thread> taskRanOn = new AtomicReference<>();
    runWhileAnotherThread(loop, () -> {
      CompletableFuture<String> cf = loop.runCoroutineThreadsafe(() -> {
        taskRanOn.set(Thread.currentThread());
        return gate.thenApply(v -> v + " from task");
      });
      assertFalse(cf instanceof Future);
      CompletableFuture<Void> observed =
          cf.thenAccept(v -> completedOn.set(Thread.currentThread()));
      gate.complete("hello");
      result.set(cf.get(5, TimeUnit.SECONDS));
      observed.get(5, TimeUnit.SECONDS);
    });
    assertEquals("hello from task", result.get());
    assertSame(Thread.currentThread(), taskRanOn.get());
    assertSame(Thread.currentThread(), completedOn.get());
  }

  @Test
  void runCoroutineThreadsafe_failure_completesExceptionallyWithThatException() throws Throwable {
    EventLoop loop = Asyncio.newEventLoop();
    AtomicReference<Throwable> cause = new AtomicReference<>();
    IllegalStateException boom = new IllegalStateException("task failed");
    runWhileAnotherThread(loop, () -> {
      CompletableFuture<String> cf = loop.runCoroutineThreadsafe(() -> {
        throw boom;
      });
      cause.set(assertThrows(ExecutionException.class, () -> cf.get(5, TimeUnit.SECONDS))
          .getCause());
    });
    assertSame(boom, cause.get());
  }

  @Test
  void runCoroutineThreadsafe_cancellingTheResult_cancelsTheTask() throws Exception {
    EventLoop loop = Asyncio.newEventLoop();
    AtomicReference<Task<?>> task = new AtomicReference<>();
    AtomicReference<Future<Void>> sleep = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch started = new CountDownLatch(1);
    Thread helper = start(() -> {
      try {
        CompletableFuture<Void> cf = loop.runCoroutineThreadsafe(() -> {
          Task<?> self = Asyncio.currentTask();
          task.set(self);
          self.addDoneCallback(t -> loop.stop());
          sleep.set(Asyncio.sleep(3600));
          started.countDown();
          return sleep.get();
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        assertTrue(cf.cancel(true));
        assertTrue(cf.isCancelled());
      } catch (Throwable e) {
        failure.set(e);
        loop.callSoonThreadsafe(loop::stop);
      }
    });
    loop.runForever();
    helper.join();
    loop.close();
    assertNull(failure.get());
    assertTrue(task.get().cancelled());
    assertTrue(sleep.get().cancelled());
  }

  @Test
  void runCoroutineThreadsafe_viaFacade_submitsToTheGivenLoop() throws Throwable {
    EventLoop loop = Asyncio.newEventLoop();
    AtomicReference<Object> result = new AtomicReference<>();
    runWhileAnotherThread(loop, () -> result.set(
        Asyncio.runCoroutineThreadsafe(() -> Asyncio.sleep(0, 7), loop).get(5, TimeUnit.SECONDS)));
    assertEquals(7, result.get());
  }
}
