package io.jasyncio.interop;

import io.jasyncio.Asyncio;
import io.jasyncio.Condition;
import io.jasyncio.Event;
import io.jasyncio.Future;
import io.jasyncio.Task;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Java-face code that the Kotlin specs call: each method makes a Java task on the running loop. */
final class JavaSide {
  private JavaSide() {}

  /** Awaits a (Kotlin) task in a Java callable with thenApply. */
  static Task<Integer> plusOne(Task<Integer> t) {
    return Asyncio.createTask(() -> t.thenApply(v -> v + 1), "java-plus-one");
  }

  /** Awaits a (Kotlin) task in a Java callable with thenCompose, then sleeps. */
  static Task<String> thenSleep(Task<Integer> t, double seconds) {
    return Asyncio.createTask(() -> t.thenCompose(v -> Asyncio.sleep(seconds, "slept after " + v)));
  }

  /** What a Java callable sees of a (Kotlin) task's failure: "Type: message". */
  static Task<String> describeFailure(Task<?> t) {
    return Asyncio.createTask(
        () -> t.handle((v, e) -> e.getClass().getName() + ": " + e.getMessage()));
  }

  /** A Java task waiting on {@code ev}: it ends with what {@code waitAsync} completed with. */
  static Task<Boolean> eventWaiter(Event ev) {
    return Asyncio.createTask(ev::waitAsync);
  }

  /** A Java task that waits under the lock until {@code items} has a head: it ends with it. */
  static Task<String> conditionTaker(Condition cond, Deque<String> items) {
    return Asyncio.createTask(() -> cond.withLockAsync(() -> cond.waitForAsync(items::peekFirst)));
  }

  /** A Java task that waits once on {@code cond}: it ends with what {@code waitAsync} gave. */
  static Task<Boolean> conditionWaiter(Condition cond) {
    return Asyncio.createTask(() -> cond.withLockAsync(cond::waitAsync));
  }

  static Task<String> sleepThenReturn(double seconds, String value) {
    return Asyncio.createTask(() -> Asyncio.sleep(seconds, value));
  }

  /** A Java task whose callable throws {@code failure} at once. */
  static Task<Integer> throwing(Exception failure) {
    return Asyncio.createTask(() -> {
      throw failure;
    });
  }

  /** A Java task failing inside a thenApply stage (CompletableFuture wraps it). */
  static Task<Integer> failingInThenApply(RuntimeException failure) {
    return Asyncio.createTask(() -> Asyncio.sleep(0, 1).thenApply(v -> {
      throw failure;
    }));
  }

  /** A Java task following a stage that fails on another thread. */
  static Task<Integer> failingOnAnotherThread(RuntimeException failure) {
    return Asyncio.createTask(() -> CompletableFuture.supplyAsync(() -> {
      throw failure;
    }));
  }

  /** Waits an hour; records in {@code events} how the wait ended (the Java "finally"). */
  static Task<String> sleepWithFinally(List<String> events) {
    return Asyncio.createTask(() -> {
      Future<String> wait = Asyncio.sleep(3600, "woke");
      wait.whenComplete((v, e) -> events.add("java finally "
          + (e == null ? v : e.getClass().getSimpleName() + ": " + e.getMessage())));
      return wait;
    }, "java-sleeper");
  }

  static boolean cancel(Task<?> t, String msg) {
    return t.cancel(msg);
  }

  static Task<?> currentTask() {
    return Asyncio.currentTask();
  }

  /** A nested Java {@code Asyncio.run}, as Kotlin code running on a loop might attempt. */
  static int nestedRun() {
    return Asyncio.run(() -> Asyncio.sleep(0, 1));
  }
}
