package io.jasyncio.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.channels.NetworkChannel;
import java.util.concurrent.CompletableFuture;

/** Small helpers of the networking tests. */
final class NetTestSupport {
  private NetTestSupport() {}

  static SocketAddress localAddress(NetworkChannel ch) {
    try {
      return ch.getLocalAddress();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Fails if the loop's selector still holds a registration (a transport, server or sock call left behind). */
  static void assertNoRegistrations(EventLoop loop) {
    assertEquals(0, NetProbe.registrations(loop), "selector registrations left on " + loop);
  }

  /**
   * One loop iteration (the connectionLost a close() scheduled runs in it, and unregisters), then
   * {@link #assertNoRegistrations}. Direct style: call inside {@code Asyncio.direct}.
   */
  static void settledWithoutRegistrations(EventLoop loop) throws Exception {
    Asyncio.await(Asyncio.sleep(0));
    assertNoRegistrations(loop);
  }

  /** As {@link #settledWithoutRegistrations}, for a chain of futures on the loop thread. */
  static CompletableFuture<Void> noRegistrationsLeft() {
    EventLoop loop = Asyncio.getRunningLoop();
    return Asyncio.sleep(0).toCompletableFuture().thenRun(() -> assertNoRegistrations(loop));
  }
}
