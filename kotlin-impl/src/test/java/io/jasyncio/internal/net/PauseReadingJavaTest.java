package io.jasyncio.internal.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.net.Protocol;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.StreamWriter;
import io.jasyncio.net.Transport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * pauseReading on the socket transport: deliveries stop at once, the selector interest is dropped
 * lazily (when data comes while paused), and a pause that ends within the step loses nothing.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PauseReadingJavaTest {
  /** A pattern that shows any lost, duplicated or reordered byte. */
  static byte[] pattern(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + (i >>> 11));
    }
    return b;
  }

  static void send(SocketChannel peer, String s) {
    try {
      peer.write(ByteBuffer.wrap(s.getBytes(UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Keeps its transport; {@link #take} copies a received view out. */
  abstract static class KeepsTransport implements Protocol {
    Transport transport;

    @Override
    public void connectionMade(Transport t) {
      transport = t;
    }

    static byte[] take(ByteBuffer data) {
      byte[] b = new byte[data.remaining()];
      data.get(b);
      return b;
    }
  }

  /** Records each dataReceived; pauses reading in the first one. */
  static final class PauseAtFirst extends KeepsTransport {
    final List<String> chunks = new CopyOnWriteArrayList<>();
    final CompletableFuture<Void> first = new CompletableFuture<>();

    @Override
    public void dataReceived(ByteBuffer data) {
      chunks.add(new String(take(data), UTF_8));
      if (chunks.size() == 1) {
        transport.pauseReading();
        first.complete(null);
      }
    }
  }

  @Test
  void pausedAfterData_deliversNothingUntilResumed_andTheLoopDoesNotSpin() throws Exception {
    try (ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.bind(new InetSocketAddress("127.0.0.1", 0));
      SocketChannel peer = SocketChannel.open(listener.getLocalAddress());
      SocketChannel accepted = listener.accept();
      PauseAtFirst p = new PauseAtFirst();
      long[] spins = {-1};
      List<String> got = Asyncio.run(() -> {
        EventLoop loop = Asyncio.getRunningLoop();
        return loop.connectAcceptedSocket(() -> p, accepted).thenCompose(tp -> {
          send(peer, "a");
          return p.first;
        }).thenCompose(v -> {
          assertFalse(p.transport.isReading());
          send(peer, "b"); // readable while paused: the transport must stop asking, not spin
          long before = loop.statistics().iterations();
          return Asyncio.sleep(0.05).thenApply(x -> spins[0] = loop.statistics().iterations() - before);
        }).thenCompose(n -> {
          assertEquals(List.of("a"), p.chunks);
          p.transport.resumeReading();
          return ProtocolsJavaTest.waitFor(() -> p.chunks.size() == 2);
        }).thenCompose(v -> {
          p.transport.close();
          List<String> chunks = List.copyOf(p.chunks);
          return NetTestSupport.noRegistrationsLeft().thenApply(x -> chunks);
        });
      });
      assertEquals(List.of("a", "b"), got);
      // a paused transport whose OP_READ stayed registered would make every select return at once
      assertTrue(spins[0] >= 0 && spins[0] < 20, "loop iterations in 50 ms while paused: " + spins[0]);
      peer.close();
    }
  }

  /** Pauses in every dataReceived and resumes in the next step; collects everything until EOF. */
  static final class PauseEveryTime extends KeepsTransport {
    final ByteArrayOutputStream got = new ByteArrayOutputStream();
    final CompletableFuture<byte[]> done = new CompletableFuture<>();
    int pauses;

    @Override
    public void dataReceived(ByteBuffer data) {
      got.writeBytes(take(data));
      transport.pauseReading();
      pauses++;
      transport.getLoop().callSoon(transport::resumeReading);
    }

    @Override
    public boolean eofReceived() {
      done.complete(got.toByteArray());
      return false;
    }
  }

  @Test
  void pauseAndResumeWithinAStep_loseNothing() {
    byte[] all = pattern(4 << 20);
    PauseEveryTime p = new PauseEveryTime();
    byte[] got = Asyncio.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      return loop.createServer(() -> p, "127.0.0.1", 0).thenCompose(s ->
          Asyncio.openConnection("127.0.0.1", ProtocolsJavaTest.port(s)).thenCompose(c -> {
            c.writer().write(all);
            c.writer().writeEof();
            return p.done.thenCompose(b -> {
              c.writer().close();
              s.close();
              return s.waitClosedAsync().thenCompose(v -> NetTestSupport.noRegistrationsLeft()).thenApply(v -> b);
            });
          }));
    });
    assertArrayEquals(all, got);
    assertTrue(p.pauses > 1, "pauses: " + p.pauses);
  }

  static CompletionStage<Void> readAll(StreamReader r, ByteArrayOutputStream out, int n) {
    return r.readAsync(n).thenCompose(d -> {
      if (d.length == 0) {
        return CompletableFuture.completedFuture(null);
      }
      out.writeBytes(d);
      return readAll(r, out, n);
    });
  }

  static CompletionStage<Void> writeAll(StreamWriter w, byte[] all, int off) {
    if (off == all.length) {
      w.close();
      return CompletableFuture.completedFuture(null);
    }
    int n = Math.min(64 * 1024, all.length - off);
    w.write(java.util.Arrays.copyOfRange(all, off, off + n));
    return w.drainAsync().thenCompose(v -> writeAll(w, all, off + n));
  }

  @Test
  void streamReaderWithASmallLimit_pausesAndResumesOften_andGetsEveryByteInOrder() {
    byte[] all = pattern(4 << 20);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Asyncio.run(() -> Asyncio.startServer((r, w) -> writeAll(w, all, 0), "127.0.0.1", 0).thenCompose(s ->
        Asyncio.openConnection("127.0.0.1", ProtocolsJavaTest.port(s), 1024).thenCompose(c ->
            // 4 KiB reads from a reader that pauses above 2 KiB: a pause/resume per transport read
            readAll(c.reader(), out, 4096).thenCompose(v -> {
              assertTrue(c.reader().atEof());
              c.writer().close();
              s.close();
              return s.waitClosedAsync().thenCompose(x -> NetTestSupport.noRegistrationsLeft());
            }))));
    assertArrayEquals(all, out.toByteArray());
  }
}
