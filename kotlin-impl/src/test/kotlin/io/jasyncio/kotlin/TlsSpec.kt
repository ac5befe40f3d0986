package io.jasyncio.kotlin

import io.jasyncio.internal.net.TestCerts
import io.jasyncio.net.BaseProtocol
import io.jasyncio.net.ConnectionOptions
import io.jasyncio.net.Protocol
import io.jasyncio.net.ServerOptions
import io.jasyncio.net.Transport
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import java.net.SocketTimeoutException
import java.nio.ByteBuffer
import java.security.cert.X509Certificate
import javax.net.ssl.SSLContext
import javax.net.ssl.SSLEngine
import javax.net.ssl.SSLException
import javax.net.ssl.SSLHandshakeException
import kotlin.time.Duration.Companion.milliseconds
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout

private val CERTS: TestCerts = TestCerts.get()

private fun tls(ctx: SSLContext = CERTS.client): ConnectionOptions = ConnectionOptions.defaults().ssl(ctx)

private suspend fun tlsEchoServer(ctx: SSLContext = CERTS.server) = startServer("127.0.0.1", 0, ServerOptions.defaults().ssl(ctx)) { r, w ->
  while (true) {
    val line = r.readline()
    if (line.isEmpty()) break
    w.write(line)
    w.drain()
  }
  w.close()
}

