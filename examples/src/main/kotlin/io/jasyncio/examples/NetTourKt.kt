package io.jasyncio.examples

import io.jasyncio.Clock
import io.jasyncio.kotlin.asyncioRun
import io.jasyncio.kotlin.await
import io.jasyncio.kotlin.component1
import io.jasyncio.kotlin.component2
import io.jasyncio.kotlin.drain
import io.jasyncio.kotlin.createTask
import io.jasyncio.kotlin.getRunningLoop
import io.jasyncio.kotlin.lines
import io.jasyncio.kotlin.openConnection
import io.jasyncio.kotlin.read
import io.jasyncio.kotlin.readline
import io.jasyncio.kotlin.readuntil
import io.jasyncio.kotlin.serving
import io.jasyncio.kotlin.sleep
import io.jasyncio.kotlin.startServer
import io.jasyncio.kotlin.waitClosed
import io.jasyncio.net.Protocol
import io.jasyncio.net.Server
import io.jasyncio.net.Transport
import java.io.PrintStream
import java.net.InetSocketAddress
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.ByteBuffer
import kotlinx.coroutines.future.await as awaitStage

/** The networking stops in Kotlin (the Java twin is `NetTour.java`). */
object NetTourKt {
  @JvmStatic
  fun main(args: Array<String>) = run(System.out, Clock.monotonic())

  private fun Server.port(): Int = (sockets()[0].localAddress as InetSocketAddress).port

  private const val BODY = "Hello from jasyncio\n"

  private fun response(body: String): ByteArray =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n$body".toByteArray()

  @JvmStatic
  fun run(out: PrintStream, clock: Clock): Unit = asyncioRun(clock) {
    // 1. echo server and client
    startServer("127.0.0.1", 0) { reader, writer ->
      reader.lines().collect { line ->
        writer.write(line)
        writer.drain()
      }
      writer.close()
    }.serving { server ->
      out.println("echo server listening on 127.0.0.1")
      val (reader, writer) = openConnection("127.0.0.1", server.port())
      writer.write("hello, loop\n".toByteArray())
      out.println("client sent: hello, loop")
      out.println("client got:  ${String(reader.readline()).trim()}")
      writer.close()
      writer.waitClosed()
    }

    // 2. an HTTP responder with startServer, asked by the JDK HttpClient
    startServer("127.0.0.1", 0) { reader, writer ->
      val requestLine = String(reader.readuntil("\r\n\r\n".toByteArray())).lineSequence().first()
      writer.write(response(BODY.replace("jasyncio", "jasyncio streams ($requestLine)")))
      writer.close()
    }.serving { server ->
      out.println("HTTP responder (startServer) listening")
      out.println("HttpClient got: ${get(server.port(), "/streams")}")
    }

    // 3. the same responder as a Protocol
    getRunningLoop().createServer({ HttpProtocol() }, "127.0.0.1", 0).await().serving { server ->
      out.println("HTTP responder (Protocol) listening")
      out.println("HttpClient got: ${get(server.port(), "/protocol")}")
    }

    // 4. a handler that sleeps per request, 100 clients at once
    startServer("127.0.0.1", 0) { reader, writer ->
      val line = reader.readline()
      sleep(0.1) // a slow request: others are served meanwhile
      writer.write("done ".toByteArray() + line)
      writer.close()
    }.serving { server ->
      val loop = getRunningLoop()
      val t0 = loop.time()
      val answers = (0 until 100).map { i ->
        createTask {
          val (reader, writer) = openConnection("127.0.0.1", server.port())
          writer.write("request $i\n".toByteArray())
          String(reader.read(-1)).also { writer.close() }
        }
      }.map { it.await() }
      val ok = answers.count { it.startsWith("done request") }
      out.printf("%d clients served by a handler that sleeps 0.1 s each: %.2f s in all%n", ok, loop.time() - t0)
    }
  }

  private suspend fun get(port: Int, path: String): String {
    val http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
    val req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:$port$path")).build()
    val r = http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).awaitStage()
    return "${r.statusCode()} ${r.body().trim()}"
  }

  /** Collects the request head, then answers and closes: the transport/protocol level. */
  private class HttpProtocol : Protocol {
    private val head = StringBuilder()
    private lateinit var transport: Transport

    override fun connectionMade(transport: Transport) {
      this.transport = transport
    }

    override fun dataReceived(data: ByteBuffer) {
      head.append(Charsets.ISO_8859_1.decode(data))
      if (head.contains("\r\n\r\n") && !transport.isClosing) {
        val requestLine = head.substring(0, head.indexOf("\r\n"))
        transport.write(response(BODY.replace("jasyncio", "a jasyncio Protocol ($requestLine)")))
        transport.close() // flushes first
      }
    }
  }
}
