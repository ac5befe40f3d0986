package io.jasyncio.internal.direct;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.direct;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.internal.loop.EventLoopImpl;
import io.jasyncio.testing.VirtualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The carrier mode (JDK 24+ with {@code --add-opens java.base/java.lang=ALL-UNNAMED}): the loop's
 * own thread runs its direct bodies' virtual threads. {@code .ci/run} runs this suite on JDK 17
 * (no virtual threads), on JDK 25 without the option (default scheduler) and on JDK 25 with it;
 * each test holds in every mode, the first one checks that the mode is the one the JVM allows.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DirectCarrierTest {
  static <T> T runDirect(io.jasyncio.DirectCallable<T> main) {
    return Asyncio.run(direct(main), () -> Asyncio.newEventLoop(new VirtualClock()));
  }

  static boolean isVirtual(Thread t) {
    try {
      return (Boolean) Thread.class.getMethod("isVirtual").invoke(t);
    } catch (NoSuchMethodException e) {
      return false; // JDK 17
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void mode_isCarriedExactlyWhenTheJdkIs24PlusAndJavaLangIsOpen_andThenTheLoopThreadRunsTheBodies() {
    boolean open = Thread.class.getModule().isOpen("java.lang", DirectCarrierTest.class.getModule());
    boolean expected = Runtime.version().feature() >= 24 && open
        && !"off".equals(System.getProperty("jasyncio.direct.carrier"));
    assertEquals(expected, Carrier.available, "carrier mode available");
    Thread caller = Thread.currentThread();
    EventLoop loop = Asyncio.newEventLoop(new VirtualClock());
    try {
      List<Object> seen = loop.runUntilComplete(loop.createTask(direct(() -> {
        Thread body = Thread.currentThread();
        await(Asyncio.sleep(0));
        return List.of(isVirtual(body), body == caller, body == Thread.currentThread());
      })));
      // a platform thread ran the loop: with the carrier, it ran the body's virtual thread itself
      assertEquals(List.of(Runtime.version().feature() >= 21, false, true), seen);
      Object carrier = ((EventLoopImpl) loop).directCarrier;
      if (expected) {
        assertNotNull(carrier, "the loop's carrier");
      } else {
        assertNull(carrier, "no carrier");
      }
    } finally {
      loop.close();
    }
  }

  @Test
  void aBodyBlockedTheJdkWay_keepsTheBaton_andAnotherThreadWakesIt() throws Exception {
    List<String> events = new ArrayList<>();
    CountDownLatch blocked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread helper = new Thread(() -> {
      try {
        blocked.await();
        release.countDown();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    helper.start();
    runDirect(() -> {
      Asyncio.getRunningLoop().callSoon(() -> events.add("callback"));
      Task<Void> other = Asyncio.createTask(direct(() -> {
        events.add("other");
        return null;
      }));
      events.add("blocking");
      blocked.countDown();
      // a JDK block with the baton held: no callback or other body may run meanwhile
      if (!release.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("never released");
      }
      events.add("released");
      LockSupport.parkNanos(1_000_000); // a timed JDK park: its wake-up comes from the JDK's timer
      events.add("timed park over");
      await(other);
      return null;
    });
    helper.join();
    assertEquals(List.of("blocking", "released", "timed park over", "callback", "other"), events);
  }

  @Test
  void interruptingASuspendedBody_doesNotRunItOutOfTurn_andItKeepsTheInterruptStatus() {
    List<String> events = new ArrayList<>();
    List<Object> out = runDirect(() -> {
      Future<String> f = Asyncio.getRunningLoop().createFuture();
      Thread[] aThread = new Thread[1];
      Task<String> a = Asyncio.createTask(direct(() -> {
        aThread[0] = Thread.currentThread();
        events.add("a waits");
        String v = await(f);
        events.add("a resumed with " + v);
        return v + ", interrupted " + Thread.interrupted();
      }));
      await(Asyncio.sleep(0));
      // from this body (same loop) and from a foreign thread: both wake a's thread spuriously
      aThread[0].interrupt();
      Thread foreign = new Thread(() -> LockSupport.unpark(aThread[0]));
      foreign.start();
      foreign.join();
      await(Asyncio.sleep(1));
      events.add("main sets");
      f.setResult("v");
      String r = await(a);
      return List.of(r, a.done());
    });
    assertEquals(List.of("v, interrupted true", true), out);
    assertEquals(List.of("a waits", "main sets", "a resumed with v"), events);
  }

  @Test
  void aLoopRunAgainFromAVirtualThread_stillResumesTheBodiesItCarries() throws Exception {
    EventLoop loop = Asyncio.newEventLoop(new VirtualClock());
    try {
      Future<Integer> f = loop.createFuture();
      Task<Integer> t = loop.createTask(direct(() -> await(f) + 1));
      loop.runUntilComplete(loop.createTask(() -> Asyncio.sleep(0))); // t suspends in its await, started by this platform thread
      f.setResult(41);
      int[] result = new int[1];
      Throwable[] failure = new Throwable[1];
      Runnable second = () -> {
        try {
          result[0] = loop.runUntilComplete(t);
        } catch (Throwable e) {
          failure[0] = e;
        }
      };
      Thread runner = DirectThreads.virtual ? DirectThreads.INSTANCE.newThread(second) : new Thread(second);
      runner.start();
      runner.join();
      assertNull(failure[0]);
      assertEquals(42, result[0]);
    } finally {
      loop.close();
    }
  }

  @Test
  void anAwaitInsideSynchronized_doesNotBlockTheLoop_andOtherTasksRunMeanwhile() {
    Object monitor = new Object();
    List<String> events = new ArrayList<>();
    runDirect(() -> {
      Task<Void> a = Asyncio.createTask(direct(() -> {
        synchronized (monitor) { // JDK 24+ unmounts a virtual thread holding a monitor (JEP 491)
          events.add("a holds the monitor");
          await(Asyncio.sleep(1));
          events.add("a resumes");
        }
        return null;
      }));
      Task<Void> b = Asyncio.createTask(direct(() -> {
        events.add("b runs while a waits");
        await(Asyncio.sleep(0));
        events.add("b again");
        return null;
      }));
      await(a);
      await(b);
      return null;
    });
    assertEquals(List.of("a holds the monitor", "b runs while a waits", "b again", "a resumes"), events);
  }

  @Test
  void aThreadABodyStarts_runsBesideTheLoop_notOnTheLoopsThread() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean loopWentOn = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.CompletableFuture<String> spun = new java.util.concurrent.CompletableFuture<>();
    String r = runDirect(() -> {
      // a virtual thread created in a body inherits the body's scheduler (the JDK's rule); it must
      // still run beside the loop: this one spins until the loop has gone on
      Thread spinner = DirectThreads.INSTANCE.newThread(() -> {
        while (!loopWentOn.get()) {
          Thread.onSpinWait();
        }
        spun.complete("spinner saw the loop go on");
      });
      spinner.start();
      await(Asyncio.sleep(0));
      await(Asyncio.sleep(0));
      loopWentOn.set(true);
      return await(spun);
    });
    assertEquals("spinner saw the loop go on", r);
  }

  /** {@code Thread.threadLocals} of the current thread, or "n/a" where java.lang is closed to us. */
  static Object threadLocalMap(java.lang.reflect.Field field) {
    try {
      return field == null ? "n/a" : field.get(Thread.currentThread());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aCarriedBody_findsItsLoopAndTask_withoutAThreadLocalMapOfItsOwn() throws Exception {
    java.lang.reflect.Field field = null;
    if (Carrier.available) {
      field = Thread.class.getDeclaredField("threadLocals");
      field.setAccessible(true); // java.lang is open: the carrier mode needs it
    }
    java.lang.reflect.Field f = field;
    List<Object> seen = runDirect(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      Task<?> me = Asyncio.currentTask();
      io.jasyncio.Queue<Integer> q = io.jasyncio.Queue.create(1);
      io.jasyncio.Lock lock = io.jasyncio.Lock.create();
      Task<Integer> child = Asyncio.createTask(direct(() -> {
        int v = await(q.getAsync());
        await(lock.acquireAsync());
        try {
          await(Asyncio.sleep(0.01));
        } finally {
          lock.release();
        }
        return v + (Asyncio.getRunningLoop() == loop ? 1 : 0) + (Asyncio.currentTask() != me ? 1 : 0)
            + (threadLocalMap(f) == null || threadLocalMap(f) == "n/a" ? 1 : 0);
      }));
      await(Asyncio.sleep(0));
      await(q.putAsync(10));
      await(lock.acquireAsync());
      lock.release();
      int r = await(child);
      boolean sameLoop = Asyncio.getRunningLoop() == loop;
      boolean sameTask = Asyncio.currentTask() == me;
      return List.of(r, sameLoop, sameTask, String.valueOf(threadLocalMap(f)));
    });
    // in the carrier mode a body's thread never gets a map of thread-locals: its loop and task come
    // from its thread's scheduler (about 170 bytes saved per parked body); else "n/a" (closed) or
    // the map the other modes use
    Object map = seen.get(3);
    assertEquals(List.of(13, true, true), seen.subList(0, 3));
    if (Carrier.available) {
      assertEquals("null", map, "the carried body's thread-local map");
    }
  }

  private static int notices(String log) {
    return log.split("run on the JDK's virtual-thread scheduler", -1).length - 1;
  }

  @Test
  void aDebugLoop_saysOnceWhyItsBodiesAreNotCarried_whenTheJdkCouldCarryThem() {
    boolean couldCarry = Runtime.version().feature() >= 24 && DirectThreads.virtual
        && !"off".equals(System.getProperty("jasyncio.direct.carrier"));
    try (io.jasyncio.internal.LogCapture log = new io.jasyncio.internal.LogCapture()) {
      EventLoop loop = Asyncio.newEventLoop(new VirtualClock());
      loop.setDebug(true);
      try {
        assertEquals(1, loop.runUntilComplete(loop.createTask(direct(() -> {
          await(Asyncio.sleep(0));
          return 1;
        }))));
        assertEquals(2, loop.runUntilComplete(loop.createTask(direct(() -> 2)))); // no second notice
      } finally {
        loop.close();
      }
      EventLoop quiet = Asyncio.newEventLoop(new VirtualClock()); // not in debug mode: silent
      try {
        assertEquals(3, quiet.runUntilComplete(quiet.createTask(direct(() -> 3))));
      } finally {
        quiet.close();
      }
      String text = log.text();
      // carried, JDK 17-23 or the mode turned off: nothing to say; else one notice naming the option
      assertEquals(couldCarry && !Carrier.available ? 1 : 0, notices(text), text);
      if (!Carrier.available && couldCarry) {
        assertTrue(text.contains("--add-opens java.base/java.lang=ALL-UNNAMED"), text);
      }
    }
  }

  @Test
  void aDebugLoopRunOnAVirtualThread_saysItsBodiesAreNotCarried_inTheCarrierMode() throws Exception {
    try (io.jasyncio.internal.LogCapture log = new io.jasyncio.internal.LogCapture()) {
      EventLoop loop = Asyncio.newEventLoop(new VirtualClock());
      loop.setDebug(true);
      int[] result = new int[1];
      Throwable[] failure = new Throwable[1];
      Runnable run = () -> {
        try {
          result[0] = loop.runUntilComplete(loop.createTask(direct(() -> {
            await(Asyncio.sleep(0));
            return 7;
          })));
        } catch (Throwable e) {
          failure[0] = e;
        }
      };
      try {
        Thread runner = DirectThreads.virtual ? DirectThreads.INSTANCE.newThread(run) : new Thread(run);
        runner.start();
        runner.join();
      } finally {
        loop.close();
      }
      assertNull(failure[0]);
      assertEquals(7, result[0]);
      String text = log.text();
      if (Carrier.available) {
        assertEquals(1, notices(text), text);
        assertTrue(text.contains("the loop runs on a virtual thread"), text);
      } else {
        // the other modes: the first test's notice, or none
        assertEquals(Carrier.notOpen ? 1 : 0, notices(text), text);
      }
    }
  }
}
