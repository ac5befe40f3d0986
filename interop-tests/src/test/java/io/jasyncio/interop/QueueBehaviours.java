package io.jasyncio.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.jasyncio.LifoQueue;
import io.jasyncio.PriorityQueue;
import io.jasyncio.Queue;
import io.jasyncio.QueueShutDown;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One queue behaviour suite, run through both faces: {@link QueueJavaFaceTest} (putAsync,
 * getAsync, joinAsync, forEachAsync) and {@code QueueKotlinFaceTest} (put, get, join,
 * consumeAsFlow). Each call runs on a fresh loop with a virtual clock.
 */
public abstract class QueueBehaviours {
  /** What a face must do with a queue it is given. */
  public interface Face {
    /**
     * A producer task puts 1..n and shuts the queue down; a consumer task takes items until the
     * shutdown, marking each done. What the consumer saw, then "joined" once join returned.
     */
    List<String> produceConsumeJoin(Queue<Integer> q, int n);

    /** Three getter tasks wait, then the main task puts a, b, c: "getter i got x" in order. */
    List<String> getterOrder(Queue<String> q);

    /** Puts 0 into a full queue of maxsize 1 from a task, then shuts down: what the put threw. */
    Throwable waitingPutAtShutdown(Queue<Integer> q);

    /** Puts every item of {@code items}, then takes as many: the order they came out in. */
    List<Integer> putAllGetAll(Queue<Integer> q, List<Integer> items);
  }

  protected abstract Face face();

  @Test
  void producerConsumerAndJoin() {
    assertEquals(
        List.of("1", "2", "3", "4", "5", "joined"), face().produceConsumeJoin(Queue.create(2), 5));
  }

  @Test
  void waitingGettersAreServedInOrder() {
    assertEquals(
        List.of("getter 1 got a", "getter 2 got b", "getter 3 got c"),
        face().getterOrder(Queue.create()));
  }

  @Test
  void aWaitingPutFailsAtShutdown() {
    Queue<Integer> q = Queue.create(1);
    q.putNowait(9);
    assertInstanceOf(QueueShutDown.class, face().waitingPutAtShutdown(q));
    assertEquals(9, q.getNowait());
  }

  @Test
  void theThreeOrders() {
    List<Integer> in = List.of(3, 1, 2);
    assertEquals(List.of(3, 1, 2), face().putAllGetAll(Queue.create(), in));
    assertEquals(List.of(2, 1, 3), face().putAllGetAll(LifoQueue.create(), in));
    assertEquals(List.of(1, 2, 3), face().putAllGetAll(PriorityQueue.create(), in));
  }
}
