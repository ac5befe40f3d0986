package io.jasyncio.internal.net;

import static io.jasyncio.Asyncio.await;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.net.BaseProtocol;
import io.jasyncio.net.Protocol;
import io.jasyncio.net.Server;
import io.jasyncio.net.Transport;
import io.jasyncio.net.WriteBufferLimits;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** CPython test_sendfile (loop.sendfile over transports) restated for the Java face. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SendfileJavaTest {
  @TempDir Path dir;

  /** The receiving end: collects every byte until EOF. */
  static final class Sink implements Protocol {
    final ByteArrayOutputStream got = new ByteArrayOutputStream();
    final CompletableFuture<byte[]> done = new CompletableFuture<>();
    Transport transport;
    boolean startPaused;

    @Override
    public void connectionMade(Transport t) {
      transport = t;
      if (startPaused) t.pauseReading();
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      byte[] b = new byte[data.remaining()];
      data.get(b);
      got.writeBytes(b);
    }

    @Override
    public boolean eofReceived() {
      done.complete(got.toByteArray());
      return false;
    }
  }

  static final class Quiet implements Protocol {
    @Override
    public void dataReceived(ByteBuffer data) {}
  }

  byte[] content(int n) {
    byte[] c = new byte[n];
    for (int i = 0; i < n; i++) c[i] = (byte) (i * 7 + 3);
    return c;
  }

  Path file(byte[] content) throws Exception {
    return Files.write(dir.resolve("f" + content.length + ".bin"), content);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] p : parts) o.writeBytes(p);
    return o.toByteArray();
  }

  /** Opens a server with [sink] and a client transport to it. */
  static Transport connect(EventLoop loop, Sink sink, Server[] server) throws Exception {
    server[0] = await(loop.createServer(() -> sink, "127.0.0.1", 0));
    int port = ((InetSocketAddress) NetTestSupport.localAddress(server[0].sockets().get(0))).getPort();
    return await(loop.createConnection(Quiet::new, "127.0.0.1", port)).transport();
  }

  /** Closes [server], waits for its clients; then nothing may stay registered (the client transport was closed before). */
  static void closeAndCheck(EventLoop loop, Server server) throws Exception {
    server.close();
    await(server.waitClosedAsync());
    NetTestSupport.settledWithoutRegistrations(loop);
  }

  @Test
  void native_afterBufferedWrites_refusesWritesDuring_resumesReadingAfter() throws Exception {
    byte[] content = content(1_000_000);
    byte[] head = content(16 << 20);
    Path f = file(content);
    byte[] got = Asyncio.run(Asyncio.direct(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      Sink sink = new Sink();
      sink.startPaused = true;
      Server[] server = new Server[1];
      Transport t = connect(loop, sink, server);
      try (FileChannel file = FileChannel.open(f, StandardOpenOption.READ)) {
        t.write(head); // the peer does not read yet: most of it stays in the write buffer
        assertTrue(t.getWriteBufferSize() > 0);
        Task<Long> send = Asyncio.createTask(() -> loop.sendfile(t, file, 0, null));
        while (t.isReading()) await(Asyncio.sleep(0)); // the task, then the loop.sendfile task it awaits, start
        // sendfile waits for the buffer to drain; writes are refused
        IllegalStateException busy = assertThrows(IllegalStateException.class, () -> t.write(new byte[] {1}));
        assertEquals("unable to write; sendfile is in progress", busy.getMessage());
        assertTrue(!t.isReading());
        sink.transport.resumeReading();
        assertEquals(content.length, (long) await(send));
        assertEquals(content.length, file.position());
        assertTrue(t.isReading());
        t.write("TAIL".getBytes(UTF_8));
        t.writeEof();
        byte[] all = await(Asyncio.waitFor(sink.done, 10.0));
        t.close();
        closeAndCheck(loop, server[0]);
        return all;
      }
    }));
    assertArrayEquals(concat(head, content, "TAIL".getBytes(UTF_8)), got);
  }

  @Test
  void native_cancelledMidway_theFilePositionIsWhatWasSent_andTheTransportIsRestored() throws Exception {
    byte[] content = content(24 << 20); // more than the loopback socket buffers hold
    Path f = file(content);
    long[] sent = new long[1];
    byte[] got = Asyncio.run(Asyncio.direct(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      Sink sink = new Sink();
      sink.startPaused = true; // the peer does not read: sendfile has to wait
      Server[] server = new Server[1];
      Transport t = connect(loop, sink, server);
      try (FileChannel file = FileChannel.open(f, StandardOpenOption.READ)) {
        Task<Long> send = Asyncio.createTask(() -> loop.sendfile(t, file, 0, null));
        await(Asyncio.sleep(0.05));
        send.cancel();
        assertThrows(CancellationException.class, () -> await(send));
        sent[0] = file.position();
        assertTrue(sent[0] > 0 && sent[0] < content.length, "partially sent: " + sent[0]);
        t.write("TAIL".getBytes(UTF_8)); // writes are allowed again
        t.writeEof();
        sink.transport.resumeReading();
        byte[] all = await(Asyncio.waitFor(sink.done, 10.0));
        t.close();
        closeAndCheck(loop, server[0]);
        return all;
      }
    }));
    assertArrayEquals(concat(Arrays.copyOf(content, (int) sent[0]), "TAIL".getBytes(UTF_8)), got);
  }

  /** A user's own transport (asyncio: one without _sendfile_compatible native mode): sendfile falls back. */
  static final class Wrapped implements Transport {
    final Transport d;

    Wrapped(Transport d) {
      this.d = d;
    }

    @Override public EventLoop getLoop() { return d.getLoop(); }
    @Override public void write(byte[] data) { d.write(data); }
    @Override public void write(ByteBuffer data) { d.write(data); }
    @Override public void writelines(Iterable<byte[]> list) { d.writelines(list); }
    @Override public void writeEof() { d.writeEof(); }
    @Override public boolean canWriteEof() { return d.canWriteEof(); }
    @Override public void close() { d.close(); }
    @Override public void abort() { d.abort(); }
    @Override public boolean isClosing() { return d.isClosing(); }
    @Override public void pauseReading() { d.pauseReading(); }
    @Override public void resumeReading() { d.resumeReading(); }
    @Override public boolean isReading() { return d.isReading(); }
    @Override public void setWriteBufferLimits(Integer high, Integer low) { d.setWriteBufferLimits(high, low); }
    @Override public WriteBufferLimits getWriteBufferLimits() { return d.getWriteBufferLimits(); }
    @Override public int getWriteBufferSize() { return d.getWriteBufferSize(); }
    @Override public Object getExtraInfo(String name) { return d.getExtraInfo(name); }
    @Override public Object getExtraInfo(String name, Object defaultValue) { return d.getExtraInfo(name, defaultValue); }
    @Override public BaseProtocol getProtocol() { return d.getProtocol(); }
    @Override public void setProtocol(BaseProtocol protocol) { d.setProtocol(protocol); }
  }

  @Test
  void fallback_readsAndWrites_withFlowControl_andRestoresTheProtocol() throws Exception {
    byte[] content = content(200_000);
    Path f = file(content);
    byte[] got = Asyncio.run(Asyncio.direct(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      Sink sink = new Sink();
      Server[] server = new Server[1];
      Transport real = connect(loop, sink, server);
      BaseProtocol before = real.getProtocol();
      Transport t = new Wrapped(real);
      t.setWriteBufferLimits(4096, 1024); // small marks: the fallback waits for drains
      try (FileChannel file = FileChannel.open(f, StandardOpenOption.READ)) {
        Exception off = assertThrows(Exception.class, () -> await(loop.sendfile(t, file, 0, null, false)));
        assertInstanceOf(IllegalStateException.class, off);
        assertTrue(off.getMessage().startsWith("fallback is disabled and native sendfile is not supported"), off.getMessage());
        assertEquals(150_000L, await(loop.sendfile(t, file, 50_000, null)));
        assertEquals(200_000L, file.position());
        assertEquals(before, real.getProtocol());
        assertTrue(real.isReading());
        real.writeEof();
        byte[] all = await(Asyncio.waitFor(sink.done, 10.0));
        real.close();
        closeAndCheck(loop, server[0]);
        return all;
      }
    }));
    assertArrayEquals(Arrays.copyOfRange(content, 50_000, 200_000), got);
  }

  @Test
  void badInput_isRejectedAtTheCall() throws Exception {
    Path f = file(content(10));
    Asyncio.run(Asyncio.direct(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      Sink sink = new Sink();
      Server[] server = new Server[1];
      Transport t = connect(loop, sink, server);
      try (FileChannel file = FileChannel.open(f, StandardOpenOption.READ)) {
        assertEquals("transport", assertThrows(NullPointerException.class, () -> loop.sendfile(null, file, 0, null)).getMessage());
        assertEquals("file", assertThrows(NullPointerException.class, () -> loop.sendfile(t, null, 0, null)).getMessage());
        assertEquals("offset must be a non-negative integer (got -5)",
            assertThrows(IllegalArgumentException.class, () -> loop.sendfile(t, file, -5, null)).getMessage());
        assertEquals("count must be a positive integer (got -1)",
            assertThrows(IllegalArgumentException.class, () -> loop.sendfile(t, file, 0, -1L)).getMessage());
        t.close();
        assertEquals("Transport is closing",
            assertThrows(IllegalStateException.class, () -> loop.sendfile(t, file, 0, null)).getMessage());
      }
      FileChannel closed = FileChannel.open(f, StandardOpenOption.READ);
      closed.close();
      assertThrows(IllegalArgumentException.class, () -> loop.sendfile(t, closed, 0, null));
      closeAndCheck(loop, server[0]);
      return null;
    }));
  }
}
