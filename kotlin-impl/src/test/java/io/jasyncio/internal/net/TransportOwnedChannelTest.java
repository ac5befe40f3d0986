package io.jasyncio.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.net.Protocol;
import io.jasyncio.net.Server;
import io.jasyncio.net.Transport;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * asyncio's {@code _ensure_fd_no_transport}: addReader/addWriter/removeReader/removeWriter on a
 * channel a transport owns fail with a clear IllegalStateException (a ClassCastException before).
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TransportOwnedChannelTest {
  static final class Quiet implements Protocol {
    @Override
    public void dataReceived(ByteBuffer data) {}
  }

  @Test
  void addReaderAndWriter_onTransportChannel_sayWhichTransportOwnsIt() {
    String result = Asyncio.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      return loop.createServer(Quiet::new, "127.0.0.1", 0).thenCompose(s -> {
        int port = ((InetSocketAddress) NetTestSupport.localAddress(s.sockets().get(0))).getPort();
        return loop.createConnection(Quiet::new, "127.0.0.1", port).thenApply(tp -> {
          Transport t = tp.transport();
          SocketChannel ch = (SocketChannel) t.getExtraInfo("socket");
          IllegalStateException r = assertThrows(IllegalStateException.class, () -> loop.addReader(ch, () -> {}));
          assertTrue(r.getMessage().contains("is used by transport"), r.getMessage());
          assertTrue(r.getMessage().contains("SocketTransport["), r.getMessage());
          IllegalStateException w = assertThrows(IllegalStateException.class, () -> loop.addWriter(ch, () -> {}));
          assertTrue(w.getMessage().contains("is used by transport"), w.getMessage());
          assertThrows(IllegalStateException.class, () -> loop.removeReader(ch));
          assertThrows(IllegalStateException.class, () -> loop.removeWriter(ch));
          // the transport is untouched and still works
          assertTrue(t.isReading());
          t.close();
          s.close();
          return "ok";
        });
      });
    });
    assertEquals("ok", result);
  }
}
