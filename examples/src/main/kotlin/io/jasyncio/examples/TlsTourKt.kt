package io.jasyncio.examples

import io.jasyncio.Clock
import io.jasyncio.TimeoutError
import io.jasyncio.kotlin.Semaphore
import io.jasyncio.kotlin.asyncioRun
import io.jasyncio.kotlin.await
import io.jasyncio.kotlin.component1
import io.jasyncio.kotlin.component2
import io.jasyncio.kotlin.createTask
import io.jasyncio.kotlin.openConnection
import io.jasyncio.kotlin.read
import io.jasyncio.kotlin.readline
import io.jasyncio.kotlin.serving
import io.jasyncio.kotlin.startServer
import io.jasyncio.kotlin.timeout
import io.jasyncio.kotlin.withPermit
import io.jasyncio.net.ConnectionOptions
import io.jasyncio.net.ServerOptions
import java.io.PrintStream
import java.net.InetSocketAddress

/** The TLS crawler in Kotlin (the Java twin is `TlsTour.java`). */
object TlsTourKt {
  @JvmStatic
  fun main(args: Array<String>) = run(System.out, Clock.monotonic())

  @JvmStatic
  fun run(out: PrintStream, clock: Clock): Unit = asyncioRun(clock) {
    val cert = TourCertificate.get()
    val server = startServer("127.0.0.1", 0, ServerOptions.defaults().ssl(cert.server)) { reader, writer ->
      val path = String(reader.readline()).split(" ")[1]
      writer.write("HTTP/1.0 200 OK\r\n\r\npage ${path.substring(1)}".toByteArray())
      writer.close()
    }
    val port = (server.sockets()[0].localAddress as InetSocketAddress).port
    out.println("TLS server on 127.0.0.1 with a self-signed certificate for localhost")

    val slots = Semaphore(10)
    var inFlight = 0
    var peak = 0
    val fetches = (0 until 100).map { i ->
      createTask {
        slots.withPermit {
          peak = maxOf(peak, ++inFlight)
          try {
            timeout(10.0) { fetch(cert, port, "/$i") }
          } finally {
            inFlight--
          }
        }
      }
    }
    var ok = 0
    var timedOut = 0
    var protocol: String? = null
    for (f in fetches) {
      try {
        val body = f.await()
        if (body.startsWith("TLSv1") && body.endsWith("page $ok")) {
          protocol = body.substringBefore(' ')
          ok++
        }
      } catch (e: TimeoutError) {
        timedOut++
      }
    }
    out.println("$ok pages fetched over $protocol, at most $peak at a time, $timedOut timed out")
    server.serving { }
    out.println("server closed")
  }

  /** One page: connect over TLS (certificate and host name checked), ask, read to EOF. */
  private suspend fun fetch(cert: TourCertificate, port: Int, path: String): String {
    val (reader, writer) = openConnection("localhost", port, ConnectionOptions.defaults().ssl(cert.client))
    try {
      writer.write("GET $path HTTP/1.0\r\nHost: localhost\r\n\r\n".toByteArray())
      val response = String(reader.read(-1))
      val protocol = (writer.getExtraInfo("cipher") as Array<*>)[1]
      return "$protocol ${response.substringAfter("\r\n\r\n")}"
    } finally {
      writer.close()
    }
  }
}
