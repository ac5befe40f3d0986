package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Queue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The queue conservation check shared by the stress tests of the Java face (chain tasks, direct
 * tasks): the plain-thread producer and consumer they run beside their loop tasks, and the final
 * accounting — every item stored is received exactly once, nothing rejected was stored, and each
 * consumer saw each producer's items in order.
 */
public final class QueueConservation {
  private QueueConservation() {}

  /** An item: its producer and its position in that producer's sequence. */
  public record Item(int producer, int seq) {}

  /**
   * A plain-thread producer (number {@code producer}) putting {@code n} items, cancelling one put
   * in eight: a cancelled put is rejected, a completed one stored. Counts {@code producersLeft}
   * down when done.
   */
  public static Runnable plainThreadProducer(Queue<Item> q, int producer, int n, Collection<Item> stored,
      Collection<Item> rejected, CountDownLatch producersLeft) {
    return () -> {
      Random rnd = new Random(7);
      for (int s = 0; s < n; s++) {
        Item it = new Item(producer, s);
        CompletableFuture<Void> f = q.putAsync(it);
        if (rnd.nextInt(8) == 0 && f.cancel(false)) {
          rejected.add(it);
          continue;
        }
        f.join();
        stored.add(it);
      }
      producersLeft.countDown();
    };
  }

  /**
   * A plain-thread consumer that gets until {@code stop}, giving up each get after 2 ms (a get
   * granted meanwhile is kept). Its items go to a new list added to {@code seenByConsumer}.
   */
  public static Runnable plainThreadConsumer(Queue<Item> q, AtomicBoolean stop, List<List<Item>> seenByConsumer,
      List<Throwable> unexpected) {
    List<Item> seen = new ArrayList<>();
    seenByConsumer.add(seen);
    return () -> {
      while (!stop.get()) {
        CompletableFuture<Item> f = q.getAsync();
        try {
          seen.add(f.get(2, TimeUnit.MILLISECONDS));
        } catch (java.util.concurrent.TimeoutException e) {
          if (!f.cancel(false)) {
            seen.add(f.join()); // granted meanwhile: it is ours
          }
        } catch (Exception e) {
          unexpected.add(e);
        }
      }
    };
  }

  /** Sets {@code stop} once every producer counted {@code producersLeft} down. */
  public static Runnable stopWhenProduced(CountDownLatch producersLeft, AtomicBoolean stop) {
    return () -> {
      try {
        producersLeft.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      stop.set(true);
    };
  }

  /**
   * The accounting, after every producer and consumer ended: the items left in {@code q} count
   * as received; {@code total} items were offered in all.
   */
  public static void assertConserved(List<List<Item>> seenByConsumer, Queue<Item> q, Collection<Item> stored,
      Collection<Item> rejected, int total) {
    List<Item> received = new ArrayList<>();
    for (List<Item> seen : seenByConsumer) {
      received.addAll(seen);
      Map<Integer, Integer> last = new HashMap<>();
      for (Item it : seen) {
        int before = last.getOrDefault(it.producer(), -1);
        assertTrue(it.seq() > before, "consumer saw producer " + it.producer() + " out of order: "
            + it.seq() + " after " + before);
        last.put(it.producer(), it.seq());
      }
    }
    while (!q.empty()) {
      received.add(q.getNowait());
    }
    Set<Item> unique = new HashSet<>(received);
    assertEquals(received.size(), unique.size(), "an item was received twice");
    Set<Item> lost = new HashSet<>(stored);
    lost.removeAll(unique);
    Set<Item> extra = new HashSet<>(unique);
    extra.removeAll(stored);
    assertEquals(List.of(List.of(), List.of()), List.of(new ArrayList<>(lost), new ArrayList<>(extra)),
        "stored but not received, received but not stored; rejected=" + rejected.size() + " " + q);
    for (Item it : rejected) {
      assertFalse(stored.contains(it), "rejected and stored: " + it);
    }
    assertEquals(total, stored.size() + rejected.size());
    assertTrue(rejected.size() > 0 && stored.size() > 0);
  }
}
