package io.jasyncio.examples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.direct;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import java.util.function.Supplier;

/** The README's quick start, in Java (its Kotlin twin is {@code QuickStartKt}). */
public final class QuickStart {
  private QuickStart() {}

  public static void main(String[] args) {
    System.out.println("answer = " + answer(Asyncio::newEventLoop));
    System.out.println("answer (direct style) = " + answerDirect(Asyncio::newEventLoop));
  }

  /**
   * @param loops the loop factory (tests pass a virtual-clock loop)
   * @return 42, after 0.3 s
   */
  public static int answer(Supplier<EventLoop> loops) {
    return Asyncio.run(() -> {
      Task<Integer> a = Asyncio.createTask(
          () -> Asyncio.sleep(0.3, 40));
      Task<Integer> b = Asyncio.createTask(
          () -> Asyncio.sleep(0.2, 2));
      // 0.3 s in all: the tasks run concurrently
      return a.thenCombine(b, Integer::sum);
    }, loops);
  }

  /**
   * The same program in direct style: the bodies await, and read as the Kotlin version does.
   *
   * @param loops the loop factory
   * @return 42, after 0.3 s
   */
  public static int answerDirect(Supplier<EventLoop> loops) {
    return Asyncio.run(direct(() -> {
      Task<Integer> a = Asyncio.createTask(direct(() -> {
        await(Asyncio.sleep(0.3));
        return 40;
      }));
      Task<Integer> b = Asyncio.createTask(direct(() -> {
        await(Asyncio.sleep(0.2));
        return 2;
      }));
      // 0.3 s in all: the tasks run concurrently
      return await(a) + await(b);
    }), loops);
  }
}
