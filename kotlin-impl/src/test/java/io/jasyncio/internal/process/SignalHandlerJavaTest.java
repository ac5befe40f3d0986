package io.jasyncio.internal.process;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.direct;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Runner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * loop.addSignalHandler / removeSignalHandler and Runner's Ctrl-C. Every test raises signals in
 * this JVM, so it first installs a handler of its own for them: were ours not in place, that one
 * would get the signal (and the JVM would never exit on it). No SEPARATE_THREAD timeout: the
 * Ctrl-C tests must run on the main thread; every wait is bounded.
 */
class SignalHandlerJavaTest {
  /** Runs {@code body} with a counting handler of the test's own for {@code sig}, restored after. */
  static void withOwnHandler(String sig, java.util.function.Consumer<AtomicInteger> body) {
    AtomicInteger own = new AtomicInteger();
    SignalHandler before = Signal.handle(new Signal(sig), s -> own.incrementAndGet());
    try {
      body.accept(own);
    } finally {
      Signal.handle(new Signal(sig), before);
    }
  }

  @Test
  void handler_runsOnTheLoopThread_removeRestoresThePreviousOne() {
    withOwnHandler("USR2", own -> {
      List<Object> out = Asyncio.run(direct(() -> {
        EventLoop loop = Asyncio.getRunningLoop();
        CompletableFuture<Thread> lt = new CompletableFuture<>();
        loop.callSoon(() -> lt.complete(Thread.currentThread())); // a direct body runs on its own thread
        Thread loopThread = await(lt);
        CompletableFuture<Thread> ran = new CompletableFuture<>();
        loop.addSignalHandler("SIGUSR2", () -> ran.complete(Thread.currentThread()));
        Signal.raise(new Signal("USR2"));
        Thread on = await(Asyncio.waitFor(ran, 10.0));
        boolean removed = loop.removeSignalHandler("USR2");
        boolean again = loop.removeSignalHandler("USR2");
        return List.of(on == loopThread, removed, again);
      }));
      assertEquals(List.of(true, true, false), out);
      Signal.raise(new Signal("USR2"));
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (own.get() == 0 && System.nanoTime() < deadline) Thread.onSpinWait();
      assertEquals(1, own.get(), "the previous handler is back");
    });
  }

  @Test
  void closingTheLoop_removesItsHandlers() {
    withOwnHandler("USR2", own -> {
      EventLoop loop = Asyncio.newEventLoop();
      loop.addSignalHandler("USR2", () -> {});
      loop.close();
      Signal.raise(new Signal("USR2"));
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (own.get() == 0 && System.nanoTime() < deadline) Thread.onSpinWait();
      assertEquals(1, own.get());
      assertThrows(IllegalStateException.class, () -> loop.addSignalHandler("USR2", () -> {}));
    });
  }

  @Test
  void aFailingCallback_goesToTheExceptionHandler_theLoopGoesOn() {
    withOwnHandler("USR2", own -> {
      List<String> seen = Asyncio.run(direct(() -> {
        EventLoop loop = Asyncio.getRunningLoop();
        List<String> errors = new ArrayList<>();
        CompletableFuture<Void> second = new CompletableFuture<>();
        loop.setExceptionHandler((l, ctx) -> errors.add(ctx.exception().getMessage()));
        AtomicInteger n = new AtomicInteger();
        loop.addSignalHandler("USR2", () -> {
          if (n.incrementAndGet() == 1) throw new IllegalStateException("boom");
          second.complete(null);
        });
        Signal.raise(new Signal("USR2"));
        while (n.get() == 0) await(Asyncio.sleep(0.001));
        Signal.raise(new Signal("USR2"));
        await(Asyncio.waitFor(second, 10.0));
        loop.removeSignalHandler("USR2");
        return errors;
      }));
      assertEquals(List.of("boom"), seen);
    });
  }

  @Test
  void badSignals_areRejectedClearly_nothingInstalled() {
    Asyncio.run(direct(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> loop.addSignalHandler("NOPE", () -> {}));
      assertTrue(unknown.getMessage().contains("NOPE"), unknown.getMessage());
      IllegalArgumentException quit = assertThrows(IllegalArgumentException.class, () -> loop.addSignalHandler("QUIT", () -> {}));
      assertTrue(quit.getMessage().contains("SIGQUIT"), quit.getMessage());
      for (String refused : List.of("KILL", "STOP", "SEGV")) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loop.addSignalHandler(refused, () -> {}));
        assertTrue(e.getMessage().contains("SIG" + refused), e.getMessage());
        assertFalse(loop.removeSignalHandler(refused));
      }
      assertThrows(NullPointerException.class, () -> loop.addSignalHandler("USR2", null));
      assertThrows(NullPointerException.class, () -> loop.addSignalHandler(null, () -> {}));
      return null;
    }));
  }

  @Test
  void anotherLoopsSignal_isRefused() {
    withOwnHandler("USR2", own -> {
      EventLoop a = Asyncio.newEventLoop();
      EventLoop b = Asyncio.newEventLoop();
      try {
        a.addSignalHandler("USR2", () -> {});
        a.addSignalHandler("USR2", () -> {}); // the same loop replaces its callback
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.addSignalHandler("USR2", () -> {}));
        assertTrue(e.getMessage().contains("another event loop"), e.getMessage());
      } finally {
        a.close();
        b.close();
      }
    });
  }

  // ---- Runner: Ctrl-C -------------------------------------------------------------------------

  @Test
  void runner_firstSigint_cancelsMain_itsFinallyRuns() {
    assertEquals("main", Thread.currentThread().getName(), "these tests need the JVM's main thread");
    withOwnHandler("INT", own -> {
      List<String> events = new ArrayList<>();
      CancelledError e = assertThrows(CancelledError.class, () -> new Runner().run(direct(() -> {
        try {
          Signal.raise(new Signal("INT"));
          await(Asyncio.sleep(10));
          events.add("slept");
        } finally {
          events.add("finally");
        }
        return null;
      })));
      assertEquals(List.of("finally"), events, e.toString());
      assertEquals(0, own.get(), "the first SIGINT is the runner's");
    });
  }

  @Test
  void runner_secondSigint_goesToThePreviousHandler_andTheHandlerIsRestoredAfter() throws Exception {
    withOwnHandler("INT", own -> {
      String r = new Runner().run(direct(() -> {
        Signal.raise(new Signal("INT"));
        try {
          await(Asyncio.sleep(10));
        } catch (CancelledError c) {
          Asyncio.currentTask().uncancel();
        }
        Signal.raise(new Signal("INT"));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (own.get() == 0 && System.nanoTime() < deadline) await(Asyncio.sleep(0.001));
        return "survived:" + own.get();
      }));
      assertEquals("survived:1", r);
      Signal.raise(new Signal("INT"));
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (own.get() < 2 && System.nanoTime() < deadline) Thread.onSpinWait();
      assertEquals(2, own.get(), "after run, SIGINT goes to the handler from before");
    });
  }

  @Test
  void runner_offTheMainThread_installsNothing() throws Exception {
    withOwnHandler("INT", own -> {
      CountDownLatch done = new CountDownLatch(1);
      Thread t = new Thread(() -> {
        new Runner().run(direct(() -> {
          Signal.raise(new Signal("INT"));
          long deadline = System.nanoTime() + 10_000_000_000L;
          while (own.get() == 0 && System.nanoTime() < deadline) await(Asyncio.sleep(0.001));
          return null;
        }));
        done.countDown();
      }, "not-main");
      t.start();
      try {
        assertTrue(done.await(20, TimeUnit.SECONDS));
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      assertEquals(1, own.get());
    });
  }
}
