package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.jasyncio.AsyncCallable;
import io.jasyncio.Asyncio;
import io.jasyncio.Future;
import io.jasyncio.Task;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Java conveniences a porter reached for (issue 14). */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PortingConveniencesTest {
  private static AsyncCallable<String> fetch(String url, double seconds) {
    return () -> Asyncio.sleep(seconds, url.toUpperCase());
  }

  @Test
  void gather_overAListOfCallables_inListOrder() {
    List<Object> out = Loops.runVirtual(() -> {
      List<AsyncCallable<String>> coros = List.of(fetch("a", 0.3), fetch("b", 0.1), fetch("c", 0.2));
      Future<List<String>> all = Asyncio.gatherCallables(coros);
      return all.thenCompose(r -> Asyncio.gatherCallables(List.<AsyncCallable<String>>of())
          .thenApply(empty -> List.of(r, empty, Asyncio.getRunningLoop().time())));
    });
    assertEquals(List.of(List.of("A", "B", "C"), List.of(), 0.3), out);
  }

  @Test
  void gather_overAListOfCallables_returnExceptions() {
    List<Object> out = Loops.runVirtual(() -> {
      IOException boom = new IOException("boom");
      List<AsyncCallable<?>> coros = List.of(fetch("a", 0.1), () -> {
        throw boom;
      });
      return Asyncio.gatherCallables(coros, true).thenApply(r -> List.of(r.get(0), r.get(1) == boom));
    });
    assertEquals(List.of("A", true), out);
  }

  @Test
  void ensureFuture_ofACallable_isATask_andCompletedIsABodyThatDoesNotWait() {
    List<Object> out = Loops.runVirtual(() -> {
      Task<Integer> t = Asyncio.ensureFuture(() -> Asyncio.completed(42));
      Task<Void> v = Asyncio.createTask(Asyncio::completed);
      return Asyncio.sleep(0).thenApply(x -> List.of(t.done(), t.result(), v.done()));
    });
    assertEquals(List.of(true, 42, true), out);
  }

  @Test
  void unwrap_removesTheJdksWrappers() {
    IOException io = new IOException("io");
    assertSame(io, Asyncio.unwrap(new CompletionException(new ExecutionException(io))));
    assertSame(io, Asyncio.unwrap(io));
    CompletionException bare = new CompletionException("no cause", null);
    assertSame(bare, Asyncio.unwrap(bare));
    assertNull(Asyncio.unwrap(null));
  }

  @Test
  void stages_whatHandleSees_jasyncioPassesTheOriginal_aPlainCompletableFutureWraps() {
    IOException io = new IOException("io");
    List<Object> out = Loops.runVirtual(() -> {
      Future<String> failed = Asyncio.getRunningLoop().createFuture();
      failed.setException(io);
      CompletableFuture<String> plain = CompletableFuture.failedFuture(io);
      return failed.thenApply(s -> s + "!").handle((v, e) -> e).thenCombine(
          plain.thenApply(s -> s + "!").handle((v, e) -> e),
          (fromJasyncio, fromPlain) -> List.of(fromJasyncio.getClass().getSimpleName(),
              fromPlain.getClass().getSimpleName(), Asyncio.unwrap(fromPlain) == io));
    });
    assertEquals(List.of("IOException", "CompletionException", true), out);
  }
}
