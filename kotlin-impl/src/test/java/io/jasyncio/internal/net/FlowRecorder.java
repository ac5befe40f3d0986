package io.jasyncio.internal.net;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The callbacks every protocol kind has (stream {@code Protocol}, {@code DatagramProtocol}),
 * recorded in order: "pause", "resume", "lost &lt;exc&gt;"; {@link #lost} completes at connectionLost.
 * Subclasses implement the protocol interface and add their own events.
 */
abstract class FlowRecorder {
  final List<String> events = new CopyOnWriteArrayList<>();
  final CompletableFuture<Void> lost = new CompletableFuture<>();

  public void pauseWriting() {
    events.add("pause");
  }

  public void resumeWriting() {
    events.add("resume");
  }

  public void connectionLost(Throwable exc) {
    events.add("lost " + exc);
    lost.complete(null);
  }
}
