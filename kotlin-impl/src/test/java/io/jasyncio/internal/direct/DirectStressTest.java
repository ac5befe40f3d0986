package io.jasyncio.internal.direct;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.direct;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.internal.QueueConservation;
import io.jasyncio.internal.QueueConservation.Item;
import io.jasyncio.CancelledError;
import io.jasyncio.Lock;
import io.jasyncio.Queue;
import io.jasyncio.Semaphore;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Conservation under random cancellation of direct tasks: two loops run long-lived direct
 * producers, consumers and lock/semaphore users that a canceller task cancels at random moments
 * (while they wait, right after a grant, while they run); each catches the {@code CancelledError},
 * {@code uncancel()}s and goes on, as asyncio code can. Plain threads use the same objects. Every
 * item is received exactly once or rejected (its put raised), never both; each consumer sees each
 * producer's items in order; holders never exceed permits and every permit comes back. Scaled by
 * {@code -Djasyncio.stress}.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DirectStressTest {
  private static final int SCALE = Integer.getInteger("jasyncio.stress", 1);


  private static CompletableFuture<Void> onThread(Runnable r) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        r.run();
        f.complete(null);
      } catch (Throwable e) {
        f.completeExceptionally(e);
      }
    });
    t.setDaemon(true);
    t.start();
    return f;
  }

  /** Cancels one of {@code victims} at random every iteration or two until {@code stop}. */
  private static Task<Void> canceller(List<Task<?>> victims, Random rnd, AtomicBoolean stop) {
    return Asyncio.createTask(direct(() -> {
      while (!stop.get()) {
        victims.get(rnd.nextInt(victims.size())).cancel();
        await(Asyncio.sleep(rnd.nextInt(3) == 0 ? 0.0002 : 0));
      }
      return null;
    }));
  }

  @Test
  void queue_directTasksCancelledAtRandom_everyItemOnceOrRejected_perProducerOrderKept() throws Exception {
    int perProducer = 300 * SCALE;
    Queue<Item> q = Queue.create(4);
    Set<Item> stored = ConcurrentHashMap.newKeySet();
    Set<Item> rejected = ConcurrentHashMap.newKeySet();
    List<List<Item>> seenByConsumer = new CopyOnWriteArrayList<>();
    List<Throwable> unexpected = new CopyOnWriteArrayList<>();
    CountDownLatch producersLeft = new CountDownLatch(5);
    AtomicBoolean stop = new AtomicBoolean();

    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int l = 0; l < 2; l++) {
      int loopIndex = l;
      all.add(onThread(() -> Asyncio.run(direct(() -> {
        Random rnd = new Random(42 + loopIndex);
        List<Task<?>> workers = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
          int producer = loopIndex * 2 + p;
          workers.add(Asyncio.createTask(direct(() -> {
            for (int s = 0; s < perProducer; s++) {
              Item it = new Item(producer, s);
              try {
                await(q.putAsync(it));
                stored.add(it);
              } catch (CancelledError e) {
                rejected.add(it);
                Asyncio.currentTask().uncancel();
              }
            }
            producersLeft.countDown();
            return null;
          })));
        }
        for (int c = 0; c < 2; c++) {
          List<Item> seen = new ArrayList<>();
          seenByConsumer.add(seen);
          workers.add(Asyncio.createTask(direct(() -> {
            while (!stop.get()) {
              try {
                seen.add(await(Asyncio.waitFor(q.getAsync(), 0.005)));
              } catch (CancelledError e) {
                Asyncio.currentTask().uncancel();
              } catch (TimeoutError e) {
                // nothing came: look at stop again
              } catch (Exception e) {
                unexpected.add(e);
              }
            }
            return null;
          })));
        }
        Task<Void> killer = canceller(workers, rnd, stop);
        for (Task<?> w : workers) {
          try {
            await(w);
          } catch (Exception e) {
            unexpected.add(e);
          }
        }
        await(killer);
        return null;
      }))));
    }
    all.add(onThread(QueueConservation.plainThreadProducer(q, 4, perProducer, stored, rejected, producersLeft)));
    all.add(onThread(QueueConservation.plainThreadConsumer(q, stop, seenByConsumer, unexpected)));
    // stop the consumers once every producer is done
    all.add(onThread(QueueConservation.stopWhenProduced(producersLeft, stop)));
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(100, TimeUnit.SECONDS);

    assertEquals(List.of(), unexpected);
    QueueConservation.assertConserved(seenByConsumer, q, stored, rejected, 5 * perProducer);
  }

  @Test
  void semaphoreAndLock_directTasksCancelledAtRandom_holdersWithinPermits_andAllComeBack() throws Exception {
    int rounds = 400 * SCALE;
    Semaphore sem = Semaphore.create(2);
    Lock lock = Lock.create();
    AtomicInteger semHolders = new AtomicInteger();
    AtomicInteger lockHolders = new AtomicInteger();
    List<String> violations = new CopyOnWriteArrayList<>();
    AtomicInteger acquired = new AtomicInteger();
    AtomicInteger cancelledAcquires = new AtomicInteger();
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int l = 0; l < 2; l++) {
      int loopIndex = l;
      all.add(onThread(() -> Asyncio.run(direct(() -> {
        Random rnd = new Random(99 + loopIndex);
        AtomicBoolean stop = new AtomicBoolean();
        List<Task<?>> workers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
          boolean useLock = w == 0;
          workers.add(Asyncio.createTask(direct(() -> {
            for (int r = 0; r < rounds; r++) {
              try {
                await(useLock ? lock.acquireAsync() : sem.acquireAsync());
              } catch (CancelledError e) {
                cancelledAcquires.incrementAndGet();
                Asyncio.currentTask().uncancel();
                continue;
              }
              acquired.incrementAndGet();
              AtomicInteger h = useLock ? lockHolders : semHolders;
              if (h.incrementAndGet() > (useLock ? 1 : 2)) {
                violations.add((useLock ? "lock" : "semaphore") + " holders " + h.get());
              }
              try {
                await(Asyncio.sleep(0));
              } catch (CancelledError e) {
                Asyncio.currentTask().uncancel();
              } finally {
                h.decrementAndGet();
                if (useLock) {
                  lock.release();
                } else {
                  sem.release();
                }
              }
            }
            return null;
          })));
        }
        Task<Void> killer = canceller(workers, rnd, stop);
        for (Task<?> w : workers) {
          await(w);
        }
        stop.set(true);
        await(killer);
        return null;
      }))));
    }
    all.add(onThread(() -> {
      for (int r = 0; r < rounds; r++) {
        CompletableFuture<Void> f = sem.acquireAsync();
        if (r % 5 == 0 && f.cancel(false)) {
          continue;
        }
        f.join();
        if (semHolders.incrementAndGet() > 2) {
          violations.add("semaphore holders " + semHolders.get());
        }
        semHolders.decrementAndGet();
        sem.release();
      }
    }));
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(100, TimeUnit.SECONDS);
    assertEquals(List.of(), violations);
    assertEquals("Semaphore[unlocked, value=2, waiters=0]", sem.toString());
    assertFalse(lock.locked());
    assertTrue(acquired.get() > 0 && cancelledAcquires.get() > 0,
        acquired.get() + " acquired, " + cancelledAcquires.get() + " cancelled");
  }
}
