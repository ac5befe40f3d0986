package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.AsyncCallable;
import io.jasyncio.Asyncio;
import io.jasyncio.CallGraph;
import io.jasyncio.Future;
import io.jasyncio.Task;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** currentTask, allTasks, names, call graphs and the task dump through the Java face. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class IntrospectionTest extends VirtualLoopFixture {
  private <T> T run(AsyncCallable<T> main) {
    return loop.runUntilComplete(loop.createTask(main, "main"));
  }

  @Test
  void callGraph_ofAJavaChainOfTasks() {
    String text = run(() -> {
      Future<Void> gate = Asyncio.getRunningLoop().createFuture();
      Task<Void> leaf = Asyncio.createTask(() -> gate, "leaf");
      Task<Void> mid = Asyncio.createTask(() -> leaf, "mid");
      return Asyncio.sleep(0).thenApply(v -> {
        CallGraph g = Asyncio.captureCallGraph(leaf);
        assertSame(leaf, g.future());
        assertSame(gate, g.awaiting());
        assertEquals(List.of(), g.callStack());
        assertEquals(1, g.awaitedBy().size());
        CallGraph m = g.awaitedBy().get(0);
        assertSame(mid, m.future());
        assertSame(leaf, m.awaiting());
        assertEquals(List.of(), m.awaitedBy()); // main awaits a plain sleep chain, not mid
        String s = Asyncio.formatCallGraph(leaf);
        gate.setResult(null);
        return s;
      });
    });
    assertTrue(text.matches("(?s)\\* Task 'leaf' \\(id \\d+\\) awaiting Future\\[pending\\]\n"
        + "  \\+ awaited by:\n"
        + "    \\* Task 'mid' \\(id \\d+\\) awaiting Task 'leaf' \\(id \\d+\\)"), text);
  }

  @Test
  void callGraph_ofTheCurrentTask_andOfAPlainFuture() {
    List<Object> r = run(() -> {
      Task<?> me = Asyncio.currentTask();
      CallGraph g = Asyncio.captureCallGraph();
      Future<Integer> f = Asyncio.getRunningLoop().createFuture();
      Task<Integer> waiter = Asyncio.createTask(() -> f, "waiter");
      return Asyncio.sleep(0).thenApply(v -> {
        CallGraph fg = Asyncio.captureCallGraph(f);
        f.setResult(1);
        return List.of(g.future() == me,
            fg.awaiting() == null, fg.awaitedBy().get(0).future() == waiter);
      });
    });
    assertEquals(List.of(true, true, true), r);
  }

  @Test
  void captureCallGraph_outsideATask_isNull_andBadInput() {
    assertNull(Asyncio.captureCallGraph());
    assertEquals("future",
        assertThrows(NullPointerException.class, () -> Asyncio.captureCallGraph(null)).getMessage());
    Future<?> fake = (Future<?>) java.lang.reflect.Proxy.newProxyInstance(Future.class.getClassLoader(),
        new Class<?>[] {Future.class}, (p, m, a) -> null);
    assertThrows(IllegalArgumentException.class, () -> Asyncio.captureCallGraph(fake));
    // not on the loop's thread (the loop is not running)
    Future<Void> f = loop.createFuture();
    assertTrue(assertThrows(IllegalStateException.class, () -> Asyncio.captureCallGraph(f)).getMessage()
        .contains("must be called on the thread of the future's loop"));
  }

  @Test
  void dumpTasks_listsEveryPendingTask_likeAsyncioPs() {
    String table = run(() -> {
      Future<Void> gate = Asyncio.getRunningLoop().createFuture();
      Task<Void> worker = Asyncio.createTask(() -> gate, "worker");
      Task<Void> boss = Asyncio.createTask(() -> worker, "boss");
      return Asyncio.sleep(0).thenApply(v -> {
        String s = Asyncio.dumpTasks();
        gate.setResult(null);
        return s;
      });
    });
    String[] lines = table.split("\n");
    assertTrue(lines[0].startsWith("task id"), table);
    assertTrue(lines[1].startsWith("----"), table);
    assertEquals(5, lines.length, table); // header, rule, main, worker, boss
    assertTrue(table.contains("main"), table);
    String workerLine = List.of(lines).stream().filter(l -> l.contains("worker") && l.contains("Future")).findFirst()
        .orElseThrow();
    assertTrue(workerLine.contains("'boss'"), table);
  }

  @Test
  void dumpTasks_fromAnotherThreadWhileTheLoopRuns() throws Exception {
    String[] seen = new String[1];
    run(() -> {
      Asyncio.createTask(() -> Asyncio.sleep(10), "sleeper");
      return Asyncio.toThread(() -> {
        seen[0] = Asyncio.dumpTasks(loop);
        return null;
      }).thenCompose(v -> Asyncio.sleep(0));
    });
    assertTrue(seen[0].contains("sleeper"), seen[0]);
  }

  @Test
  void currentTask_allTasks_andNames() {
    List<Object> r = run(() -> {
      Task<?> me = Asyncio.currentTask();
      Task<Void> other = Asyncio.createTask(() -> Asyncio.sleep(1), "other");
      Set<Task<?>> all = Asyncio.allTasks();
      other.setName("renamed");
      return CompletableFuture.completedFuture(List.of(me.getName(), all.contains(me), all.contains(other),
          other.getName(), all.size()));
    });
    assertEquals(List.of("main", true, true, "renamed", 2), r);
    assertNull(Asyncio.currentTask());
  }
}
