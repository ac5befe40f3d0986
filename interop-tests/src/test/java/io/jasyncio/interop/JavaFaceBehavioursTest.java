package io.jasyncio.interop;

import io.jasyncio.AsyncCallable;
import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.testing.VirtualClock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@link TaskBehaviours} through the Java face: AsyncCallable, CompletionStage chains. */
class JavaFaceBehavioursTest extends TaskBehaviours {
  @Override
  protected Face face() {
    return new JavaFace();
  }

  static <T> T run(AsyncCallable<T> main) {
    return Asyncio.run(main, () -> Asyncio.newEventLoop(new VirtualClock()));
  }

  static final class JavaFace implements Face {
    @Override
    public <T> T taskResult(T value) {
      return run(() -> Asyncio.createTask(() -> Asyncio.sleep(0, value)));
    }

    @Override
    public Throwable taskFailure(Exception failure) {
      return run(() -> {
        Task<Object> t = Asyncio.createTask(
            () -> Asyncio.sleep(0).thenCompose(v -> CompletableFuture.failedFuture(failure)));
        return t.handle((v, e) -> e);
      });
    }

    @Override
    public Throwable cancelWaitingTask(String msg, List<String> events) {
      return run(() -> {
        Task<Void> t = Asyncio.createTask(() -> {
          Future<Void> wait = Asyncio.getRunningLoop().createFuture();
          wait.whenComplete((v, e) -> events.add("finally"));
          return wait;
        });
        return Asyncio.sleep(0).thenCompose(v -> {
          t.cancel(msg);
          return t.handle((r, e) -> {
            if (t.cancelled()) {
              events.add("cancelled");
            }
            return e;
          });
        });
      });
    }

    @Override
    public boolean bodyRunsWhenCancelledBeforeStart() {
      boolean[] ran = {false};
      run(() -> {
        Task<Void> t = Asyncio.createTask(() -> {
          ran[0] = true;
          return Asyncio.sleep(0);
        });
        t.cancel();
        return t.handle((v, e) -> null);
      });
      return ran[0];
    }

    @Override
    public double timeAfterSleep(double seconds) {
      return run(() -> Asyncio.sleep(seconds).thenApply(v -> Asyncio.getRunningLoop().time()));
    }

    @Override
    public List<Double> wakeOrder(double... seconds) {
      List<Double> woke = new ArrayList<>();
      return run(() -> {
        CompletableFuture<?>[] tasks = Arrays.stream(seconds)
            .mapToObj(s -> Asyncio.createTask(() -> Asyncio.sleep(s).thenRun(() -> woke.add(s))))
            .map(CompletionStage::toCompletableFuture)
            .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(tasks).thenApply(v -> woke);
      });
    }

    @Override
    public List<Object> taskAndCurrentTaskInside() {
      return run(() -> {
        Task<Task<?>> t = Asyncio.createTask(() -> Asyncio.sleep(0, Asyncio.currentTask()));
        return t.thenApply(seen -> List.of(t, seen));
      });
    }

    @Override
    public List<String> startOrder() {
      List<String> events = new ArrayList<>();
      return run(() -> {
        Task<Void> t = Asyncio.createTask(() -> {
          events.add("started");
          return Asyncio.sleep(0);
        });
        events.add("created");
        return t.thenApply(v -> events);
      });
    }

    @Override
    public List<String> sleepZeroOrder() {
      List<String> events = new ArrayList<>();
      return run(() -> {
        EventLoop loop = Asyncio.getRunningLoop();
        loop.callSoon(() -> {
          events.add("cb1");
          loop.callSoon(() -> events.add("cb2"));
        });
        return Asyncio.sleep(0)
            .thenCompose(v -> {
              events.add("after sleep");
              return Asyncio.sleep(0);
            })
            .thenApply(v -> events);
      });
    }

    @Override
    public List<String> taskNames(String name) {
      return run(() -> {
        Task<Void> named = Asyncio.createTask(() -> Asyncio.sleep(0), name);
        Task<Void> anonymous = Asyncio.createTask(() -> Asyncio.sleep(0));
        return named.thenCombine(
            anonymous, (a, b) -> List.of(named.getName(), anonymous.getName()));
      });
    }
  }
}
