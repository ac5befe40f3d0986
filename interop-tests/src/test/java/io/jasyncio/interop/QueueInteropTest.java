package io.jasyncio.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Queue;
import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A queue made in Java, shared with Kotlin coroutines on the same loop. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class QueueInteropTest {
  @Test
  void aJavaQueueIsConsumedByAKotlinFlow() {
    Queue<Integer> q = Queue.create(2);
    List<Integer> got = JavaFaceBehavioursTest.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      Task<List<Integer>> consumer = KotlinQueueSide.consumeAll(loop, q);
      CompletableFuture<Void> f = CompletableFuture.completedFuture(null);
      for (int i = 0; i < 6; i++) {
        int v = i;
        f = f.thenCompose(x -> q.putAsync(v));
      }
      return f.thenCompose(x -> q.joinAsync()).thenCompose(x -> {
        q.shutdown();
        return consumer;
      });
    });
    assertEquals(List.of(0, 1, 2, 3, 4, 5), got);
  }

  @Test
  void kotlinProducersAndJavaConsumersShareAQueue() {
    Queue<Integer> q = Queue.create(1);
    List<Integer> got = new ArrayList<>();
    JavaFaceBehavioursTest.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      Task<Void> consumer = JavaQueueSide.consumeInto(q, got);
      return KotlinQueueSide.produce(loop, q, List.of(1, 2, 3))
          .thenCompose(x -> KotlinQueueSide.produce(loop, q, List.of(4, 5)))
          .thenCompose(x -> q.joinAsync())
          .thenCompose(x -> {
            q.shutdown();
            return consumer;
          });
    });
    assertEquals(List.of(1, 2, 3, 4, 5), got);
  }

  @Test
  void javaAndKotlinGettersWaitInOneFifoLine() {
    Queue<String> q = Queue.create();
    List<String> got = JavaFaceBehavioursTest.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      Task<String> k1 = KotlinQueueSide.getOne(loop, q);
      Task<String> j2 = Asyncio.createTask(q::getAsync);
      Task<String> k3 = KotlinQueueSide.getOne(loop, q);
      return Asyncio.sleep(0).thenCompose(x -> {
        q.putNowait("a");
        q.putNowait("b");
        q.putNowait("c");
        return CompletableFuture.allOf(
                k1.toCompletableFuture(), j2.toCompletableFuture(), k3.toCompletableFuture())
            .thenApply(v -> List.of(k1.join(), j2.join(), k3.join()));
      });
    });
    assertEquals(List.of("a", "b", "c"), got);
    assertTrue(q.empty());
  }
}
