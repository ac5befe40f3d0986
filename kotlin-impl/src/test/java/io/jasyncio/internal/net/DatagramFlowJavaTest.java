package io.jasyncio.internal.net;

import static io.jasyncio.Asyncio.await;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.net.DatagramEndpoint;
import io.jasyncio.net.DatagramProtocol;
import io.jasyncio.net.DatagramTransport;
import io.jasyncio.net.WriteBufferLimits;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The datagram transport's write buffer (asyncio's {@code _SelectorDatagramTransport} with a full
 * socket): pauseWriting/resumeWriting at the marks, getWriteBufferSize, datagrams out whole and in
 * order, close() flushing and abort() dropping. The socket's "no room" is a {@link GatedSender}.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DatagramFlowJavaTest {
  static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

  /** Records flow-control and lifecycle callbacks. */
  static final class Flow extends FlowRecorder implements DatagramProtocol {
    final CompletableFuture<Void> made = new CompletableFuture<>();

    @Override
    public void connectionMade(DatagramTransport t) {
      made.complete(null);
    }
  }

  /** Collects what a receiver got; {@code upTo(n)} completes once it holds n datagrams. */
  static final class Sink implements DatagramProtocol {
    final List<String> got = new ArrayList<>();
    int want = Integer.MAX_VALUE;
    CompletableFuture<List<String>> enough = new CompletableFuture<>();

    CompletableFuture<List<String>> upTo(int n) {
      want = n;
      if (got.size() >= n) enough.complete(got);
      return enough;
    }

    @Override
    public void datagramReceived(ByteBuffer data, SocketAddress addr) {
      got.add(UTF_8.decode(data).toString());
      if (got.size() >= want) enough.complete(got);
    }
  }

  /** 40 bytes: "d<i>" padded with dots. */
  static byte[] d(int i) {
    return String.format("d%-39s", i).replace(' ', '.').getBytes(UTF_8);
  }

  static String text(int i) {
    return new String(d(i), UTF_8);
  }

  record Setup(DatagramEndpoint<Sink> receiver, DatagramTransportImpl transport, Flow flow, GatedSender gate) {}

  /** A receiver endpoint and a gated transport connected to it, made. */
  static Setup setup(EventLoop loop) throws Exception {
    DatagramEndpoint<Sink> rx = await(loop.createDatagramEndpoint(Sink::new, LOOPBACK, null));
    SocketAddress to = (SocketAddress) rx.transport().getExtraInfo("sockname");
    DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
    ch.connect(to);
    Flow flow = new Flow();
    GatedSender gate = new GatedSender();
    DatagramTransportImpl t = GatedSender.transport(loop, ch, flow, to, gate);
    await(flow.made);
    return new Setup(rx, t, flow, gate);
  }

  /** {@link #setup} with d0 and d1 queued (80 bytes): the socket has no room yet. */
  static Setup twoQueued(EventLoop loop) throws Exception {
    Setup s = setup(loop);
    s.transport().sendto(d(0));
    s.transport().sendto(d(1));
    assertEquals(80, s.transport().getWriteBufferSize());
    return s;
  }

  /** Closes the receiver; then nothing may stay registered. */
  static void finish(EventLoop loop, Setup s) throws Exception {
    s.receiver().transport().close();
    NetTestSupport.settledWithoutRegistrations(loop);
  }

  @Test
  void fullSocket_pausesAboveHigh_resumesAtLow_sendsWholeAndInOrder() {
    Asyncio.run(Asyncio.direct(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      Setup s = setup(loop);
      DatagramTransportImpl t = s.transport();
      t.setWriteBufferLimits(100, 50);
      assertEquals(new WriteBufferLimits(50, 100), t.getWriteBufferLimits());
      t.sendto(d(0)); // the socket has no room: queued
      assertEquals(40, t.getWriteBufferSize());
      t.sendto(d(1));
      assertEquals(80, t.getWriteBufferSize());
      assertEquals(List.of(), s.flow().events); // 80 <= high: not paused
      t.sendto(d(2));
      assertEquals(120, t.getWriteBufferSize());
      assertEquals(List.of("pause"), s.flow().events); // above high: paused once
      t.sendto(d(3));
      assertEquals(160, t.getWriteBufferSize());
      assertEquals(List.of("pause"), s.flow().events);
      // raising the marks does not resume (asyncio's set_write_buffer_limits only pauses)
      t.setWriteBufferLimits(1000, 50);
      assertEquals(List.of("pause"), s.flow().events);
      t.setWriteBufferLimits(100, 50);
      await(s.gate().allow(1));
      assertEquals(120, t.getWriteBufferSize()); // 120 > low: still paused
      assertEquals(List.of("pause"), s.flow().events);
      await(s.gate().allow(2));
      assertEquals(40, t.getWriteBufferSize());
      assertEquals(List.of("pause", "resume"), s.flow().events); // at or below low: resumed once
      t.sendto(d(4)); // behind the queued one, never before it
      assertEquals(80, t.getWriteBufferSize());
      await(s.gate().allow(2));
      assertEquals(0, t.getWriteBufferSize());
      assertEquals(List.of("pause", "resume"), s.flow().events);
      List<String> want = List.of(text(0), text(1), text(2), text(3), text(4));
      assertEquals(want, s.gate().getSent());
      assertEquals(want, await(Asyncio.waitFor(s.receiver().protocol().upTo(5), 5.0)));
      t.close();
      await(s.flow().lost);
      finish(loop, s);
      return null;
    }));
  }

  @Test
  void setWriteBufferLimits_belowTheBufferedSize_pausesAtOnce_andBadMarksAreRefused() {
    Asyncio.run(Asyncio.direct(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      Setup s = twoQueued(loop);
      DatagramTransportImpl t = s.transport();
      assertEquals(List.of(), s.flow().events); // 80 bytes under the 64 KiB default
      t.setWriteBufferLimits(null, 10); // high = 4 * low = 40 < 80: paused by the call itself
      assertEquals(new WriteBufferLimits(10, 40), t.getWriteBufferLimits());
      assertEquals(List.of("pause"), s.flow().events);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.setWriteBufferLimits(10, 20));
      assertEquals("high (10) must be >= low (20) must be >= 0", e.getMessage());
      assertEquals(new WriteBufferLimits(10, 40), t.getWriteBufferLimits()); // unchanged
      t.setWriteBufferLimits(null, null);
      assertEquals(new WriteBufferLimits(16384, 65536), t.getWriteBufferLimits());
      await(s.gate().allow(2));
      assertEquals(List.of("pause", "resume"), s.flow().events);
      t.abort();
      await(s.flow().lost);
      finish(loop, s);
      return null;
    }));
  }

  @Test
  void close_withBufferedDatagrams_flushesThem_thenConnectionLost() {
    Asyncio.run(Asyncio.direct(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      Setup s = twoQueued(loop);
      DatagramTransportImpl t = s.transport();
      t.close();
      assertTrue(t.isClosing());
      await(Asyncio.sleep(0));
      assertEquals(List.of(), s.flow().events); // still flushing: not lost yet
      await(s.gate().allow(2));
      await(Asyncio.waitFor(s.flow().lost, 5.0));
      assertEquals(List.of("lost null"), s.flow().events);
      assertEquals(List.of(text(0), text(1)), await(Asyncio.waitFor(s.receiver().protocol().upTo(2), 5.0)));
      finish(loop, s);
      return null;
    }));
  }

  @Test
  void abort_withBufferedDatagrams_dropsThem() {
    Asyncio.run(Asyncio.direct(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      Setup s = twoQueued(loop);
      DatagramTransportImpl t = s.transport();
      t.abort();
      assertEquals(0, t.getWriteBufferSize());
      assertTrue(t.isClosing());
      s.gate().allow(2); // the socket would take them now: nothing is left to send
      await(Asyncio.waitFor(s.flow().lost, 5.0));
      assertEquals(List.of("lost null"), s.flow().events);
      assertEquals(List.of(), s.gate().getSent());
      assertFalse(((DatagramChannel) t.getExtraInfo("socket")).isOpen());
      finish(loop, s);
      return null;
    }));
  }
}
