package io.jasyncio.internal.net;

import static io.jasyncio.Asyncio.await;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.net.ConnectionOptions;
import io.jasyncio.net.Server;
import io.jasyncio.net.ServerOptions;
import io.jasyncio.net.SslClientAuth;
import io.jasyncio.net.StreamConnection;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Client certificates (mutual TLS) through ServerOptions.sslClientAuth, Java face, direct style. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TlsClientAuthJavaTest {
  static final TestCerts CERTS = TestCerts.get();

  /** What the server's handler saw of each client: its peercert (or "none"), then an echo of one line. */
  static final class Seen {
    final List<Object> peercerts = new CopyOnWriteArrayList<>();
  }

  static Server server(SslClientAuth auth, Seen seen) throws Exception {
    return await(Asyncio.startServer((r, w) -> {
      Object cert = w.getExtraInfo("peercert");
      seen.peercerts.add(cert == null ? "none" : cert);
      return r.readlineAsync().thenCompose(line -> {
        w.write(line);
        return w.drainAsync();
      }).whenComplete((v, e) -> w.close()).toCompletableFuture();
    }, "127.0.0.1", 0, ServerOptions.defaults().ssl(CERTS.serverTrustingCa).sslClientAuth(auth)));
  }

  static int port(Server s) {
    return ((InetSocketAddress) NetTestSupport.localAddress(s.sockets().get(0))).getPort();
  }

  static ConnectionOptions client(SSLContext ctx) {
    return ConnectionOptions.defaults().ssl(ctx);
  }

  /** One echo over a new connection; the client's view of the server's certificate is checked too. */
  static String echo(Server server, SSLContext ctx) throws Exception {
    StreamConnection c = await(Asyncio.openConnection("127.0.0.1", port(server), client(ctx)));
    assertEquals(CERTS.serverCert, c.writer().getExtraInfo("peercert"));
    c.writer().write("hi\n".getBytes(UTF_8));
    String got = new String(await(c.reader().readlineAsync()), UTF_8);
    c.writer().close();
    await(c.writer().waitClosedAsync());
    return got;
  }

  /**
   * A TLS 1.2 client refused during its handshake sees the server's alert, or, when the server's
   * close overtakes the client's last handshake write, the connection error (broken pipe, reset):
   * an OS race, as with CPython's ssl (DECISIONS, "Issue 11 leftovers").
   */
  static boolean refused(Throwable e) {
    String m = String.valueOf(e.getMessage());
    return e instanceof SSLHandshakeException
        || (e instanceof java.io.IOException && (m.contains("Broken pipe") || m.contains("Connection reset")));
  }

  static Throwable cause(Throwable e) {
    while (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) e = e.getCause();
    return e;
  }

  static void closeAndCheck(EventLoop loop, Server server) throws Exception {
    server.close();
    await(server.waitClosedAsync());
    NetTestSupport.settledWithoutRegistrations(loop);
  }

  @Test
  void need_aClientWithACertificateFromTheCa_connects_andTheServerSeesItAsPeercert() {
    Seen seen = new Seen();
    String out = Asyncio.run(Asyncio.direct(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      Server server = server(SslClientAuth.NEED, seen);
      String got = echo(server, CERTS.clientWithCert);
      closeAndCheck(loop, server);
      return got;
    }));
    assertEquals("hi\n", out);
    assertEquals(List.of(CERTS.clientCert), seen.peercerts);
  }

  @Test
  void need_aClientWithoutACertificate_failsWithSSLException_neverReachesTheHandler_andTheServerKeepsServing() {
    Seen seen = new Seen();
    Throwable[] errs = Asyncio.run(Asyncio.direct(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      Server server = server(SslClientAuth.NEED, seen);
      // TLS 1.2: the server refuses before the client's handshake finishes
      Throwable tls12 = assertThrows(Exception.class,
          () -> await(Asyncio.openConnection("127.0.0.1", port(server), client(CERTS.clientTls12()))));
      // TLS 1.3: the client finishes its side first; the server's alert ends the connection
      Throwable tls13;
      try {
        StreamConnection c = await(Asyncio.openConnection("127.0.0.1", port(server), client(CERTS.client)));
        c.writer().write("hi\n".getBytes(UTF_8));
        tls13 = assertThrows(Exception.class, () -> await(c.reader().readlineAsync()));
        c.writer().close();
      } catch (Exception x) {
        tls13 = x;
      }
      // the server keeps serving a client that has a certificate
      assertEquals("hi\n", echo(server, CERTS.clientWithCert));
      closeAndCheck(loop, server);
      return new Throwable[] {cause(tls12), cause(tls13)};
    }));
    assertTrue(refused(errs[0]), "TLS 1.2 refusal: " + errs[0]);
    assertInstanceOf(SSLException.class, errs[1]);
    assertEquals(List.of(CERTS.clientCert), seen.peercerts); // only the client with a certificate got through
  }

  @Test
  void want_acceptsAClientWithoutACertificate_andSeesTheCertificateOfOneThatHasIt() {
    Seen seen = new Seen();
    Asyncio.run(Asyncio.direct(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      Server server = server(SslClientAuth.WANT, seen);
      assertEquals("hi\n", echo(server, CERTS.client));
      assertEquals("hi\n", echo(server, CERTS.clientWithCert));
      closeAndCheck(loop, server);
      return null;
    }));
    assertEquals(List.of("none", CERTS.clientCert), seen.peercerts);
  }

  @Test
  void none_isTheDefault_andTheServerSeesNoPeercert() {
    assertEquals(SslClientAuth.NONE, ServerOptions.defaults().sslClientAuth());
    Seen seen = new Seen();
    Asyncio.run(Asyncio.direct(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      Server server = server(SslClientAuth.NONE, seen);
      assertEquals("hi\n", echo(server, CERTS.clientWithCert)); // offered nothing to present: not asked
      closeAndCheck(loop, server);
      return null;
    }));
    assertEquals(List.of("none"), seen.peercerts);
  }

  @Test
  void badInput_nullIsRefused_namingTheArgument_andToStringShowsTheOption() {
    NullPointerException e = assertThrows(NullPointerException.class, () -> ServerOptions.defaults().sslClientAuth(null));
    assertEquals("clientAuth", e.getMessage());
    assertTrue(ServerOptions.defaults().ssl(CERTS.server).sslClientAuth(SslClientAuth.NEED).toString()
        .endsWith(", sslClientAuth=NEED]"));
    assertTrue(!ServerOptions.defaults().toString().contains("sslClientAuth"));
  }
}
