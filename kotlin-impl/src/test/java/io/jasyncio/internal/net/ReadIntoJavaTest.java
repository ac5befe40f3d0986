package io.jasyncio.internal.net;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.direct;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Task;
import io.jasyncio.net.Server;
import io.jasyncio.net.StreamConnection;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.Streams;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code StreamReader.readIntoAsync(ByteBuffer)}: reads into the caller's buffer, no array per read. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReadIntoJavaTest {
  static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  static String text(ByteBuffer buf) {
    ByteBuffer d = buf.duplicate().flip();
    byte[] a = new byte[d.remaining()];
    d.get(a);
    return new String(a, UTF_8);
  }

  @Test
  void copiesWhatIsBuffered_atMostTheRoom_advancesThePosition_thenMinusOneAtEof() {
    List<Object> out = Asyncio.run(() -> {
      StreamReader r = Streams.newStreamReader(1024);
      r.feedData(b("hello world"));
      r.feedEof();
      ByteBuffer small = ByteBuffer.allocate(5);
      ByteBuffer big = ByteBuffer.allocate(64);
      List<Object> got = new ArrayList<>();
      got.add(r.readIntoAsync(small).join());
      got.add(text(small));
      got.add(r.readIntoAsync(small).join()); // no room: 0, nothing taken
      got.add(r.readIntoAsync(big).join());
      got.add(text(big));
      got.add(r.readIntoAsync(big).join()); // EOF
      got.add(r.atEof());
      return CompletableFuture.completedFuture(got);
    });
    assertEquals(List.of(5, "hello", 0, 6, " world", -1, true), out);
  }

  @Test
  void waitsForData_andTheDirectBodyReadsInOrder_intoADirectBuffer() {
    String out = Asyncio.run(direct(() -> {
      StreamReader r = Streams.newStreamReader(1024);
      Asyncio.getRunningLoop().callSoon(() -> r.feedData(b("ab")));
      Asyncio.getRunningLoop().callLater(0.01, () -> {
        r.feedData(b("cd"));
        r.feedEof();
      });
      ByteBuffer dst = ByteBuffer.allocateDirect(16);
      List<Integer> counts = new ArrayList<>();
      int k;
      while ((k = await(r.readIntoAsync(dst))) >= 0) {
        counts.add(k);
      }
      return counts + " " + text(dst);
    }));
    assertEquals("[2, 2] abcd", out);
  }

  @Test
  void aCancelledRead_writesNothing_andTakesNothing_chainAndDirectTasks() {
    List<String> out = Asyncio.run(direct(() -> {
      List<String> got = new ArrayList<>();
      // a chain task cancelled after the data woke it, before its delivery step ran
      StreamReader r = Streams.newStreamReader(1024);
      ByteBuffer dst = ByteBuffer.allocate(8);
      Task<Integer> chain = Asyncio.createTask(() -> r.readIntoAsync(dst));
      await(Asyncio.sleep(0));
      r.feedData(b("xy"));
      chain.cancel();
      try {
        await(chain);
      } catch (CancelledError e) {
        got.add("chain cancelled, dst position " + dst.position());
      }
      // a direct task cancelled in the same window
      ByteBuffer dst2 = ByteBuffer.allocate(8);
      // the bytes are still buffered: a direct task's read is answered at once
      Task<Integer> body = Asyncio.createTask(direct(() -> await(r.readIntoAsync(dst2))));
      got.add("direct read " + await(body) + " " + text(dst2));
      Task<Integer> waiting = Asyncio.createTask(direct(() -> await(r.readIntoAsync(dst2))));
      await(Asyncio.sleep(0));
      r.feedData(b("z"));
      waiting.cancel();
      try {
        await(waiting);
      } catch (CancelledError e) {
        got.add("direct cancelled, dst position " + dst2.position());
      }
      ByteBuffer last = ByteBuffer.allocate(8);
      got.add("next read " + await(r.readIntoAsync(last)) + " " + text(last));
      return got;
    }));
    assertEquals(List.of("chain cancelled, dst position 0", "direct read 2 xy",
        "direct cancelled, dst position 2", "next read 1 z"), out);
  }

  @Test
  void badInput_namesTheProblem_andAReaderErrorIsRaised() {
    Throwable failure = Asyncio.run(() -> {
      StreamReader r = Streams.newStreamReader(1024);
      NullPointerException npe = assertThrows(NullPointerException.class, () -> r.readIntoAsync(null));
      assertTrue(npe.getMessage().contains("dst"), npe.getMessage());
      IllegalArgumentException ro = assertThrows(IllegalArgumentException.class,
          () -> r.readIntoAsync(ByteBuffer.allocate(4).asReadOnlyBuffer()));
      assertTrue(ro.getMessage().contains("read-only"), ro.getMessage());
      CompletableFuture<Integer> first = r.readIntoAsync(ByteBuffer.allocate(4));
      assertFalse(first.isDone());
      IllegalStateException busy = assertThrows(IllegalStateException.class, () -> r.readIntoAsync(ByteBuffer.allocate(4)));
      assertTrue(busy.getMessage().contains("readInto()"), busy.getMessage());
      r.setException(new IOException("reset by peer"));
      return first.handle((v, e) -> e);
    });
    assertInstanceOf(IOException.class, failure);
    assertEquals("reset by peer", failure.getMessage());
  }

  @Test
  void overLoopback_aReusedBufferReceivesEveryByteInOrder_throughTheReadersPauseAndResume() {
    byte[] payload = new byte[1 << 20];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i * 31 + 7);
    }
    byte[] got = Asyncio.run(direct(() -> {
      Server s = await(Streams.startServer((r, w) -> {
        w.write(payload);
        return w.drainAsync().whenComplete((v, e) -> w.close());
      }, "127.0.0.1", 0));
      StreamConnection c = await(Streams.openConnection("127.0.0.1", StreamsJavaTest.port(s), 1024));
      java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
      ByteBuffer buf = ByteBuffer.allocate(3000); // not a divisor of anything: reads split chunks
      while (true) {
        buf.clear();
        int k = await(c.reader().readIntoAsync(buf));
        if (k < 0) {
          break;
        }
        all.write(buf.array(), 0, k);
      }
      c.writer().close();
      s.close();
      await(s.waitClosedAsync());
      NetTestSupport.settledWithoutRegistrations(Asyncio.getRunningLoop());
      return all.toByteArray();
    }));
    assertTrue(Arrays.equals(payload, got), "every byte, in order");
  }
}
