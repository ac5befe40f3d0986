package io.jasyncio.examples;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.direct;

import io.jasyncio.Asyncio;
import io.jasyncio.Event;
import io.jasyncio.EventLoop;
import io.jasyncio.net.ClientConnected;
import io.jasyncio.net.Server;
import io.jasyncio.net.StreamConnection;
import io.jasyncio.process.Stdio;
import io.jasyncio.process.Subprocess;
import io.jasyncio.process.SubprocessOptions;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Subprocesses and signals, in Java direct style (its Kotlin twin is {@code ProcessTourKt}): two
 * child processes run at once and are read with {@code gather}; a server that stops cleanly on
 * SIGTERM, which the tour sends to its own JVM with {@code kill}.
 */
public final class ProcessTour {
  private ProcessTour() {}

  public static void main(String[] args) {
    run(System.out, Asyncio::newEventLoop);
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /** Runs the two stops, printing what each does. */
  public static void run(PrintStream out, Supplier<EventLoop> loops) {
    Asyncio.run(direct(() -> {
      twoChildren(out);
      stopOnSigterm(out);
      return null;
    }), loops);
  }

  // ---- 1. two children at once, read with gather -----------------------------------------------

  static void twoChildren(PrintStream out) throws Exception {
    Path dir = Files.createTempDirectory("jasyncio-tour");
    Files.writeString(dir.resolve("a.txt"), "a");
    Files.writeString(dir.resolve("b.txt"), "b");
    SubprocessOptions piped = SubprocessOptions.defaults().stdout(Stdio.PIPE);
    Subprocess ls = await(Asyncio.createSubprocessExec(piped, "ls", dir.toString()));
    Subprocess sh = await(Asyncio.createSubprocessShell(piped, "echo \"6 * 7 = $((6 * 7))\""));
    List<Object> outs = await(Asyncio.gather(ls.communicateAsync(), sh.communicateAsync()));
    for (Object o : outs) {
      out.print(text(((io.jasyncio.process.Communicated) o).stdout()));
    }
    out.println("both exited: " + ls.returncode() + " " + sh.returncode());
    Files.delete(dir.resolve("a.txt"));
    Files.delete(dir.resolve("b.txt"));
    Files.delete(dir);
  }

  // ---- 2. a server that stops cleanly on SIGTERM ------------------------------------------------

  static void stopOnSigterm(PrintStream out) throws Exception {
    EventLoop loop = Asyncio.getRunningLoop();
    Event stop = Event.create();
    loop.addSignalHandler("TERM", stop::set);
    Server server = await(Asyncio.startServer(ClientConnected.direct((reader, writer) -> {
      writer.write("hello\n".getBytes(StandardCharsets.UTF_8));
      await(writer.drainAsync());
      writer.close();
    }), "127.0.0.1", 0));
    int port = ((InetSocketAddress) server.sockets().get(0).getLocalAddress()).getPort();
    StreamConnection c = await(Asyncio.openConnection("127.0.0.1", port));
    out.println("client got: " + text(await(c.reader().readlineAsync())).strip());
    c.writer().close();
    // the tour signals its own JVM, as an operator's `kill` would
    long pid = ProcessHandle.current().pid();
    Subprocess kill = await(Asyncio.createSubprocessExec(SubprocessOptions.defaults(),
        "kill", "-s", "TERM", Long.toString(pid)));
    await(kill.waitAsync());
    await(stop.waitAsync());
    out.println("SIGTERM received: closing the server");
    server.close();
    await(server.waitClosedAsync());
    loop.removeSignalHandler("TERM");
    out.println("server closed cleanly");
  }
}
