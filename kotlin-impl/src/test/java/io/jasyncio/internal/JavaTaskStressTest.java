package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.internal.QueueConservation.Item;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
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
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Conservation under random cancellation of Java <em>tasks</em> (issue 9): two loops run Java
 * tasks ({@code createTask(q::getAsync)}, {@code createTask(() -> q.putAsync(x))},
 * {@code createTask(sem::acquireAsync)}) that are cancelled at random points — before their first
 * step, while waiting, and in the iterations after a grant from another loop or thread — while
 * plain threads use the same objects. Every item is received exactly once or reported rejected
 * (its put task ended cancelled), never both; every consumer sees each producer's items in order;
 * permits and the lock end balanced. Scaled by {@code -Djasyncio.stress}.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JavaTaskStressTest {
  private static final int SCALE = Integer.getInteger("jasyncio.stress", 1);


  /** Runs {@code body(i)} for i in [0, n), one after another; a failing step does not stop it. */
  private static CompletionStage<Void> repeat(int n, IntFunction<Task<?>> body) {
    return step(0, n, body);
  }

  private static CompletionStage<Void> step(int i, int n, IntFunction<Task<?>> body) {
    if (i == n) {
      return Asyncio.sleep(0);
    }
    return body.apply(i).handle((v, e) -> null).thenCompose(x -> step(i + 1, n, body));
  }

  /** Runs {@code body} while {@code go} holds. */
  private static CompletionStage<Void> whileTrue(BooleanSupplier go, Supplier<Task<?>> body) {
    if (!go.getAsBoolean()) {
      return Asyncio.sleep(0);
    }
    return body.get().handle((v, e) -> null).thenCompose(x -> whileTrue(go, body));
  }

  /** Cancels {@code t} now, after one or two loop iterations, or never. */
  private static <T> Task<T> maybeCancel(Task<T> t, Random rnd) {
    EventLoop loop = Asyncio.getRunningLoop();
    switch (rnd.nextInt(8)) {
      case 0 -> t.cancel();
      case 1 -> loop.callSoon(t::cancel);
      case 2 -> loop.callSoon(() -> loop.callSoon(t::cancel));
      default -> { }
    }
    return t;
  }

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

  @Test
  void queue_javaTasksCancelledAtRandom_everyItemOnceOrRejected_perProducerOrderKept() throws Exception {
    int perProducer = 400 * SCALE;
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
      all.add(onThread(() -> Asyncio.run(() -> {
        Random rnd = new Random(42 + loopIndex);
        List<CompletionStage<Void>> work = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
          int producer = loopIndex * 2 + p;
          work.add(repeat(perProducer, s -> {
            Item it = new Item(producer, s);
            Task<Void> t = maybeCancel(Asyncio.createTask(() -> q.putAsync(it)), rnd);
            t.whenComplete((v, e) -> {
              if (e == null) {
                stored.add(it);
              } else if (e instanceof CancelledError) {
                rejected.add(it);
              } else {
                unexpected.add(e);
              }
            });
            return t;
          }).thenRun(producersLeft::countDown));
        }
        for (int c = 0; c < 2; c++) {
          List<Item> seen = new ArrayList<>();
          seenByConsumer.add(seen);
          work.add(whileTrue(() -> !stop.get(), () -> {
            Task<Item> t = maybeCancel(Asyncio.createTask(() -> Asyncio.waitFor(q.getAsync(), 0.005)), rnd);
            t.whenComplete((x, e) -> {
              if (e == null) {
                seen.add(x);
              } else if (!(e instanceof CancelledError) && !(e instanceof TimeoutError)) {
                unexpected.add(e);
              }
            });
            return t;
          }));
        }
        return CompletableFuture.allOf(work.stream().map(CompletionStage::toCompletableFuture)
            .toArray(CompletableFuture[]::new));
      })));
    }
    // a plain-thread producer and consumer on the same queue
    all.add(onThread(QueueConservation.plainThreadProducer(q, 4, perProducer, stored, rejected, producersLeft)));
    all.add(onThread(QueueConservation.plainThreadConsumer(q, stop, seenByConsumer, unexpected)));
    // stop the consumers once every producer is done
    all.add(onThread(QueueConservation.stopWhenProduced(producersLeft, stop)));
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(100, TimeUnit.SECONDS);

    assertEquals(List.of(), unexpected);
    QueueConservation.assertConserved(seenByConsumer, q, stored, rejected, 5 * perProducer);
  }

  @Test
  void semaphoreAndLock_javaTasksCancelledAtRandom_holdersWithinPermits_andAllComeBack() throws Exception {
    int rounds = 600 * SCALE;
    Semaphore sem = Semaphore.create(2);
    Lock lock = Lock.create();
    AtomicInteger semHolders = new AtomicInteger();
    AtomicInteger lockHolders = new AtomicInteger();
    List<String> violations = new CopyOnWriteArrayList<>();
    AtomicInteger acquired = new AtomicInteger();
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int l = 0; l < 2; l++) {
      int loopIndex = l;
      all.add(onThread(() -> Asyncio.run(() -> {
        Random rnd = new Random(99 + loopIndex);
        List<CompletableFuture<?>> work = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
          boolean useLock = w == 0;
          work.add(repeat(rounds, r -> {
            Task<Void> t = maybeCancel(
                Asyncio.createTask(() -> useLock ? lock.acquireAsync() : sem.acquireAsync()), rnd);
            return Asyncio.createTask(() -> t.thenCompose(v -> {
              acquired.incrementAndGet();
              AtomicInteger h = useLock ? lockHolders : semHolders;
              if (h.incrementAndGet() > (useLock ? 1 : 2)) {
                violations.add((useLock ? "lock" : "semaphore") + " holders " + h.get());
              }
              return Asyncio.sleep(0).whenComplete((x, e) -> {
                h.decrementAndGet();
                if (useLock) {
                  lock.release();
                } else {
                  sem.release();
                }
              });
            }));
          }).toCompletableFuture());
        }
        return CompletableFuture.allOf(work.toArray(CompletableFuture[]::new));
      })));
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
    assertTrue(acquired.get() > 0);
  }
}
