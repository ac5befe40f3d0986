package io.jasyncio.interop;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.jasyncio.process.Subprocess;
import io.jasyncio.process.SubprocessOptions;
import io.jasyncio.process.Subprocesses;
import io.jasyncio.Future;
import java.util.concurrent.CompletableFuture;

/** The Java half of ProcessInteropSpec: starts a child and reads its lines with the Java face. */
public final class JavaProcessSide {
  private JavaProcessSide() {}

  /** Starts {@code cat} with every stream piped (Java face, on the running loop). */
  public static Future<Subprocess> startCat() {
    return Subprocesses.createSubprocessExec(SubprocessOptions.pipes(), "cat");
  }

  /** Reads one line of the child's stdout with the Java face. */
  public static CompletableFuture<String> readLine(Subprocess p) {
    return p.stdout().readlineAsync().thenApply(b -> new String(b, UTF_8));
  }

  /** Writes a line to the child's stdin and drains, with the Java face. */
  public static CompletableFuture<Void> writeLine(Subprocess p, String line) {
    p.stdin().write((line + "\n").getBytes(UTF_8));
    return p.stdin().drainAsync();
  }
}