/** CPython test_sslproto / test_ssl behaviours (issue 11), restated for the Kotlin face. */
class TlsSpec : FunSpec({
  test("open_connection(ssl=...) to start_server(ssl=...): echo, extra info, close_notify, nothing left registered") {
    runReal {
      val server = tlsEchoServer()
      val (r, w) = openConnection("127.0.0.1", server.port(), tls())
      w.write(b("one\n"))
      w.write(b("two\n"))
      w.drain()
      r.readline().s() shouldBe "one\n"
      r.readline().s() shouldBe "two\n"
      w.getExtraInfo("ssl_object").shouldBeInstanceOf<SSLEngine>()
      w.getExtraInfo("sslcontext") shouldBe CERTS.client
      (w.getExtraInfo("peercert") as X509Certificate) shouldBe CERTS.serverCert
      (w.getExtraInfo("cipher") as Array<*>)[1].toString() shouldContain "TLSv1."
      w.getExtraInfo("compression") shouldBe null
      w.canWriteEof().shouldBeFalse()
      shouldThrow<UnsupportedOperationException> { w.writeEof() }
      w.close()
      w.waitClosed()
      server.close()
      server.waitClosed()
      registrations() shouldBe 0
    }
  }

  test("the server's certificate must be trusted and match the host name; checkHostname(false) is the explicit way out") {
    runReal {
      val good = tlsEchoServer()
      val wrong = tlsEchoServer(CERTS.wrongHost)
      val expired = tlsEchoServer(CERTS.expired)
      val untrusted = tlsEchoServer(CERTS.selfSigned)
      shouldThrow<SSLHandshakeException> { openConnection("127.0.0.1", wrong.port(), tls()) }.message!! shouldContain "127.0.0.1"
      shouldThrow<SSLHandshakeException> { openConnection("127.0.0.1", untrusted.port(), tls()) }.message!! shouldContain "PKIX"
      shouldThrow<SSLHandshakeException> { openConnection("127.0.0.1", expired.port(), tls()) }
      shouldThrow<SSLHandshakeException> {
        openConnection("127.0.0.1", good.port(), tls().serverHostname("wrong.example"))
      }.message!! shouldContain "wrong.example"
      // by name: "localhost" is in the certificate and is sent as SNI
      val (r, w) = openConnection("localhost", good.port(), tls())
      w.write(b("by name\n"))
      r.readline().s() shouldBe "by name\n"
      w.close()
      val (r2, w2) = openConnection("127.0.0.1", wrong.port(), tls().checkHostname(false))
      w2.write(b("unchecked\n"))
      r2.readline().s() shouldBe "unchecked\n"
      w2.close()
      w2.waitClosed()
      for (s in listOf(good, wrong, expired, untrusted)) s.serving { }
      registrations() shouldBe 0
    }
  }

  test("a peer speaking plain text fails the handshake with an SSLException") {
    runReal {
      val server = startServer("127.0.0.1", 0) { _, w ->
        w.write(b("220 smtp.example ESMTP ready\r\n"))
        w.drain()
        w.close()
      }
      shouldThrow<SSLException> { openConnection("127.0.0.1", server.port(), tls()) }
      server.serving { }
      registrations() shouldBe 0
    }
  }

  test("a handshake that never finishes times out after sslHandshakeTimeout (virtual clock), the socket closed") {
    runVirtual {
      val server = getRunningLoop().createServer({ object : Protocol {} }, "127.0.0.1", 0).await()
      val t0 = getRunningLoop().time()
      val e = shouldThrow<SocketTimeoutException> {
        openConnection("127.0.0.1", server.port(), tls().sslHandshakeTimeout(java.time.Duration.ofSeconds(60)))
      }
      e.message!! shouldContain "60.0 seconds"
      (getRunningLoop().time() - t0) shouldBe (60.0 plusOrMinus 0.5)
      server.serving { } // waits for the server's side of the connection too
      registrations() shouldBe 0
    }
  }

  test("cancelling the coroutine during the handshake closes the socket; the server sees the connection go") {
    runReal {
      val lost = CompletableDeferred<Throwable?>()
      val server = getRunningLoop().createServer({
        object : Protocol {
          override fun connectionLost(exc: Throwable?) {
            lost.complete(exc)
          }
        }
      }, "127.0.0.1", 0).await()
      shouldThrow<CancellationException> {
        withTimeout(100.milliseconds) { openConnection("127.0.0.1", server.port(), tls()) }
      }
      lost.await()
      registrations() shouldBe 1
      server.serving { }
    }
  }

  test("StreamWriter.startTls upgrades a plain connection in place (STARTTLS) on both ends") {
    runReal {
      val server = startServer("127.0.0.1", 0) { r, w ->
        r.readline().s() shouldBe "STARTTLS\n"
        w.write(b("GO\n"))
        w.startTls(CERTS.server) // a server handler: the TLS server side, as asyncio
        w.write(r.readline())
        w.close()
      }
      val (r, w) = openConnection("127.0.0.1", server.port())
      w.write(b("STARTTLS\n"))
      r.readline().s() shouldBe "GO\n"
      w.getExtraInfo("ssl_object") shouldBe null
      w.startTls(CERTS.client, serverHostname = "localhost")
      w.getExtraInfo("ssl_object").shouldBeInstanceOf<SSLEngine>()
      w.write(b("encrypted\n"))
      r.readline().s() shouldBe "encrypted\n"
      r.read(-1).s() shouldBe ""
      w.close()
      w.waitClosed()
      server.serving { }
      registrations() shouldBe 0
    }
  }

  test("loop-level startTls: the protocol keeps its connectionMade and gets the decrypted data") {
    runReal {
      val server = startServer("127.0.0.1", 0) { r, w ->
        w.startTls(CERTS.server)
        w.write(b("hello over tls"))
        w.close()
      }
      val got = StringBuilder()
      val done = CompletableDeferred<Unit>()
      val events = ArrayList<String>()
      val p = object : Protocol {
        override fun connectionMade(transport: Transport) { events += "made" }
        override fun dataReceived(data: ByteBuffer) { got.append(Charsets.UTF_8.decode(data)) }
        override fun connectionLost(exc: Throwable?) { events += "lost"; done.complete(Unit) }
      }
      val tp = getRunningLoop().createConnection({ p }, "127.0.0.1", server.port()).await()
      val t = startTls(tp.transport(), p as BaseProtocol, CERTS.client, serverHostname = "127.0.0.1")
      t.getExtraInfo("peercert") shouldBe CERTS.serverCert
      done.await()
      got.toString() shouldBe "hello over tls"
      events shouldContainExactly listOf("made", "lost")
      server.serving { }
    }
  }

  test("a TLS server survives a client that fails the handshake; the handler never sees it") {
    runReal {
      var handled = 0
      val server = startServer("127.0.0.1", 0, ServerOptions.defaults().ssl(CERTS.server)) { r, w ->
        handled++
        w.write(r.readline())
        w.close()
      }
      shouldThrow<SSLHandshakeException> { openConnection("127.0.0.1", server.port(), tls(TestCerts.trusting(CERTS.selfSignedCert))) }
      val (r, w) = openConnection("127.0.0.1", server.port(), tls())
      w.write(b("ok\n"))
      r.readline().s() shouldBe "ok\n"
      w.close()
      w.waitClosed()
      server.serving { }
      handled shouldBe 1
    }
  }

  test("a BufferedProtocol behind TLS gets the decrypted bytes through getBuffer/bufferUpdated, in small buffers") {
    runReal {
      val payload = ByteArray(200_000) { (it % 251).toByte() }
      val server = startServer("127.0.0.1", 0, ServerOptions.defaults().ssl(CERTS.server)) { _, w ->
        w.write(payload)
        w.drain()
        w.close()
      }
      val got = java.io.ByteArrayOutputStream()
      val done = CompletableDeferred<Unit>()
      val buf = ByteBuffer.allocate(1000) // smaller than a TLS record: one record takes several calls
      val p = object : io.jasyncio.net.BufferedProtocol {
        override fun getBuffer(sizeHint: Int): ByteBuffer = buf.clear()
        override fun bufferUpdated(nbytes: Int) { got.write(buf.array(), 0, nbytes) }
        override fun connectionLost(exc: Throwable?) { done.complete(Unit) }
      }
      getRunningLoop().createConnection({ p }, "127.0.0.1", server.port(), tls()).await()
      done.await()
      got.toByteArray().contentEquals(payload).shouldBeTrue()
      server.serving { }
      registrations() shouldBe 0
    }
  }

  test("TLS over Unix domain sockets: a server host name is required while the check is on") {
    val dir = java.nio.file.Files.createTempDirectory("jasyncio-tls-unix")
    val path = dir.resolve("s.sock")
    try {
      runReal {
        val server = startUnixServer(path, ServerOptions.defaults().ssl(CERTS.server)) { r, w ->
          w.write(r.readline())
          w.close()
        }
        shouldThrow<IllegalArgumentException> { openUnixConnection(path, tls()) }.message!! shouldContain "serverHostname"
        val (r, w) = openUnixConnection(path, tls().serverHostname("localhost"))
        w.write(b("over unix\n"))
        r.readline().s() shouldBe "over unix\n"
        w.close()
        w.waitClosed()
        server.serving { }
        registrations() shouldBe 0
      }
    } finally {
      java.nio.file.Files.deleteIfExists(path)
      java.nio.file.Files.delete(dir)
    }
  }

  test("closeClients on a TLS server closes each client with close_notify: the client reads EOF") {
    runReal {
      val inHandler = CompletableDeferred<Unit>()
      val server = startServer("127.0.0.1", 0, ServerOptions.defaults().ssl(CERTS.server)) { r, _ ->
        inHandler.complete(Unit)
        r.read(-1)
      }
      val (r, w) = openConnection("127.0.0.1", server.port(), tls())
      inHandler.await()
      server.close()
      server.closeClients()
      r.read(-1).s() shouldBe ""
      w.close()
      w.waitClosed()
      server.waitClosed()
      registrations() shouldBe 0
    }
  }
})
