package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * No wake-up is ever lost: plain threads post callbacks while the loop keeps switching between
 * busy iterations (ready work and a registered channel, so it polls with selectNow) and blocking
 * in select. A lost wake-up leaves the loop blocked with work in its inbox: the test then hangs
 * and fails on its timeout. Sized for 2 cores; -Djasyncio.stress=N scales it.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WakeupStressTest {
  private static final int SCALE = Integer.getInteger("jasyncio.stress", 1);

  @Test
  void postsFromManyThreads_allRun_whileTheLoopSwitchesBetweenBusyAndBlocked() throws Exception {
    int threads = 3;
    int perThread = 20_000 * SCALE;
    int total = threads * perThread;
    EventLoop loop = Asyncio.newEventLoop();
    Pipe pipe = Pipe.open();
    AtomicInteger ran = new AtomicInteger();
    Future<Integer> all = loop.createFuture();
    CyclicBarrier start = new CyclicBarrier(threads);
    List<Thread> posters = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread th = new Thread(() -> {
        try {
          start.await();
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int i = 0; i < perThread; i++) {
          boolean busy = rnd.nextInt(4) == 0;
          loop.callSoonThreadsafe(() -> {
            if (busy) {
              loop.callSoon(() -> { }); // keep the next iteration non-blocking
            }
            if (ran.incrementAndGet() == total) {
              all.setResult(total);
            }
          });
          if (rnd.nextInt(64) == 0) {
            Thread.yield(); // let the loop drain and go to sleep now and then
          }
        }
      }, "poster-" + t);
      posters.add(th);
    }
    posters.forEach(Thread::start);
    try {
      loop.runUntilComplete(loop.createTask(() -> {
        loop.addReader(pipe.source(), () -> { }); // never readable: only makes it poll
        return all.thenApply(n -> {
          loop.removeReader(pipe.source());
          return n;
        });
      }));
    } finally {
      for (Thread th : posters) {
        th.join();
      }
      loop.close();
      pipe.source().close();
      pipe.sink().close();
    }
    assertEquals(total, ran.get());
  }
}
