package io.jasyncio.interop;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.direct;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Queue;
import io.jasyncio.Task;
import java.util.List;

/** The Java side of the direct-style interop specs: direct tasks, written as a Java user would. */
public final class JavaDirectSide {
  private JavaDirectSide() {}

  /**
   * Plays {@code rounds} of ping-pong: takes {@code n} from {@code in}, logs it, puts {@code n + 1}
   * on {@code out}.
   */
  public static Task<Integer> pong(Queue<Integer> in, Queue<Integer> out, int rounds, List<String> log) {
    return Asyncio.createTask(direct(() -> {
      int last = -1;
      for (int i = 0; i < rounds; i++) {
        int n = await(in.getAsync());
        log.add("java got " + n + (Asyncio.currentTask() != null ? "" : " outside a task"));
        last = n + 1;
        await(out.putAsync(last));
      }
      return last;
    }), "java-pong");
  }

  /** Awaits a task (a Kotlin one, say) and returns its value times ten; -1 if it was cancelled. */
  public static Task<Integer> timesTen(Task<Integer> other) {
    return Asyncio.createTask(direct(() -> {
      try {
        return await(other) * 10;
      } catch (CancelledError e) {
        return -1;
      }
    }));
  }

  /** Sleeps {@code seconds}, then returns {@code value}; cancelled, it finishes after one more await. */
  public static Task<String> sleepy(double seconds, String value, List<String> log) {
    return Asyncio.createTask(direct(() -> {
      try {
        await(Asyncio.sleep(seconds));
        return value;
      } finally {
        await(Asyncio.sleep(0));
        log.add("java finally ran");
      }
    }));
  }

  /** After one suspending await, calls {@code call} inside the body and returns what it returns. */
  public static Task<String> callInBody(java.util.function.Supplier<String> call) {
    return Asyncio.createTask(direct(() -> {
      await(Asyncio.sleep(0));
      return call.get();
    }));
  }
}
