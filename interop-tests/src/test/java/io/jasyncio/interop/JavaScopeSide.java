package io.jasyncio.interop;

import io.jasyncio.Asyncio;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.TaskGroup;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Java-face code for the Kotlin scope specs: Java children in a (Kotlin-made) TaskGroup. */
final class JavaScopeSide {
  private JavaScopeSide() {}

  /** A Java child that fails with {@code e} after {@code seconds}. */
  static Task<Void> failingChild(TaskGroup g, double seconds, RuntimeException e) {
    return g.createTask(() -> Asyncio.sleep(seconds).thenCompose(v -> CompletableFuture.failedFuture(e)), "java-fail");
  }

  /** A Java child sleeping {@code seconds}, recording "java cancelled"/"java done" in {@code events}. */
  static Task<String> sleepingChild(TaskGroup g, double seconds, List<String> events) {
    return g.createTask(() -> {
      Future<String> s = Asyncio.sleep(seconds, "java result");
      s.whenComplete((v, e) -> events.add(e == null ? "java done" : "java cancelled"));
      return s;
    }, "java-sleep");
  }

  /** asyncio's {@code timeout(None)}, made by Java: no deadline until someone reschedules it. */
  static io.jasyncio.Timeout noDeadline() {
    return Asyncio.timeout(null);
  }

  /** Java code moving a scope's deadline (Java- or Kotlin-made) to {@code seconds} from now. */
  static void rescheduleIn(io.jasyncio.Timeout t, double seconds) {
    t.reschedule(Asyncio.getRunningLoop().time() + seconds);
  }

  /** Java's timeout scope around awaiting {@code task}. */
  static <T> Future<T> timeoutAround(double seconds, Task<T> task) {
    return Asyncio.timeout(seconds, () -> task);
  }
}
