package io.jasyncio.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.AsyncCallable;
import io.jasyncio.Asyncio;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.TaskGroupException;
import io.jasyncio.testing.VirtualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Java and Kotlin children in one TaskGroup, and timeouts across the faces, driven from Java. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MixedScopesTest {
  static <T> T run(AsyncCallable<T> main) {
    return Asyncio.run(main, () -> Asyncio.newEventLoop(new VirtualClock()));
  }

  @Test
  void aJavaGroupWithKotlinAndJavaChildren_returnsWhenAllAreDone() {
    List<Object> r = run(() -> {
      List<String> events = new ArrayList<>();
      List<Task<String>> ts = new ArrayList<>();
      return Asyncio.taskGroup(g -> {
        ts.add(KotlinScopeSide.sleepingChild(g, 0.2, events));
        ts.add(g.createTask(() -> Asyncio.sleep(0.1, "java")));
        return CompletableFuture.completedFuture(null);
      }).thenApply(v -> List.of(ts.get(0).result(), ts.get(1).result(), events,
          Asyncio.getRunningLoop().time()));
    });
    assertEquals(List.of("kotlin result", "java", List.of("kotlin finally"), 0.2), r);
  }

  @Test
  void aKotlinChildFailing_cancelsTheJavaChildren_andTheGroupHoldsTheKotlinFailure() {
    List<Object> r = run(() -> {
      List<String> events = new ArrayList<>();
      return Asyncio.taskGroup(g -> {
        KotlinScopeSide.failingChild(g, 0.1, new IllegalArgumentException("kotlin boom"));
        KotlinScopeSide.sleepingChild(g, 5, events);
        Future<Void> s = Asyncio.sleep(5);
        g.createTask(() -> s);
        return CompletableFuture.completedFuture(null);
      }).handle((v, e) -> {
        List<String> msgs = new ArrayList<>();
        for (Throwable x : ((TaskGroupException) e).exceptions()) {
          msgs.add(x.getMessage());
        }
        return List.of(msgs, events);
      });
    });
    assertEquals(List.of(List.of("kotlin boom"), List.of("kotlin finally")), r);
  }

  @Test
  void cancel_stopsKotlinAndJavaChildren() {
    List<Object> r = run(() -> {
      List<String> events = new ArrayList<>();
      List<Task<?>> ts = new ArrayList<>();
      return Asyncio.taskGroup(g -> {
        ts.add(KotlinScopeSide.sleepingChild(g, 5, events));
        ts.add(g.createTask(() -> Asyncio.sleep(5)));
        Asyncio.getRunningLoop().callLater(1, g::cancel);
        return CompletableFuture.completedFuture(null);
      }).thenApply(v -> List.of(ts.get(0).cancelled(), ts.get(1).cancelled(), events,
          Asyncio.getRunningLoop().time()));
    });
    assertEquals(List.of(true, true, List.of("kotlin finally"), 1.0), r);
  }

  @Test
  void kotlinTimeoutAroundAJavaFuture_andJavaTimeoutAroundAKotlinTask() {
    List<String> r = run(() -> {
      List<Task<String>> ts = new ArrayList<>();
      return Asyncio.taskGroup(g -> {
        Task<Void> javaSleep = g.createTask(() -> Asyncio.sleep(10));
        ts.add(KotlinScopeSide.timeoutAround(g, 0.1, javaSleep));
        return CompletableFuture.completedFuture(null);
      }).thenApply(v -> List.of(ts.get(0).result()));
    });
    // the Java child is cancelled by the Kotlin timeout that awaited it: a cancel, not a failure
    assertEquals(List.of("TimeoutError"), r);
    String javaScope = run(() -> {
      List<String> events = new ArrayList<>();
      Task<String>[] k = new Task[1];
      return Asyncio.taskGroup(g -> {
        k[0] = KotlinScopeSide.sleepingChild(g, 10, events);
        return Asyncio.timeout(0.1, () -> k[0]).handle((v, e) -> e.getClass().getSimpleName());
      }).thenApply(v -> k[0].cancelled() + " " + events);
    });
    assertEquals("true [kotlin finally]", javaScope);
  }
}
