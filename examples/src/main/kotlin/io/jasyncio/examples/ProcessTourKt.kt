package io.jasyncio.examples

import io.jasyncio.Clock
import io.jasyncio.kotlin.Event
import io.jasyncio.kotlin.await
import io.jasyncio.kotlin.asyncioRun
import io.jasyncio.kotlin.communicate
import io.jasyncio.kotlin.createSubprocessExec
import io.jasyncio.kotlin.createSubprocessShell
import io.jasyncio.kotlin.drain
import io.jasyncio.kotlin.gather
import io.jasyncio.kotlin.getRunningLoop
import io.jasyncio.kotlin.openConnection
import io.jasyncio.kotlin.component1
import io.jasyncio.kotlin.component2
import io.jasyncio.kotlin.readline
import io.jasyncio.kotlin.startServer
import io.jasyncio.kotlin.wait
import io.jasyncio.kotlin.waitClosed
import io.jasyncio.process.Stdio
import java.io.PrintStream
import java.net.InetSocketAddress
import java.nio.file.Files

/** The subprocess and signal stops in Kotlin (the Java twin is `ProcessTour.java`). */
object ProcessTourKt {
  @JvmStatic
  fun main(args: Array<String>) = run(System.out, Clock.monotonic())

  @JvmStatic
  fun run(out: PrintStream, clock: Clock): Unit = asyncioRun(clock) {
    // 1. two children at once, read with gather
    val dir = Files.createTempDirectory("jasyncio-tour")
    Files.writeString(dir.resolve("a.txt"), "a")
    Files.writeString(dir.resolve("b.txt"), "b")
    val ls = createSubprocessExec("ls", dir.toString(), stdout = Stdio.PIPE)
    val sh = createSubprocessShell("echo \"6 * 7 = \$((6 * 7))\"", stdout = Stdio.PIPE)
    val outs = gather({ ls.communicate() }, { sh.communicate() })
    for (o in outs) out.print(String(o.stdout()!!))
    out.println("both exited: ${ls.returncode()} ${sh.returncode()}")
    Files.delete(dir.resolve("a.txt"))
    Files.delete(dir.resolve("b.txt"))
    Files.delete(dir)

    // 2. a server that stops cleanly on SIGTERM
    val loop = getRunningLoop()
    val stop = Event()
    loop.addSignalHandler("TERM") { stop.set() }
    val server = startServer("127.0.0.1", 0) { _, writer ->
      writer.write("hello\n".toByteArray())
      writer.drain()
      writer.close()
    }
    val port = (server.sockets()[0].localAddress as InetSocketAddress).port
    val (reader, writer) = openConnection("127.0.0.1", port)
    out.println("client got: ${String(reader.readline()).trim()}")
    writer.close()
    // the tour signals its own JVM, as an operator's `kill` would
    createSubprocessExec("kill", "-s", "TERM", ProcessHandle.current().pid().toString()).wait()
    stop.wait()
    out.println("SIGTERM received: closing the server")
    server.close()
    server.waitClosed()
    loop.removeSignalHandler("TERM")
    out.println("server closed cleanly")
  }
}
