package io.jasyncio.interop;

import io.jasyncio.AsyncCallable;
import io.jasyncio.Asyncio;
import io.jasyncio.CallGraph;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.TaskGroupException;
import io.jasyncio.Timeout;
import io.jasyncio.testing.VirtualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@link ScopeBehaviours} through the Java face: Asyncio.timeout, Asyncio.taskGroup, stages. */
class JavaScopeBehavioursTest extends ScopeBehaviours {
  @Override
  protected Face face() {
    return new JavaFace();
  }

  static <T> T run(AsyncCallable<T> main) {
    return Asyncio.run(main, () -> Asyncio.newEventLoop(new VirtualClock()));
  }

  static String outcome(Object v, Throwable e) {
    return e == null ? "result" : e.getClass().getSimpleName();
  }

  static CompletionStage<String> outcomeOf(CompletionStage<?> s) {
    return s.handle(JavaScopeBehavioursTest::outcome);
  }

  static final class JavaFace implements Face {
    @Override
    public List<Object> timeout(double delay, double bodySleep) {
      return run(() -> {
        Timeout t = Asyncio.timeout(delay);
        return t.enter(() -> Asyncio.sleep(bodySleep)).handle((v, e) -> List.of(outcome(v, e),
            e == null ? "-" : e.getCause().getClass().getSimpleName(), t.expired(),
            Asyncio.getRunningLoop().time()));
      });
    }

    @Override
    public List<Object> nestedTimeouts(double outer, double inner) {
      return run(() -> {
        String[] in = new String[1];
        Timeout t = Asyncio.timeout(outer);
        return outcomeOf(t.enter(() -> {
          Future<Void> f = Asyncio.timeout(inner, () -> Asyncio.sleep(10));
          f.whenComplete((v, e) -> in[0] = outcome(v, e));
          return f;
        })).thenApply(o -> List.of(o, in[0], t.expired()));
      });
    }

    @Override
    public List<Object> foreignCancelInTimeout() {
      return run(() -> {
        Timeout t = Asyncio.timeout(10);
        Task<Void> task = Asyncio.createTask(() -> t.enter(() -> Asyncio.sleep(100)));
        Asyncio.getRunningLoop().callLater(1, task::cancel);
        return outcomeOf(task).thenApply(o -> List.of(o, t.expired()));
      });
    }

    @Override
    public List<Object> rescheduledTimeout() {
      return run(() -> {
        EventLoop loop = Asyncio.getRunningLoop();
        Timeout t = Asyncio.timeout(1);
        loop.callLater(0.5, () -> t.reschedule(5.0));
        return t.enter(() -> Asyncio.sleep(2, "ok")).thenApply(v -> List.of(v, loop.time()));
      });
    }

    @Override
    public List<Object> groupResults() {
      return run(() -> {
        List<Task<Integer>> ts = new ArrayList<>();
        return Asyncio.taskGroup(g -> {
          ts.add(g.createTask(() -> Asyncio.sleep(0.1, 42)));
          ts.add(g.createTask(() -> Asyncio.sleep(0.2, 11)));
          return CompletableFuture.completedFuture(null);
        }).thenApply(v -> List.of(ts.get(0).result(), ts.get(1).result(), Asyncio.getRunningLoop().time()));
      });
    }

    @Override
    public List<Object> groupChildFailure() {
      return run(() -> {
        List<Task<Void>> sib = new ArrayList<>();
        boolean[] bodyCancelled = new boolean[1];
        return Asyncio.taskGroup(g -> {
          g.createTask(() -> Asyncio.sleep(0.1).thenCompose(v -> CompletableFuture.failedFuture(
              new IllegalStateException("boom"))));
          sib.add(g.createTask(() -> Asyncio.sleep(1)));
          Future<Void> body = Asyncio.sleep(10);
          body.whenComplete((v, e) -> bodyCancelled[0] = e instanceof CancelledError);
          return body;
        }).handle((v, e) -> {
          List<String> leaves = new ArrayList<>();
          for (Throwable x : ((TaskGroupException) e).exceptions()) {
            leaves.add(x.getClass().getSimpleName());
          }
          return List.of(leaves, sib.get(0).cancelled(), bodyCancelled[0], Asyncio.getRunningLoop().time());
        });
      });
    }

    @Override
    public List<Object> groupCancelledFromOutside() {
      return run(() -> {
        List<Task<Void>> kids = new ArrayList<>();
        Task<Void> r = Asyncio.createTask(() -> Asyncio.taskGroup(g -> {
          for (int i = 0; i < 3; i++) {
            kids.add(g.createTask(() -> Asyncio.sleep(5)));
          }
          return CompletableFuture.completedFuture(null);
        }));
        Asyncio.getRunningLoop().callLater(0.1, r::cancel);
        return outcomeOf(r).thenApply(o -> List.of(o, (int) kids.stream().filter(Task::cancelled).count()));
      });
    }

    @Override
    public List<Object> groupCancelMethod() {
      return run(() -> outcomeOf(Asyncio.taskGroup(g -> {
        g.createTask(() -> Asyncio.sleep(5));
        g.createTask(() -> Asyncio.sleep(5));
        Asyncio.getRunningLoop().callLater(1, g::cancel);
        return Asyncio.sleep(10);
      })).thenApply(o -> List.of(o.equals("result") ? "normal" : o, Asyncio.getRunningLoop().time())));
    }

    @Override
    public String groupShuttingDown() {
      return run(() -> {
        String[] msg = new String[1];
        return Asyncio.taskGroup(g -> {
          g.createTask(() -> Asyncio.sleep(0.001).thenCompose(v -> CompletableFuture.failedFuture(
              new IllegalStateException())));
          g.createTask(() -> {
            Future<Void> s = Asyncio.sleep(1);
            s.whenComplete((v, e) -> {
              try {
                g.createTask(() -> Asyncio.sleep(0));
              } catch (IllegalStateException x) {
                msg[0] = x.getMessage().substring(x.getMessage().lastIndexOf(']') + 2);
              }
            });
            return s;
          });
          return CompletableFuture.completedFuture(null);
        }).handle((v, e) -> msg[0]);
      });
    }

    @Override
    public List<Object> eagerCompletion() {
      return run(() -> {
        List<String> events = new ArrayList<>();
        Task<String> t = Asyncio.createTask(() -> {
          events.add("step");
          return CompletableFuture.completedFuture("x");
        }, null, true);
        events.add("created");
        return CompletableFuture.completedFuture(List.of(t.done(), events));
      });
    }

    @Override
    public List<Object> callGraph() {
      return run(() -> {
        Future<Void> gate = Asyncio.getRunningLoop().createFuture();
        Task<Void> leaf = Asyncio.createTask(() -> gate, "leaf");
        Asyncio.createTask(() -> leaf, "mid");
        return Asyncio.sleep(0).thenApply(v -> {
          CallGraph g = Asyncio.captureCallGraph(leaf);
          List<String> names = new ArrayList<>();
          for (CallGraph b : g.awaitedBy()) {
            names.add(((Task<?>) b.future()).getName());
          }
          gate.setResult(null);
          return List.of(g.awaiting() == gate, names);
        });
      });
    }
  }
}
