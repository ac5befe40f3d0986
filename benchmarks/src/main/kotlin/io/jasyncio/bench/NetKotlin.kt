package io.jasyncio.bench

import io.jasyncio.kotlin.asyncioRun
import io.jasyncio.kotlin.await
import io.jasyncio.kotlin.component1
import io.jasyncio.kotlin.component2
import io.jasyncio.kotlin.createTask
import io.jasyncio.kotlin.drain
import io.jasyncio.kotlin.read
import io.jasyncio.kotlin.readInto
import io.jasyncio.kotlin.readexactly
import io.jasyncio.kotlin.readline
import io.jasyncio.kotlin.sleep
import io.jasyncio.kotlin.startServer
import io.jasyncio.kotlin.openConnection
import io.jasyncio.kotlin.submit
import io.jasyncio.kotlin.waitClosed
import io.jasyncio.net.IncompleteReadError
import io.jasyncio.net.Server
import io.jasyncio.net.ServerOptions
import io.jasyncio.net.StreamWriter
import java.net.InetSocketAddress
import java.util.Locale
import kotlinx.coroutines.CompletableDeferred

/** W9-W11 through the Kotlin face (suspend streams), as the kit's asyncio program does them. */
object NetKotlin {
  private fun Server.port(): Int = (sockets()[0].localAddress as InetSocketAddress).port

  private suspend fun echoServer(): Server = startServer("127.0.0.1", 0, NetJava.serverOptions()) { r, w ->
    try {
      while (true) {
        val data = r.readexactly(Registry.ECHO_SIZE)
        w.write(data)
        w.drain()
      }
    } catch (e: IncompleteReadError) {
      // the client is done
    } finally {
      w.close()
    }
  }

  private suspend fun clients(port: Int) {
    val msg = ByteArray(Registry.ECHO_SIZE) { 'x'.code.toByte() }
    val tasks = List(Registry.ECHO_CONNS) {
      createTask {
        val (r, w) = openConnection("127.0.0.1", port, NetJava.clientOptions())
        repeat(Registry.ECHO_TRIPS) {
          w.write(msg)
          w.drain()
          if (!r.readexactly(msg.size).contentEquals(msg)) throw AssertionError("bad echo")
        }
        w.close()
        w.waitClosed()
      }
    }
    for (t in tasks) t.await()
  }

  fun echo(twoLoops: Boolean): Result {
    val n = (Registry.ECHO_CONNS * Registry.ECHO_TRIPS).toLong()
    val param = "conns=${Registry.ECHO_CONNS},trips=${Registry.ECHO_TRIPS},bytes=${Registry.ECHO_SIZE}"
    if (!twoLoops) {
      return asyncioRun {
        val s = echoServer()
        val t0 = System.nanoTime()
        clients(s.port())
        val dt = Result.secondsSince(t0)
        s.close()
        s.waitClosed()
        Result.of(param, n, dt)
      }
    }
    val serverLoop = io.jasyncio.Asyncio.newEventLoop()
    val t = Thread(serverLoop::runForever, "server-loop")
    t.start()
    try {
      val s = serverLoop.submit { echoServer() }.get()
      val port = s.port()
      val r = asyncioRun {
        val t0 = System.nanoTime()
        clients(port)
        Result.of(param, n, Result.secondsSince(t0))
      }
      serverLoop.submit {
        s.close()
        s.waitClosed()
      }.get()
      return r
    } finally {
      serverLoop.callSoonThreadsafe(serverLoop::stop)
      t.join()
      serverLoop.close()
    }
  }

  fun bulk(into: Boolean = false): Result = asyncioRun {
    val total = Registry.BULK_BYTES
    val received = CompletableDeferred<Long>()
    val s = startServer("127.0.0.1", 0) { r, w ->
      var n = 0L
      if (into) {
        val b = java.nio.ByteBuffer.allocate(Registry.BULK_CHUNK) // W10-into: one reused buffer
        while (true) {
          b.clear()
          val k = r.readInto(b)
          if (k < 0) break
          n += k
        }
      } else {
        while (true) {
          val d = r.read(Registry.BULK_CHUNK)
          if (d.isEmpty()) break
          n += d.size
        }
      }
      received.complete(n)
      w.close()
    }
    val (_, w) = openConnection("127.0.0.1", s.port())
    val chunk = ByteArray(Registry.BULK_CHUNK)
    val t0 = System.nanoTime()
    repeat((total / chunk.size).toInt()) {
      w.write(chunk)
      w.drain()
    }
    w.writeEof()
    val n = received.await()
    val dt = Result.secondsSince(t0)
    Result.checkCount(n, total)
    w.close()
    s.close()
    s.waitClosed()
    Result(
      "bytes=$total,chunk=${Registry.BULK_CHUNK}", total, dt,
      linkedMapOf("mb_per_s" to String.format(Locale.ROOT, "%.0f", total / 1048576.0 / dt)),
    )
  }

  fun idle(n: Int): Result = asyncioRun {
    var parked = 0
    val before = NetJava.heapUsed()
    val s = startServer("127.0.0.1", 0, ServerOptions.defaults().backlog(1024)) { r, w ->
      parked++
      try {
        r.readline()
      } finally {
        w.close()
      }
    }
    val t0 = System.nanoTime()
    val writers = ArrayList<StreamWriter>(n)
    repeat(n) { writers += openConnection("127.0.0.1", s.port()).writer() }
    while (parked < n) sleep(0.001)
    val dt = Result.secondsSince(t0)
    val perConn = (NetJava.heapUsed() - before) / n
    for (w in writers) w.close()
    s.close()
    s.waitClosed()
    Result("conns=$n", n.toLong(), dt, linkedMapOf("heap_bytes_per_conn" to perConn.toString()))
  }
}
