package io.jasyncio.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Java composition over Kotlin and Java children on one loop. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MixedCompositionTest {
  @Test
  void javaGather_ofKotlinAndJavaTasks_inArgumentOrder() {
    List<Object> out = JavaFaceBehavioursTest.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      Task<Integer> kotlin = KotlinSide.answerLater(loop, 0.2, 40);
      Task<Integer> java = Asyncio.createTask(() -> Asyncio.sleep(0.1, 2));
      return Asyncio.<Integer>gather(kotlin, java).thenApply(r -> List.of(r, loop.time()));
    });
    assertEquals(List.of(List.of(40, 2), 0.2), out);
  }

  @Test
  void javaGather_cancelled_cancelsTheKotlinChild_whoseFinallyRuns() {
    List<String> events = new ArrayList<>();
    JavaFaceBehavioursTest.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      Task<String> kotlin = KotlinSide.waitWithFinally(loop, events);
      Future<List<Object>> g = Asyncio.gather(true, kotlin, Asyncio.sleep(5));
      loop.callLater(0.1, () -> g.cancel("stop"));
      return g.handle((r, e) -> {
        events.add("gather " + e.getClass().getSimpleName());
        return null;
      });
    });
    assertEquals(List.of("kotlin started", "kotlin caught stop", "kotlin finally",
        "gather CancelledError"), events);
  }

  @Test
  void javaWaitFor_ofAKotlinTask_timesOutAfterItsFinally() {
    List<String> events = new ArrayList<>();
    Object out = JavaFaceBehavioursTest.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      Task<String> kotlin = KotlinSide.waitWithFinally(loop, events);
      return Asyncio.waitFor(kotlin, 1.0).handle((v, e) -> {
        events.add("waitFor " + e.getClass().getSimpleName());
        return loop.time();
      });
    });
    assertEquals(1.0, out);
    assertEquals(List.of("kotlin started", "kotlin caught null", "kotlin finally",
        "waitFor TimeoutError"), events);
  }

  @Test
  void javaWait_andAsCompleted_overKotlinTasks() {
    List<Object> out = JavaFaceBehavioursTest.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      List<CompletionStage<Integer>> tasks = List.of(KotlinSide.answerLater(loop, 0.3, 3),
          Asyncio.createTask(() -> Asyncio.sleep(0.1, 1)), KotlinSide.answerLater(loop, 0.2, 2));
      List<Integer> order = new ArrayList<>();
      return Asyncio.asCompleted(tasks).forEachAsync(order::add).thenCompose(v ->
          Asyncio.wait(tasks).thenApply(r -> List.of(order, r.done().size())));
    });
    assertEquals(List.of(List.of(1, 2, 3), 3), out);
  }

  @Test
  void javaShield_ofAKotlinTask_survivesTheOuterCancel() {
    List<String> events = new ArrayList<>();
    JavaFaceBehavioursTest.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      Task<Integer> kotlin = KotlinSide.answerLater(loop, 1.0, 7);
      Future<Integer> outer = Asyncio.shield(kotlin);
      outer.cancel();
      return kotlin.thenApply(v -> {
        events.add("kotlin " + v + " cancelled=" + kotlin.cancelled());
        return v;
      });
    });
    assertEquals(List.of("kotlin 7 cancelled=false"), events);
    assertTrue(true);
  }
}
