package io.jasyncio.interop;

import io.jasyncio.Asyncio;
import io.jasyncio.Queue;
import io.jasyncio.Task;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Java-face queue code that the Kotlin specs call; each method makes a Java task. */
final class JavaQueueSide {
  private JavaQueueSide() {}

  /** A Java task that puts every item with putAsync, then shuts the queue down. */
  static Task<Void> produceThenShutdown(Queue<Integer> q, List<Integer> items) {
    return Asyncio.createTask(() -> {
      CompletableFuture<Void> f = CompletableFuture.completedFuture(null);
      for (Integer x : items) {
        f = f.thenCompose(v -> q.putAsync(x));
      }
      return f.thenRun(q::shutdown);
    }, "java-producer");
  }

  /** A Java task consuming with forEachAsync into {@code into} until shutdown. */
  static Task<Void> consumeInto(Queue<Integer> q, List<Integer> into) {
    return Asyncio.createTask(() -> q.forEachAsync(x -> {
      into.add(x);
      return Asyncio.sleep(0);
    }), "java-consumer");
  }

  /** A Java task awaiting joinAsync, then adding "joined" to {@code log}. */
  static Task<Void> joinThenLog(Queue<?> q, List<String> log) {
    return Asyncio.createTask(() -> q.joinAsync().thenRun(() -> log.add("joined")));
  }

  /** A Java task getting one item, as a user writes it: {@code createTask(q::getAsync)}. */
  static Task<Integer> getTask(Queue<Integer> q) {
    return Asyncio.createTask(q::getAsync);
  }
}
