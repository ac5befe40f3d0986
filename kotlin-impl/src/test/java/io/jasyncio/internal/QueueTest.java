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
import io.jasyncio.Future;
import io.jasyncio.LifoQueue;
import io.jasyncio.PriorityQueue;
import io.jasyncio.Queue;
import io.jasyncio.QueueEmpty;
import io.jasyncio.QueueFull;
import io.jasyncio.QueueShutDown;
import io.jasyncio.QueueStatistics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CPython's test_queues behaviours, restated for the Java face. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class QueueTest {
  private static Throwable cause(CompletableFuture<?> f) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
    return e.getCause();
  }

  @Test
  void create_boundsAndPredicates() {
    Queue<Integer> q = Queue.create();
    assertEquals(0, q.maxsize());
    assertTrue(q.empty());
    assertFalse(q.full());
    assertEquals(0, Queue.create(-1).maxsize());
    Queue<Integer> b = Queue.create(2);
    b.putNowait(1);
    b.putNowait(2);
    assertTrue(b.full());
    assertEquals(2, b.qsize());
  }

  @Test
  void order_fifoLifoPriority() {
    Queue<Integer> fifo = Queue.create();
    LifoQueue<Integer> lifo = LifoQueue.create();
    PriorityQueue<Integer> prio = PriorityQueue.create();
    PriorityQueue<Integer> rev = PriorityQueue.create(0, Comparator.reverseOrder());
    List<List<Integer>> out = new ArrayList<>();
    for (Queue<Integer> q : List.of(fifo, lifo, prio, rev)) {
      q.putNowait(1);
      q.putNowait(3);
      q.putNowait(2);
      out.add(List.of(q.getNowait(), q.getNowait(), q.getNowait()));
    }
    assertEquals(
        List.of(List.of(1, 3, 2), List.of(2, 3, 1), List.of(1, 2, 3), List.of(3, 2, 1)), out);
    assertSame(Comparator.reverseOrder(), rev.comparator());
    assertNull(prio.comparator());
  }

  @Test
  void nowait_raisesQueueEmptyAndQueueFull_andStaysUsable() {
    Queue<String> q = Queue.create(1);
    QueueEmpty empty = assertThrows(QueueEmpty.class, q::getNowait);
    assertInstanceOf(java.util.NoSuchElementException.class, empty);
    q.putNowait("a");
    QueueFull full = assertThrows(QueueFull.class, () -> q.putNowait("b"));
    assertInstanceOf(IllegalStateException.class, full);
    assertEquals("a", q.getNowait());
  }

  @Test
  void getAsync_onLoop_isALoopFutureCompletedOnTheLoopThread() {
    List<String> log = new CopyOnWriteArrayList<>();
    Loops.runVirtual(() -> {
      Queue<String> q = Queue.create();
      Thread loopThread = Thread.currentThread();
      CompletableFuture<String> g = q.getAsync();
      assertInstanceOf(Future.class, g);
      CompletableFuture<String> seen =
          g.thenApply(v -> v + (Thread.currentThread() == loopThread ? " on loop" : " elsewhere"));
      return Asyncio.toThread(() -> {
            q.putNowait("x");
            return null;
          })
          .thenCompose(x -> seen)
          .thenAccept(log::add);
    });
    assertEquals(List.of("x on loop"), log);
  }

  @Test
  void getAsync_offLoop_isAPlainFuture() throws Exception {
    Queue<Integer> q = Queue.create();
    CompletableFuture<Integer> g = q.getAsync();
    assertFalse(g instanceof Future);
    q.putNowait(5);
    assertEquals(5, g.get(5, TimeUnit.SECONDS));
    CompletableFuture<Void> p = q.putAsync(6);
    assertTrue(p.isDone());
    assertEquals(6, q.getAsync().get());
  }

  @Test
  void waitingGetters_areServedInArrivalOrder_andAPutHandsOver() {
    Queue<String> q = Queue.create();
    List<CompletableFuture<String>> gs = List.of(q.getAsync(), q.getAsync(), q.getAsync());
    assertEquals(3, q.statistics().waitingGetters());
    q.putNowait("a");
    q.putNowait("b");
    q.putNowait("c");
    assertEquals(0, q.qsize());
    assertEquals(List.of("a", "b", "c"), gs.stream().map(CompletableFuture::join).toList());
  }

  @Test
  void waitingPutters_areServedInArrivalOrder() {
    Queue<Integer> q = Queue.create(1);
    q.putNowait(0);
    List<CompletableFuture<Void>> ps = List.of(q.putAsync(1), q.putAsync(2), q.putAsync(3));
    assertEquals(3, q.statistics().waitingPutters());
    List<Integer> got = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      got.add(q.getNowait());
    }
    assertEquals(List.of(0, 1, 2, 3), got);
    assertTrue(ps.stream().allMatch(CompletableFuture::isDone));
  }

  @Test
  void cancelledGetter_consumesNothing_nextGetterReceives() {
    Queue<Integer> q = Queue.create();
    CompletableFuture<Integer> a = q.getAsync();
    CompletableFuture<Integer> b = q.getAsync();
    assertTrue(a.cancel(false));
    assertEquals(1, q.statistics().waitingGetters());
    q.putNowait(1);
    assertEquals(1, b.join());
    assertTrue(q.empty());
  }

  @Test
  void grantedGetter_cannotBeCancelled_andKeepsItsItem() {
    Queue<Integer> q = Queue.create();
    CompletableFuture<Integer> a = q.getAsync();
    q.putNowait(1);
    assertFalse(a.cancel(false));
    assertEquals(1, a.join());
  }

  @Test
  void cancelledPutter_storesNothing() {
    Queue<Integer> q = Queue.create(1);
    q.putNowait(0);
    CompletableFuture<Void> p = q.putAsync(1);
    CompletableFuture<Void> p2 = q.putAsync(2);
    assertTrue(p.cancel(false));
    assertEquals(0, q.getNowait());
    assertTrue(p2.isDone());
    assertEquals(2, q.getNowait());
    assertTrue(q.empty());
    assertEquals(2, q.statistics().unfinishedTasks());
  }

  @Test
  void taskDone_tooOften_isIllegalArgument_andJoinReleasesAtZero() {
    Queue<Integer> q = Queue.create();
    assertTrue(q.joinAsync().isDone());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, q::taskDone);
    assertTrue(e.getMessage().contains("taskDone"), e.getMessage());
    q.putNowait(1);
    q.putNowait(2);
    CompletableFuture<Void> j = q.joinAsync();
    q.getNowait();
    q.getNowait();
    q.taskDone();
    assertFalse(j.isDone());
    q.taskDone();
    assertTrue(j.isDone());
    assertThrows(IllegalArgumentException.class, q::taskDone);
  }

  @Test
  void shutdown_failsPutsAndWaitingPutters_getsDrainThenFail() {
    Queue<Integer> q = Queue.create(1);
    q.putNowait(1);
    CompletableFuture<Void> waitingPut = q.putAsync(2);
    q.shutdown();
    assertInstanceOf(QueueShutDown.class, cause(waitingPut));
    assertThrows(QueueShutDown.class, () -> q.putNowait(3));
    assertInstanceOf(QueueShutDown.class, cause(q.putAsync(3)));
    assertEquals(1, q.getNowait());
    assertThrows(QueueShutDown.class, q::getNowait);
    assertInstanceOf(QueueShutDown.class, cause(q.getAsync()));
    assertTrue(q.statistics().shutdown());
  }

  @Test
  void shutdown_onEmptyQueue_failsWaitingGetters() {
    Queue<Integer> q = Queue.create();
    CompletableFuture<Integer> g1 = q.getAsync();
    CompletableFuture<Integer> g2 = q.getAsync();
    q.shutdown(false);
    assertInstanceOf(QueueShutDown.class, cause(g1));
    assertInstanceOf(QueueShutDown.class, cause(g2));
  }

  @Test
  void shutdownImmediate_dropsItems_releasesJoin() {
    Queue<Integer> q = Queue.create();
    q.putNowait(1);
    q.putNowait(2);
    q.putNowait(3);
    assertEquals(1, q.getNowait());
    CompletableFuture<Void> j = q.joinAsync();
    q.shutdown(true);
    assertTrue(q.empty());
    assertFalse(j.isDone()); // item 1 was taken and is not done yet
    q.taskDone();
    assertTrue(j.isDone());
    assertEquals(new QueueStatistics(0, 0, 0, 0, 0, 0, true), q.statistics());
  }

  @Test
  void nullItems_areSentinels_exceptInANaturalOrderPriorityQueue() {
    Queue<String> q = Queue.create();
    q.putNowait(null);
    assertNull(q.getNowait());
    PriorityQueue<String> pq = PriorityQueue.create();
    NullPointerException e = assertThrows(NullPointerException.class, () -> pq.putAsync(null));
    assertTrue(e.getMessage().contains("null"), e.getMessage());
    assertThrows(NullPointerException.class, () -> pq.putNowait(null));
    assertTrue(pq.empty());
    assertEquals(0, pq.statistics().unfinishedTasks());
    PriorityQueue<String> tolerant =
        PriorityQueue.create(0, Comparator.nullsLast(Comparator.<String>naturalOrder()));
    tolerant.putNowait(null);
    tolerant.putNowait("a");
    assertEquals("a", tolerant.getNowait());
    assertNull(tolerant.getNowait());
    PriorityQueue<String> strict = PriorityQueue.create(0, Comparator.comparing(String::length));
    assertThrows(NullPointerException.class, () -> strict.putNowait(null));
    assertTrue(strict.empty());
  }

  @Test
  void badInput_namesTheParameter() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> PriorityQueue.create(0, null));
    assertEquals("comparator", e.getMessage());
    Queue<Integer> q = Queue.create();
    e = assertThrows(NullPointerException.class, () -> q.forEachAsync(null));
    assertEquals("action", e.getMessage());
  }

  @Test
  void priorityQueue_nonComparableItem_isRejectedAtPut() {
    @SuppressWarnings({"unchecked", "rawtypes"})
    PriorityQueue<Object> pq = (PriorityQueue) PriorityQueue.<Integer>create();
    assertThrows(ClassCastException.class, () -> pq.putNowait(new Object()));
    assertTrue(pq.empty());
  }

  @Test
  void priorityQueue_throwingComparator_storesNothing() {
    PriorityQueue<Integer> pq =
        PriorityQueue.create(
            0,
            (a, b) -> {
              if (a == 13 || b == 13) {
                throw new IllegalStateException("unlucky");
              }
              return Integer.compare(a, b);
            });
    pq.putNowait(1);
    pq.putNowait(2);
    assertThrows(IllegalStateException.class, () -> pq.putNowait(13));
    assertEquals(2, pq.qsize());
    assertEquals(2, pq.statistics().unfinishedTasks());
    assertEquals(1, pq.getNowait());
    assertEquals(2, pq.getNowait());
  }

  @Test
  void priorityQueue_heapStaysOrderedUnderManyOperations() {
    PriorityQueue<Integer> pq = PriorityQueue.create();
    java.util.PriorityQueue<Integer> model = new java.util.PriorityQueue<>();
    java.util.Random r = new java.util.Random(7);
    for (int i = 0; i < 5000; i++) {
      if (r.nextInt(3) > 0 || model.isEmpty()) {
        int x = r.nextInt(100);
        pq.putNowait(x);
        model.add(x);
      } else {
        assertEquals(model.poll(), pq.getNowait());
      }
    }
    while (!model.isEmpty()) {
      assertEquals(model.poll(), pq.getNowait());
    }
  }

  @Test
  void forEachAsync_consumesUntilShutdown_andMarksItemsDone() {
    List<Integer> seen = new CopyOnWriteArrayList<>();
    Loops.runVirtual(() -> {
      Queue<Integer> q = Queue.create(2);
      CompletableFuture<Void> consumer =
          q.forEachAsync(x -> {
            seen.add(x);
            return x % 2 == 0 ? Asyncio.sleep(0.01) : null;
          });
      CompletableFuture<Void> producer = CompletableFuture.completedFuture(null);
      for (int i = 1; i <= 6; i++) {
        int v = i;
        producer = producer.thenCompose(x -> q.putAsync(v));
      }
      return producer
          .thenCompose(x -> q.joinAsync())
          .thenCompose(x -> {
            q.shutdown();
            return consumer;
          });
    });
    assertEquals(List.of(1, 2, 3, 4, 5, 6), seen);
  }

  @Test
  void forEachAsync_stopsAtTheFirstFailure_andStillMarksThatItemDone() {
    Queue<Integer> q = Queue.create();
    q.putNowait(1);
    q.putNowait(2);
    q.putNowait(3);
    CompletableFuture<Void> f =
        q.forEachAsync(x -> {
          if (x == 2) {
            throw new IllegalStateException("bad item 2");
          }
          return null;
        });
    Throwable c = cause(f);
    assertEquals("bad item 2", c.getMessage());
    assertEquals(1, q.qsize());
    assertEquals(1, q.statistics().unfinishedTasks());
  }

  @Test
  void forEachAsync_cancelled_consumesNothingMore() {
    Queue<Integer> q = Queue.create();
    CompletableFuture<Void> f = q.forEachAsync(x -> null);
    assertEquals(1, q.statistics().waitingGetters());
    assertTrue(f.cancel(false));
    assertEquals(0, q.statistics().waitingGetters());
    q.putNowait(1);
    assertEquals(1, q.qsize());
  }

  @Test
  void publisher_honoursDemand_andCompletesAtShutdown() throws Exception {
    Queue<Integer> q = Queue.create();
    for (int i = 0; i < 5; i++) {
      q.putNowait(i);
    }
    List<String> log = new CopyOnWriteArrayList<>();
    AtomicReference<Flow.Subscription> sub = new AtomicReference<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    q.asPublisher()
        .subscribe(
            new Flow.Subscriber<Integer>() {
              @Override
              public void onSubscribe(Flow.Subscription s) {
                sub.set(s);
              }

              @Override
              public void onNext(Integer item) {
                log.add("next " + item);
              }

              @Override
              public void onError(Throwable t) {
                done.completeExceptionally(t);
              }

              @Override
              public void onComplete() {
                log.add("complete");
                done.complete(null);
              }
            });
    assertEquals(List.of(), log);
    sub.get().request(2);
    assertEquals(List.of("next 0", "next 1"), log);
    assertEquals(3, q.qsize());
    assertEquals(3, q.statistics().unfinishedTasks());
    sub.get().request(Long.MAX_VALUE);
    q.shutdown();
    done.get(5, TimeUnit.SECONDS);
    assertEquals(
        List.of("next 0", "next 1", "next 2", "next 3", "next 4", "complete"), log);
    assertTrue(q.joinAsync().isDone());
  }

  @Test
  void publisher_cancel_withdrawsThePendingGet() {
    Queue<Integer> q = Queue.create();
    AtomicInteger received = new AtomicInteger();
    q.asPublisher()
        .subscribe(
            new Flow.Subscriber<Integer>() {
              @Override
              public void onSubscribe(Flow.Subscription s) {
                s.request(1);
                s.cancel();
              }

              @Override
              public void onNext(Integer item) {
                received.incrementAndGet();
              }

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onComplete() {}
            });
    q.putNowait(1);
    assertEquals(0, received.get());
    assertEquals(1, q.qsize());
  }

  @Test
  void publisher_rejectsANullSubscriber_andNonPositiveDemand() {
    Queue<Integer> q = Queue.create();
    NullPointerException npe =
        assertThrows(NullPointerException.class, () -> q.asPublisher().subscribe(null));
    assertEquals("subscriber", npe.getMessage());
    AtomicReference<Throwable> error = new AtomicReference<>();
    q.asPublisher()
        .subscribe(
            new Flow.Subscriber<Integer>() {
              @Override
              public void onSubscribe(Flow.Subscription s) {
                s.request(0);
              }

              @Override
              public void onNext(Integer item) {}

              @Override
              public void onError(Throwable t) {
                error.set(t);
              }

              @Override
              public void onComplete() {}
            });
    assertInstanceOf(IllegalArgumentException.class, error.get());
    assertEquals(0, q.statistics().waitingGetters());
  }

  @Test
  void toString_isInformative() {
    Queue<Integer> q = Queue.create(3);
    q.putNowait(1);
    q.getAsync();
    assertEquals("Queue[maxsize=3, qsize=0, getters=0, putters=0, unfinished=1]", q.toString());
    q.getAsync();
    assertEquals("Queue[maxsize=3, qsize=0, getters=1, putters=0, unfinished=1]", q.toString());
    q.shutdown();
    assertTrue(q.toString().endsWith(", shutdown]"), q.toString());
    assertTrue(PriorityQueue.create().toString().startsWith("PriorityQueue["));
    assertNotSame(q.toString(), LifoQueue.create().toString());
  }

  @Test
  void plainThreadsAndLoopShareAQueue() throws Exception {
    Queue<Integer> q = Queue.create(4);
    int n = 2000;
    Thread producer =
        new Thread(() -> {
          for (int i = 0; i < n; i++) {
            q.putAsync(i).join();
          }
        });
    producer.start();
    long sum =
        Loops.runVirtual(() -> {
          CompletableFuture<Long> acc = CompletableFuture.completedFuture(0L);
          for (int i = 0; i < n; i++) {
            acc = acc.thenCompose(s -> q.getAsync().thenApply(x -> s + x));
          }
          return acc;
        });
    producer.join(5000);
    assertEquals((long) n * (n - 1) / 2, sum);
    assertThrows(CompletionException.class, () -> CompletableFuture.failedFuture(new QueueShutDown()).join());
  }
}
