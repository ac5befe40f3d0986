package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A thread blocked in CompletableFuture's join/get normally helps run the future's dependents.
 * For jasyncio's futures, continuations attached before completion must run on the loop thread
 * even while other threads are blocked waiting for the same future.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DependentsThreadTest {
  private static final int ROUNDS = 300;

  private static void awaitBlocked(Thread t) {
    while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
      Thread.onSpinWait();
    }
  }

  @Test
  void loopFuture_dependentsRunOnTheLoopThread_whileOtherThreadsBlockInJoinAndGet()
      throws Exception {
    EventLoop loop = Asyncio.newEventLoop();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    try {
      for (int i = 0; i < ROUNDS; i++) {
        Future<Integer> f = loop.createFuture();
        CompletableFuture<?>[] deps = new CompletableFuture<?>[4];
        for (int d = 0; d < deps.length; d++) {
          deps[d] = f.thenApply(v -> {
            threads.add(Thread.currentThread().getName());
            return v;
          });
        }
        Thread joiner = new Thread(f::join, "joiner");
        Thread getter = new Thread(() -> {
          try {
            f.get(1, TimeUnit.MINUTES);
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        }, "getter");
        joiner.start();
        getter.start();
        awaitBlocked(joiner);
        awaitBlocked(getter);
        loop.runUntilComplete(loop.createTask(() -> {
          f.setResult(1);
          return Asyncio.sleep(0);
        }));
        joiner.join();
        getter.join();
        CompletableFuture.allOf(deps).join();
      }
    } finally {
      loop.close();
    }
    assertEquals(Set.of(Thread.currentThread().getName()), threads);
  }

  @Test
  void runCoroutineThreadsafeResult_dependentsRunOnTheLoopThread_whileTheCallerBlocksInGet()
      throws Exception {
    EventLoop loop = Asyncio.newEventLoop();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    Thread runner = new Thread(loop::runForever, "loop");
    runner.start();
    try {
      for (int i = 0; i < ROUNDS; i++) {
        CompletableFuture<Integer> gate = new CompletableFuture<>();
        CompletableFuture<Integer> cf = loop.runCoroutineThreadsafe(() -> gate);
        CompletableFuture<?> dep = cf.thenApply(v -> {
          threads.add(Thread.currentThread().getName());
          return v;
        });
        Thread getter = new Thread(() -> {
          try {
            cf.get(1, TimeUnit.MINUTES);
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        }, "getter");
        getter.start();
        awaitBlocked(getter);
        loop.callSoonThreadsafe(() -> gate.complete(1));
        getter.join();
        dep.get(1, TimeUnit.MINUTES);
      }
    } finally {
      loop.callSoonThreadsafe(loop::stop);
      runner.join();
      loop.close();
    }
    assertEquals(Set.of("loop"), threads);
  }
}
