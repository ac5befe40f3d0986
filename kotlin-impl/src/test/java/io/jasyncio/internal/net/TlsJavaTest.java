package io.jasyncio.internal.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.net.ConnectionOptions;
import io.jasyncio.net.Protocol;
import io.jasyncio.net.Server;
import io.jasyncio.net.ServerOptions;
import io.jasyncio.net.StreamConnection;
import io.jasyncio.net.Transport;
import io.jasyncio.net.TransportAndProtocol;
import io.jasyncio.testing.VirtualClock;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TLS (issue 11) through the Java face: CPython test_sslproto / test_ssl behaviours restated,
 * interop with the JDK's SSLServerSocket and HttpClient. Certificates come from {@link TestCerts}.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TlsJavaTest {
  static final TestCerts CERTS = TestCerts.get();

  static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  static String s(byte[] b) {
    return new String(b, UTF_8);
  }

  static int port(Server server) {
    return ((InetSocketAddress) NetTestSupport.localAddress(server.sockets().get(0))).getPort();
  }

  static ServerOptions tlsServer(SSLContext ctx) {
    return ServerOptions.defaults().ssl(ctx);
  }

  static ConnectionOptions tlsClient() {
    return ConnectionOptions.defaults().ssl(CERTS.client);
  }

  /** A TLS echo server (streams), one line at a time until EOF. */
  static CompletableFuture<Server> echoServer(SSLContext ctx) {
    return Asyncio.startServer((r, w) -> echoLoop(r, w), "127.0.0.1", 0, tlsServer(ctx)).toCompletableFuture();
  }

  static CompletableFuture<Void> echoLoop(io.jasyncio.net.StreamReader r, io.jasyncio.net.StreamWriter w) {
    return r.readlineAsync().thenCompose(line -> {
      if (line.length == 0) {
        w.close();
        return CompletableFuture.completedFuture(null);
      }
      w.write(line);
      return w.drainAsync().thenCompose(v -> echoLoop(r, w));
    });
  }

  /** Closes {@code server} once {@code f} is done, waits for its clients, and checks nothing stays registered. */
  static <T> CompletableFuture<T> closing(Server server, CompletableFuture<T> f) {
    return f.handle((x, e) -> {
      server.close();
      return server.waitClosedAsync().thenCompose(v -> NetTestSupport.noRegistrationsLeft())
          .thenCompose(v -> e == null ? CompletableFuture.completedFuture(x) : CompletableFuture.<T>failedFuture(e));
    }).thenCompose(x -> x);
  }

  static Throwable cause(Throwable e) {
    while ((e instanceof CompletionException || e instanceof java.util.concurrent.ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /** Fails the handshake against a server with {@code serverCtx}; returns the client's error. */
  static Throwable handshakeError(SSLContext serverCtx, ConnectionOptions options) {
    java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(-1);
    CompletionException e = assertThrows(CompletionException.class, () -> Asyncio.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      return echoServer(serverCtx).thenCompose(server -> closing(server,
          Asyncio.openConnection("127.0.0.1", port(server), options).thenApply(c -> "connected?!")))
          .whenComplete((x, err) -> left.set(NetProbe.registrations(loop)));
    }));
    assertEquals(0, left.get(), "nothing stays registered once the server closed");
    return cause(e);
  }

  // ---- the happy path ---------------------------------------------------------------------------

  @Test
  void streams_echoOverTls_andExtraInfo() {
    String out = Asyncio.run(() -> echoServer(CERTS.server).thenCompose(server -> closing(server,
        Asyncio.openConnection("127.0.0.1", port(server), tlsClient()).thenCompose(c -> {
          c.writer().write(b("hello\n"));
          c.writer().write(b("world\n"));
          assertEquals(CERTS.client, c.writer().getExtraInfo("sslcontext"));
          assertInstanceOf(SSLEngine.class, c.writer().getExtraInfo("ssl_object"));
          X509Certificate peer = (X509Certificate) c.writer().getExtraInfo("peercert");
          assertEquals(CERTS.serverCert, peer);
          String[] cipher = (String[]) c.writer().getExtraInfo("cipher");
          assertTrue(cipher[1].startsWith("TLSv1."), cipher[1]);
          assertNull(c.writer().getExtraInfo("compression"));
          assertInstanceOf(InetSocketAddress.class, c.writer().getExtraInfo("peername"));
          assertFalse(c.writer().canWriteEof());
          return c.reader().readlineAsync().thenCompose(a -> c.reader().readlineAsync().thenApply(bb -> s(a) + s(bb)))
              .thenCompose(x -> {
                c.writer().close();
                return c.writer().waitClosedAsync().thenApply(v -> x);
              });
        }))));
    assertEquals("hello\nworld\n", out);
  }

  /** A protocol recording its callbacks; echoes if asked. */
  static final class Rec extends FlowRecorder implements Protocol {
    final ByteArrayOutputStream got = new ByteArrayOutputStream();
    final boolean echo;
    Transport transport;

    Rec(boolean echo) {
      this.echo = echo;
    }

    static Rec new0() {
      return new Rec(false);
    }

    @Override
    public void connectionMade(Transport t) {
      transport = t;
      // made only after the handshake: the session is there already
      events.add("made " + (t.getExtraInfo("cipher") != null));
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      byte[] a = new byte[data.remaining()];
      data.get(a);
      got.write(a, 0, a.length);
      if (echo) transport.write(a);
    }

    @Override
    public boolean eofReceived() {
      events.add("eof");
      return true; // no effect with TLS (asyncio)
    }
  }

  @Test
  void protocols_madeAfterHandshake_closeNotify_lostOnce_nothingLeaks() {
    Rec serverSide = new Rec(true);
    Rec clientSide = new Rec(false);
    Asyncio.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      return loop.createServer(() -> serverSide, "127.0.0.1", 0, tlsServer(CERTS.server)).thenCompose(server ->
          loop.createConnection(() -> clientSide, "127.0.0.1", port(server), tlsClient()).thenCompose(tp -> {
            Transport t = tp.transport();
            // 1 MiB in one write: many records, flow control on the way
            t.write(new byte[1 << 20]);
            return poll(() -> clientSide.got.size() == 1 << 20).thenCompose(v -> {
              t.close();
              assertTrue(t.isClosing());
              // the protocols' futures complete inside connectionLost: let the transports finish
              return clientSide.lost.thenCompose(x -> serverSide.lost).thenCompose(x -> Asyncio.sleep(0.01));
            });
          }).thenCompose(v -> {
            server.close();
            return server.waitClosedAsync();
          }).thenApply(v -> {
            assertEquals(0, NetProbe.registrations(loop));
            return null;
          }));
    });
    assertEquals(List.of("made true", "lost null"), clientSide.events.stream()
        .filter(e -> !e.equals("pause") && !e.equals("resume")).toList());
    // the client's close_notify reaches the server as EOF, then its own close completes
    assertEquals(List.of("made true", "eof", "lost null"), serverSide.events.stream()
        .filter(e -> !e.equals("pause") && !e.equals("resume")).toList());
  }

  @Test
  void flowControl_pauseAndResumeWriting_throughTheTlsLayer() {
    Rec serverSide = new Rec(false);
    Rec clientSide = new Rec(false);
    int total = 16 << 20;
    Asyncio.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      return loop.createServer(() -> serverSide, "127.0.0.1", 0, tlsServer(CERTS.server)).thenCompose(server -> closing(server,
          loop.createConnection(() -> clientSide, "127.0.0.1", port(server), tlsClient()).thenCompose(tp -> {
            Transport t = tp.transport();
            return poll(() -> serverSide.transport != null).thenCompose(v -> {
              serverSide.transport.pauseReading();
              assertFalse(serverSide.transport.isReading());
              t.setWriteBufferLimits(64 * 1024, 0);
              assertEquals(new io.jasyncio.net.WriteBufferLimits(0, 64 * 1024), t.getWriteBufferLimits());
              t.write(new byte[total]);
              assertTrue(t.getWriteBufferSize() > 64 * 1024, "the peer does not read: bytes wait");
              assertEquals(List.of("made true", "pause"), clientSide.events);
              serverSide.transport.resumeReading();
              return poll(() -> serverSide.got.size() == total);
            }).thenCompose(v -> poll(() -> clientSide.events.contains("resume"))).thenApply(v -> {
              assertEquals(0, t.getWriteBufferSize());
              t.close();
              return null;
            }).thenCompose(v -> clientSide.lost);
          })));
    });
    assertEquals(List.of("made true", "pause", "resume", "lost null"), clientSide.events);
  }

  /** Polls a condition once per loop iteration (bounded by the test's timeout). */
  static CompletableFuture<Void> poll(java.util.function.BooleanSupplier cond) {
    if (cond.getAsBoolean()) return CompletableFuture.completedFuture(null);
    return Asyncio.sleep(0.001).thenCompose(v -> poll(cond));
  }

  @Test
  void writeBeforeHandshakeFinished_isSentAfterIt() {
    // asyncio test_sslproto: data written in connection_made... here from another protocol: the
    // transport is given only after the handshake, so write in connectionMade
    Rec serverSide = new Rec(false);
    String out = Asyncio.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      return loop.createServer(() -> serverSide, "127.0.0.1", 0, tlsServer(CERTS.server)).thenCompose(server -> closing(server,
          loop.createConnection(() -> new Protocol() {
            @Override
            public void connectionMade(Transport t) {
              t.write(b("early"));
              t.close();
            }
          }, "127.0.0.1", port(server), tlsClient()).thenCompose(tp -> serverSide.lost)
              .thenApply(v -> serverSide.got.toString(UTF_8))));
    });
    assertEquals("early", out);
  }

  // ---- failures: an SSLException subtype naming the cause, nothing left registered -----------------

  @Test
  void untrustedCertificate_failsWithSSLHandshakeException() {
    Throwable e = handshakeError(CERTS.selfSigned, tlsClient());
    assertInstanceOf(SSLHandshakeException.class, e, e.toString());
    assertTrue(String.valueOf(e.getMessage()).contains("PKIX"), e.getMessage());
  }

  @Test
  void wrongHostName_failsWithSSLHandshakeException() {
    Throwable e = handshakeError(CERTS.wrongHost, tlsClient());
    assertInstanceOf(SSLHandshakeException.class, e, e.toString());
    assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
  }

  @Test
  void wrongHostName_acceptedWhenCheckHostnameIsOff() {
    String out = Asyncio.run(() -> echoServer(CERTS.wrongHost).thenCompose(server -> closing(server,
        Asyncio.openConnection("127.0.0.1", port(server), tlsClient().checkHostname(false)).thenCompose(c -> {
          c.writer().write(b("x\n"));
          return c.reader().readlineAsync().thenApply(TlsJavaTest::s).whenComplete((x, e) -> c.writer().close());
        }))));
    assertEquals("x\n", out);
  }

  @Test
  void serverHostname_isWhatTheCertificateMustMatch() {
    Throwable e = handshakeError(CERTS.server, tlsClient().serverHostname("wrong.example"));
    assertInstanceOf(SSLHandshakeException.class, e, e.toString());
    assertTrue(e.getMessage().contains("wrong.example"), e.getMessage());
  }

  @Test
  void expiredCertificate_failsWithSSLHandshakeException() {
    Throwable e = handshakeError(CERTS.expired, tlsClient());
    assertInstanceOf(SSLHandshakeException.class, e, e.toString());
    Throwable c = e;
    boolean expired = false;
    while (c != null) {
      expired |= c instanceof java.security.cert.CertificateExpiredException
          || String.valueOf(c.getMessage()).contains("expired");
      c = c.getCause();
    }
    assertTrue(expired, e.toString());
  }

  @Test
  void peerSpeakingPlainText_failsWithSSLException() {
    CompletionException e = assertThrows(CompletionException.class, () -> Asyncio.run(() ->
        Asyncio.startServer((r, w) -> {
          w.write(b("HTTP/1.0 400 Bad Request\r\n\r\nthis is not TLS at all, just plain text\r\n"));
          return w.drainAsync().thenRun(w::close);
        }, "127.0.0.1", 0).thenCompose(server -> closing(server,
            Asyncio.openConnection("127.0.0.1", port(server), tlsClient()).thenApply(c -> "connected?!")))));
    assertInstanceOf(SSLException.class, cause(e), cause(e).toString());
  }

  @Test
  void handshakeThatNeverFinishes_timesOut_onTheVirtualClock() {
    AtomicReference<Double> elapsed = new AtomicReference<>();
    CompletionException e = assertThrows(CompletionException.class, () -> Asyncio.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      double t0 = loop.time();
      // a server that accepts and never answers
      return loop.createServer(() -> new Protocol() {}, "127.0.0.1", 0).thenCompose(server -> closing(server,
          loop.createConnection(Rec::new0, "127.0.0.1", port(server),
                  tlsClient().sslHandshakeTimeout(Duration.ofSeconds(5)))
              .whenComplete((x, err) -> {
                elapsed.set(loop.time() - t0);
                assertEquals(1, NetProbe.registrations(loop), "only the listener");
              })));
    }, () -> Asyncio.newEventLoop(new VirtualClock())));
    assertInstanceOf(SocketTimeoutException.class, cause(e), cause(e).toString());
    assertTrue(cause(e).getMessage().contains("SSL handshake is taking longer than 5.0 seconds"), cause(e).getMessage());
    assertEquals(5.0, elapsed.get(), 0.5);
  }

  @Test
  void cancelledJavaTask_duringHandshake_closesTheSocket() {
    Asyncio.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      return loop.createServer(() -> new Protocol() {}, "127.0.0.1", 0).thenCompose(server -> closing(server, ((
          CompletableFuture<Void>) (CompletableFuture<?>) CompletableFuture.completedFuture(null)).thenCompose(v -> {
            Task<TransportAndProtocol<Protocol>> t = Asyncio.createTask(() ->
                loop.createConnection(() -> new Protocol() {}, "127.0.0.1", port(server), tlsClient()));
            return Asyncio.sleep(0.05).thenCompose(x -> {
              assertFalse(t.isDone(), "the silent server never finishes the handshake");
              t.cancel();
              return t.handle((r, err) -> {
                assertInstanceOf(CancellationException.class, err);
                return null;
              });
            }).thenCompose(x -> Asyncio.sleep(0.01)).thenApply(x -> {
              assertEquals(1, NetProbe.registrations(loop), "only the listener");
              return null;
            });
          })));
    });
  }

  @Test
  void serverSide_failedHandshake_neverReachesTheHandler_andTheServerKeepsServing() {
    List<String> handled = new CopyOnWriteArrayList<>();
    String out = Asyncio.run(() -> Asyncio.startServer((r, w) -> {
      handled.add("client");
      return echoLoop(r, w);
    }, "127.0.0.1", 0, tlsServer(CERTS.server)).thenCompose(server -> closing(server,
        // a client that does not trust the server: the handshake fails on both ends
        Asyncio.openConnection("127.0.0.1", port(server), ConnectionOptions.defaults().ssl(TestCerts.trusting(CERTS.selfSignedCert)))
            .handle((c, e) -> cause(e))
            .thenCompose(err -> {
              assertInstanceOf(SSLHandshakeException.class, err);
              return Asyncio.openConnection("127.0.0.1", port(server), tlsClient());
            })
            .thenCompose(c -> {
              c.writer().write(b("after\n"));
              return c.reader().readlineAsync().thenApply(TlsJavaTest::s).whenComplete((x, e) -> c.writer().close());
            }))));
    assertEquals("after\n", out);
    assertEquals(List.of("client"), handled);
  }

  @Test
  void badInput_namesTheArgument() {
    Asyncio.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      assertEquals("options", assertThrows(NullPointerException.class,
          () -> loop.createConnection(Rec::new0, "127.0.0.1", 1, (ConnectionOptions) null)).getMessage());
      assertTrue(assertThrows(IllegalArgumentException.class,
          () -> ConnectionOptions.defaults().sslHandshakeTimeout(Duration.ZERO)).getMessage().contains("sslHandshakeTimeout"));
      assertTrue(assertThrows(IllegalArgumentException.class,
          () -> ServerOptions.defaults().sslShutdownTimeout(Duration.ofSeconds(-1))).getMessage().contains("sslShutdownTimeout"));
      assertTrue(assertThrows(IllegalArgumentException.class, () -> loop.createUnixConnection(Rec::new0,
          java.nio.file.Path.of("/nonexistent"), tlsClient())).getMessage().contains("serverHostname"));
      assertEquals("transport", assertThrows(NullPointerException.class,
          () -> loop.startTls(null, new Rec(false), CERTS.client, false, null)).getMessage());
      assertEquals(0, NetProbe.registrations(loop));
      return CompletableFuture.completedFuture(null);
    });
  }

  // ---- start_tls ------------------------------------------------------------------------------------

  @Test
  void streams_startTls_upgradesBothEndsInPlace() {
    String out = Asyncio.run(() -> Asyncio.startServer((r, w) -> r.readlineAsync().thenCompose(line -> {
      assertEquals("STARTTLS\n", s(line));
      w.write(b("GO\n"));
      return w.startTlsAsync(CERTS.server, null); // a server handler: the TLS server side
    }).thenCompose(v -> {
      assertInstanceOf(SSLEngine.class, w.getExtraInfo("ssl_object"));
      return echoLoop(r, w);
    }), "127.0.0.1", 0).thenCompose(server -> closing(server,
        Asyncio.openConnection("127.0.0.1", port(server)).thenCompose(c -> {
          assertNull(c.writer().getExtraInfo("ssl_object"));
          c.writer().write(b("STARTTLS\n"));
          return c.reader().readlineAsync()
              .thenCompose(go -> c.writer().startTlsAsync(CERTS.client, "localhost"))
              .thenCompose(v -> {
                assertEquals(CERTS.serverCert, c.writer().getExtraInfo("peercert"));
                c.writer().write(b("secret\n"));
                return c.reader().readlineAsync();
              })
              .thenApply(TlsJavaTest::s)
              .whenComplete((x, e) -> c.writer().close());
        }))));
    assertEquals("secret\n", out);
  }

  @Test
  void loopStartTls_wrongHost_failsAndAbortsTheConnection() {
    CompletionException e = assertThrows(CompletionException.class, () -> Asyncio.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      return Asyncio.startServer((r, w) -> w.startTlsAsync(CERTS.server, true, null, null)
          .exceptionally(err -> null), "127.0.0.1", 0)
          .thenCompose(server -> closing(server,
              loop.createConnection(() -> new Rec(false), "127.0.0.1", port(server)).thenCompose(tp ->
                  loop.startTls(tp.transport(), tp.protocol(), CERTS.client, false, "wrong.example")
                      .whenComplete((t, err) -> assertTrue(tp.transport().isClosing())))));
    }));
    assertInstanceOf(SSLHandshakeException.class, cause(e));
  }

  // ---- interop with the JDK -----------------------------------------------------------------------

  /** A JDK SSLServerSocket on a plain thread: echoes one line per connection, then closes. */
  static final class JdkServer implements AutoCloseable {
    final SSLServerSocket socket;
    final Thread thread;
    final AtomicReference<Throwable> error = new AtomicReference<>();

    JdkServer(SSLContext ctx, String[] protocols, boolean renegotiate) throws Exception {
      socket = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress());
      if (protocols != null) socket.setEnabledProtocols(protocols);
      thread = new Thread(() -> {
        try (SSLSocket s = (SSLSocket) socket.accept()) {
          s.setSoTimeout(10_000);
          InputStream in = s.getInputStream();
          OutputStream out = s.getOutputStream();
          ByteArrayOutputStream line = new ByteArrayOutputStream();
          int c;
          while ((c = in.read()) != -1) {
            line.write(c);
            if (c == '\n') break;
          }
          if (renegotiate) s.startHandshake();
          out.write(line.toByteArray());
          out.flush();
          while (in.read() != -1) {
            // until the client's close_notify
          }
        } catch (Throwable e) {
          error.set(e);
        }
      }, "jdk-tls-server");
      thread.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    @Override
    public void close() throws Exception {
      socket.close();
      thread.join(10_000);
    }
  }

  @Test
  void client_againstJdkSSLServerSocket() throws Exception {
    try (JdkServer jdk = new JdkServer(CERTS.server, null, false)) {
      String out = Asyncio.run(() -> Asyncio.openConnection("localhost", jdk.port(), tlsClient()).thenCompose(c -> {
        c.writer().write(b("from jasyncio\n"));
        return c.reader().readlineAsync().thenCompose(l -> {
          c.writer().close();
          return c.writer().waitClosedAsync().thenApply(v -> s(l));
        });
      }).thenCompose(x -> NetTestSupport.noRegistrationsLeft().thenApply(v -> x)));
      assertEquals("from jasyncio\n", out);
      jdk.thread.join(10_000);
      assertNull(jdk.error.get());
    }
  }

  @Test
  void close_peerNeverAnswersCloseNotify_socketClosedAfterSslShutdownTimeout() throws Exception {
    // a JDK server that finishes the handshake, then neither reads nor closes until the test ends
    SSLServerSocket ss = (SSLServerSocket) CERTS.server.getServerSocketFactory()
        .createServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress());
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    Thread th = new Thread(() -> {
      try (SSLSocket s = (SSLSocket) ss.accept()) {
        s.startHandshake();
        release.await(20, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // the test decides
      }
    }, "silent-tls-server");
    th.start();
    try {
      Rec p = new Rec(false);
      double elapsed = Asyncio.run(() -> {
        EventLoop loop = Asyncio.getRunningLoop();
        return loop.createConnection(() -> p, "127.0.0.1", ss.getLocalPort(),
            tlsClient().sslShutdownTimeout(Duration.ofMillis(300))).thenCompose(tp -> {
              double t0 = loop.time();
              tp.transport().close();
              return p.lost.thenApply(v -> loop.time() - t0);
            }).thenCompose(x -> NetTestSupport.noRegistrationsLeft().thenApply(v -> x));
      });
      assertTrue(elapsed >= 0.29 && elapsed < 10, "closed after the shutdown timeout, not before: " + elapsed);
      assertEquals(List.of("made true", "lost null"), p.events);
    } finally {
      release.countDown();
      ss.close();
      th.join(10_000);
    }
  }

  @Test
  void protocolMismatch_failsWithSSLHandshakeException() throws Exception {
    try (JdkServer jdk = new JdkServer(CERTS.server, new String[] {"TLSv1.3"}, false)) {
      Throwable e = Asyncio.run(() ->
          Asyncio.openConnection("127.0.0.1", jdk.port(), ConnectionOptions.defaults().ssl(CERTS.clientTls12()))
              .handle((c, x) -> cause(x))
              .thenCompose(x -> NetTestSupport.noRegistrationsLeft().thenApply(v -> x)));
      assertInstanceOf(SSLHandshakeException.class, e, String.valueOf(e));
    }
  }

  @Test
  void renegotiation_isRefused() throws Exception {
    try (JdkServer jdk = new JdkServer(CERTS.server, new String[] {"TLSv1.2"}, true)) {
      Throwable err = Asyncio.run(() -> Asyncio.openConnection("127.0.0.1", jdk.port(), tlsClient()).thenCompose(c -> {
        c.writer().write(b("hi\n"));
        return c.reader().readAsync(-1).handle((x, e) -> cause(e));
      }).thenCompose(x -> NetTestSupport.noRegistrationsLeft().thenApply(v -> x)));
      assertInstanceOf(SSLException.class, err, String.valueOf(err));
      assertTrue(err.getMessage().contains("renegotiation"), err.getMessage());
    }
  }

  static CompletableFuture<Void> readHeaders(io.jasyncio.net.StreamReader r) {
    return r.readlineAsync().thenCompose(l -> l.length <= 2 ? CompletableFuture.completedFuture(null) : readHeaders(r));
  }
}
