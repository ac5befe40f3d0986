package io.jasyncio.interop;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import java.util.concurrent.CompletableFuture;

/** The Java half of DebugInteropSpec: a Java task that fails and that nobody awaits. */
public final class JavaDebugSide {
  private JavaDebugSide() {}

  /** Creates, on the running loop, a Java task whose failure nobody retrieves. */
  public static Task<Integer> spawnDoomedJavaTask() {
    return Asyncio.createTask(() -> CompletableFuture.failedFuture(new IllegalStateException("java doom")));
  }
}
