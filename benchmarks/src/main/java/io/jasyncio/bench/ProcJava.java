package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.process.Stdio;
import io.jasyncio.process.Subprocess;
import io.jasyncio.process.SubprocessOptions;
import io.jasyncio.process.Subprocesses;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** W13 and W14 through the Java face (stage chains), as the CPython script does them. */
final class ProcJava {
  private ProcJava() {}

  static void add(Map<String, Bench> m) {
    m.put(Registry.PROC_SPAWN, ProcJava::spawn);
    m.put(Registry.PROC_PIPE, ProcJava::pipe);
  }

  /** W13: start 200 {@code true} processes and wait for all of them with gather. */
  static Result spawn() {
    int n = Registry.PROC_SPAWN_N;
    return Asyncio.run(() -> {
      long t0 = System.nanoTime();
      List<CompletionStage<Integer>> all = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        all.add(Subprocesses.createSubprocessExec("true").thenCompose(Subprocess::waitAsync));
      }
      return Asyncio.gather(all).thenApply(rcs -> {
        double dt = Result.secondsSince(t0);
        for (Object rc : rcs) if (!Integer.valueOf(0).equals(rc)) throw new AssertionError("rc " + rc);
        return Result.of("procs=" + n, n, dt);
      });
    });
  }

  /** W14: 256 MiB through {@code cat} in 64 KiB writes with drain, read back as it comes; MB/s. */
  static Result pipe() {
    long total = Registry.PROC_PIPE_BYTES;
    int chunkSize = Registry.BULK_CHUNK;
    return Asyncio.run(() -> Subprocesses.createSubprocessExec(SubprocessOptions.defaults().stdin(Stdio.PIPE).stdout(Stdio.PIPE), "cat")
        .thenCompose(p -> {
          long t0 = System.nanoTime();
          byte[] chunk = new byte[chunkSize];
          CompletableFuture<Long> read = count(p, 0L);
          CompletableFuture<Void> written = write(p, chunk, total / chunkSize).thenRun(() -> p.stdin().close());
          return written.thenCompose(v -> read).thenCompose(n -> p.waitAsync().thenApply(rc -> {
            double dt = Result.secondsSince(t0);
            Result.checkCount(n, total);
            return new Result("bytes=" + total + ",chunk=" + chunkSize, total, dt,
                Map.of("mb_per_s", String.format(Locale.ROOT, "%.0f", total / 1048576.0 / dt)));
          }));
        }));
  }

  private static CompletableFuture<Void> write(Subprocess p, byte[] chunk, long left) {
    while (left > 0) {
      p.stdin().write(chunk);
      left--;
      CompletableFuture<Void> d = p.stdin().drainAsync();
      if (!d.isDone()) {
        long rest = left;
        return d.thenCompose(v -> write(p, chunk, rest));
      }
    }
    return CompletableFuture.completedFuture(null);
  }

  private static CompletableFuture<Long> count(Subprocess p, long n) {
    return p.stdout().readAsync(1 << 16).thenCompose(d -> d.length == 0
        ? CompletableFuture.completedFuture(n) : count(p, n + d.length));
  }
}
