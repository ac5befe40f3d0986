package io.jasyncio.interop;

import io.jasyncio.Asyncio;
import io.jasyncio.Lock;
import io.jasyncio.Queue;
import io.jasyncio.Task;
import java.util.List;

/** The Java side of ChainLoopInteropSpec: chain-style loops, written as a Java user would. */
public final class JavaChainLoopSide {
  private JavaChainLoopSide() {}

  /** A task that takes {@code n} items from {@code q} into {@code got}, one iteration per item. */
  public static Task<Void> drain(Queue<Integer> q, int n, List<Integer> got) {
    return Asyncio.createTask(() -> Asyncio.repeat(n, i -> q.getAsync().thenAccept(got::add)), "java-drain");
  }

  /** A task that increments {@code counter[0]} {@code n} times under {@code lock}, yielding inside. */
  public static Task<Void> locked(Lock lock, long[] counter, int n) {
    return Asyncio.createTask(() -> Asyncio.repeat(n, i -> lock.acquireAsync().thenCompose(v -> {
      long c = counter[0];
      return Asyncio.sleep(0).whenComplete((x, e) -> {
        counter[0] = c + 1;
        lock.release();
      });
    })));
  }
}
