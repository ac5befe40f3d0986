package io.jasyncio.internal.process;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.direct;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.DirectCallable;
import io.jasyncio.EventLoop;
import io.jasyncio.ExceptionContext;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;
import io.jasyncio.net.StreamReader;
import io.jasyncio.process.Communicated;
import io.jasyncio.process.Stdio;
import io.jasyncio.process.Subprocess;
import io.jasyncio.process.SubprocessOptions;
import io.jasyncio.process.SubprocessProtocol;
import io.jasyncio.process.SubprocessTransport;
import io.jasyncio.process.SubprocessTransportAndProtocol;
import io.jasyncio.process.Subprocesses;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** CPython test_asyncio/test_subprocess.py, restated for the Java face (POSIX tools). */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SubprocessJavaTest {
  static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  static String s(byte[] b) {
    return b == null ? null : new String(b, UTF_8);
  }

  static <T> T run(DirectCallable<T> body) {
    return Asyncio.run(direct(body));
  }

  static Subprocess exec(SubprocessOptions o, String program, String... args) throws Exception {
    return await(Subprocesses.createSubprocessExec(o, program, args));
  }

  @Test
  void stdinStdout_throughCat_thenWait() {
    List<Object> out = run(() -> {
      Subprocess p = exec(SubprocessOptions.defaults().stdin(Stdio.PIPE).stdout(Stdio.PIPE), "cat");
      Integer before = p.returncode();
      p.stdin().write(b("hello\n"));
      await(p.stdin().drainAsync());
      String line = s(await(p.stdout().readlineAsync()));
      p.stdin().close();
      byte[] rest = await(p.stdout().readAsync(-1));
      int rc = await(p.waitAsync());
      return List.of(String.valueOf(before), line, rest.length, rc, p.returncode());
    });
    assertEquals(List.of("null", "hello\n", 0, 0, 0), out);
  }

  @Test
  void communicate_feedsStdinAndReadsBoth_noDeadlockWithOneMebibyte() {
    byte[] input = new byte[1 << 20];
    for (int i = 0; i < input.length; i++) input[i] = (byte) i;
    Communicated c = run(() -> {
      Subprocess p = exec(SubprocessOptions.pipes(), "sh", "-c", "cat; echo err >&2");
      return await(p.communicateAsync(input));
    });
    assertArrayEquals(input, c.stdout());
    assertEquals("err\n", s(c.stderr()));
  }

  @Test
  void shell_exitStatus_andEmptyCommunicate() {
    List<Object> out = run(() -> {
      Subprocess p = await(Asyncio.createSubprocessShell(SubprocessOptions.defaults().stdout(Stdio.PIPE), "echo hi; exit 7"));
      Communicated c = await(p.communicateAsync());
      return List.of(s(c.stdout()), String.valueOf(c.stderr()), p.returncode());
    });
    assertEquals(List.of("hi\n", "null", 7), out);
  }

  @Test
  void kill_terminate_sendSignal_giveMinusSignalNumber() {
    List<Integer> rcs = run(() -> {
      List<Integer> r = new ArrayList<>();
      // USR2, not HUP: a child inherits ignored dispositions, and under nohup HUP is ignored
      for (String how : List.of("kill", "terminate", "USR2", "SIGUSR1")) {
        Subprocess p = exec(SubprocessOptions.defaults(), "sleep", "30");
        switch (how) {
          case "kill" -> p.kill();
          case "terminate" -> p.terminate();
          default -> p.sendSignal(how);
        }
        r.add(await(p.waitAsync()));
        p.kill(); // exited: a no-op
      }
      return r;
    });
    assertEquals(List.of(-9, -15, -12, -10), rcs);
  }

  @Test
  void sendSignal_unknownName_isIllegalArgument() {
    run(() -> {
      Subprocess p = exec(SubprocessOptions.defaults(), "sleep", "30");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.sendSignal("NOPE"));
      assertTrue(e.getMessage().contains("NOPE"), e.getMessage());
      p.kill();
      return await(p.waitAsync());
    });
  }

  @Test
  void devnull_stdout_intoStdout_andFiles(@TempDir Path dir) throws Exception {
    Path in = dir.resolve("in.txt");
    Files.writeString(in, "from file\n");
    Path outFile = dir.resolve("out.txt");
    List<Object> out = run(() -> {
      Subprocess merged = exec(SubprocessOptions.defaults().stdout(Stdio.PIPE).stderr(Stdio.STDOUT),
          "sh", "-c", "echo out; echo err >&2");
      Communicated c = await(merged.communicateAsync());
      Subprocess nul = exec(SubprocessOptions.defaults().stdin(Stdio.DEVNULL).stdout(Stdio.PIPE).stderr(Stdio.DEVNULL),
          "sh", "-c", "cat; echo err >&2");
      Communicated n = await(nul.communicateAsync());
      Subprocess files = exec(SubprocessOptions.defaults().stdin(Stdio.file(in)).stdout(Stdio.file(outFile)), "cat");
      int rc = await(files.waitAsync());
      return List.of(s(c.stdout()), String.valueOf(c.stderr()), n.stdout().length, String.valueOf(n.stderr()),
          String.valueOf(merged.stdin()), rc);
    });
    assertEquals(List.of("out\nerr\n", "null", 0, "null", "null", 0), out);
    assertEquals("from file\n", Files.readString(outFile));
  }

  @Test
  void cwd_env_limit(@TempDir Path dir) {
    String out = run(() -> {
      Subprocess p = exec(SubprocessOptions.defaults().stdout(Stdio.PIPE).cwd(dir).env(Map.of("JASYNCIO_X", "42")).limit(10),
          "/bin/sh", "-c", "pwd; echo $JASYNCIO_X; echo ${HOME:-nohome}");
      assertEquals(10, p.stdout().limit());
      return s(await(p.communicateAsync()).stdout());
    });
    assertEquals(dir.toAbsolutePath() + "\n42\nnohome\n", out);
  }

  @Test
  void programNotFound_nonExecutable_badCwd_failTheAwaitedCall(@TempDir Path dir) throws Exception {
    Path script = dir.resolve("script.sh");
    Files.writeString(script, "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
    List<String> messages = run(() -> {
      List<String> m = new ArrayList<>();
      for (SubprocessOptions o : List.of(SubprocessOptions.defaults(), SubprocessOptions.defaults(),
          SubprocessOptions.defaults().cwd(dir.resolve("missing")))) {
        String program = m.isEmpty() ? "jasyncio-no-such-program" : m.size() == 1 ? script.toString() : "true";
        var f = Subprocesses.createSubprocessExec(o, program); // fails only when awaited
        IOException e = assertThrows(IOException.class, () -> await(f));
        m.add(e.getMessage());
      }
      return m;
    });
    assertTrue(messages.get(0).contains("jasyncio-no-such-program"), messages.get(0));
    assertTrue(messages.get(1).contains("script.sh") && messages.get(1).contains("Permission denied"), messages.get(1));
    assertTrue(messages.get(2).contains("missing"), messages.get(2));
  }

  @Test
  void badArguments_throwAtOnce() {
    run(() -> {
      assertThrows(NullPointerException.class, () -> Subprocesses.createSubprocessExec((String) null));
      assertThrows(IllegalArgumentException.class, () -> Subprocesses.createSubprocessExec(""));
      assertThrows(IllegalArgumentException.class, () -> Subprocesses.createSubprocessShell(""));
      assertThrows(IllegalArgumentException.class, () -> SubprocessOptions.defaults().stdout(Stdio.STDOUT));
      assertThrows(IllegalArgumentException.class, () -> SubprocessOptions.defaults().limit(0));
      assertThrows(NullPointerException.class, () -> Subprocesses.createSubprocessExec("true", "a", null));
      return null;
    });
    assertThrows(IllegalStateException.class, () -> Subprocesses.createSubprocessExec("true"));
  }

  @Test
  void childClosesStdinEarly_writeThenDrainRaisesBrokenPipe_noHang() {
    String msg = run(() -> {
      Subprocess p = exec(SubprocessOptions.pipes(), "sh", "-c", "exec 0<&-; echo closed; exec sleep 30");
      assertEquals("closed\n", s(await(p.stdout().readlineAsync())));
      p.stdin().write(new byte[256 * 1024]);
      IOException e = assertThrows(IOException.class, () -> await(p.stdin().drainAsync()));
      p.kill();
      await(p.waitAsync());
      return e.getMessage();
    });
    assertTrue(msg.contains("Broken pipe"), msg);
  }

  @Test
  void childKilledWhileCommunicateWrites_outputStillReturned() {
    List<Object> out = run(() -> {
      Subprocess p = exec(SubprocessOptions.pipes(), "sh", "-c", "echo started; exec sleep 30");
      assertEquals("started\n", s(await(p.stdout().readlineAsync())));
      var c = p.communicateAsync(new byte[4 << 20]); // far more than the pipe holds: the writer blocks
      await(Asyncio.sleep(0.05));
      p.kill();
      Communicated r = await(c);
      return List.of(r.stdout().length, s(r.stderr()), p.returncode());
    });
    assertEquals(List.of(0, "", -9), out);
  }

  /** Nothing left running: a child whose creation was cancelled while it started is killed once it has. */
  @Test
  void creationCancelledWhileTheChildStarts_theChildIsKilledOnceStarted() {
    String out = run(() -> {
      Task<Subprocess> t = Asyncio.createTask(() -> Subprocesses.createSubprocessExec("sleep", "31.5"));
      await(Asyncio.sleep(0)); // t's first step ran: a starter thread is starting the child
      t.cancel();
      try {
        await(t);
        return "created";
      } catch (java.util.concurrent.CancellationException e) {
        return "cancelled";
      }
    });
    assertEquals("cancelled", out);
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (sleepers() > 0 && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(10));
    }
    assertEquals(0, sleepers(), "the child of the cancelled creation still runs");
  }

  /** Children of this JVM running {@code sleep 31.5}. */
  private static long sleepers() {
    return ProcessHandle.current().children()
        .filter(ProcessHandle::isAlive)
        .filter(ph -> ph.info().arguments().map(a -> List.of(a).contains("31.5")).orElse(false))
        .count();
  }

  @Test
  void cancelledWait_andCommunicate_leaveTheChildRunning_waitForThenKill() {
    List<Object> out = run(() -> {
      Subprocess p = exec(SubprocessOptions.defaults().stdout(Stdio.PIPE), "sleep", "30");
      Task<Integer> w = Asyncio.createTask(() -> p.waitAsync());
      await(Asyncio.sleep(0.01));
      w.cancel();
      Task<Communicated> c = Asyncio.createTask(() -> p.communicateAsync());
      await(Asyncio.sleep(0.01));
      c.cancel();
      await(Asyncio.sleep(0.01));
      Integer stillRunning = p.returncode();
      TimeoutError te = null;
      try {
        await(Asyncio.waitFor(p.waitAsync(), 0.05));
      } catch (TimeoutError e) {
        te = e;
        p.kill();
      }
      int rc = await(p.waitAsync());
      return List.of(w.cancelled(), c.cancelled(), String.valueOf(stillRunning), te != null, rc);
    });
    assertEquals(List.of(true, true, "null", true, -9), out);
  }

  @Test
  void javaTasks_cancelledAtEachAwaitPoint_nothingLostTheChildGoesOn() {
    // a Java stage task: spawn, read a line, write, drain, wait; cancelled at each point in turn
    for (int point = 0; point < 4; point++) {
      int at = point;
      List<Object> out = run(() -> {
        Subprocess p = exec(SubprocessOptions.pipes(), "sh", "-c", "read x; echo got $x; read y; echo got $y");
        List<String> seen = new CopyOnWriteArrayList<>();
        p.stdin().write(b("a\n"));
        Task<Object> t = Asyncio.createTask(() -> p.stdout().readlineAsync()
            .thenCompose(l -> {
              seen.add(s(l));
              return p.stdout().readlineAsync();
            })
            .thenApply(l -> {
              seen.add(s(l));
              return null;
            }));
        for (int i = 0; i < at; i++) await(Asyncio.sleep(0));
        t.cancel();
        assertThrows(CancelledError.class, () -> await(t));
        // whatever the cancelled task did not read is still there for us
        p.stdin().write(b("b\n"));
        p.stdin().close();
        byte[] rest = await(p.stdout().readAsync(-1));
        int rc = await(p.waitAsync());
        return List.of(String.join("", seen) + s(rest), rc);
      });
      assertEquals(List.of("got a\ngot b\n", 0), out, "cancelled at point " + at);
    }
  }

  @Test
  void backpressure_aChildWritingMoreThanAnyoneReads_isParkedNotBuffered() {
    int limit = 16 * 1024;
    long total = 8L << 20;
    List<Long> out = run(() -> {
      Subprocess p = exec(SubprocessOptions.defaults().stdout(Stdio.PIPE).limit(limit), "head", "-c", String.valueOf(total), "/dev/zero");
      ReadPipe pipe = (ReadPipe) p.transport().getPipeTransport(1);
      // nobody reads: the reader passes 2 x limit, pauses the pipe, and the pump parks
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!pipe.parked || pipe.isReading()) {
        assertTrue(System.nanoTime() < deadline, "the pump never parked: " + pipe);
        await(Asyncio.sleep(0.001));
      }
      long held = pipe.bytesRead;
      await(Asyncio.sleep(0.05)); // a parked pump reads nothing more
      long heldLater = pipe.bytesRead;
      long read = 0;
      while (true) {
        byte[] chunk = await(p.stdout().readAsync(1 << 16));
        if (chunk.length == 0) break;
        read += chunk.length;
      }
      return List.of(held, heldLater, read, (long) await(p.waitAsync()), (long) (p.returncode() == null ? 1 : 0));
    });
    long bound = 2L * limit + (long) (ReadPipe.MAX_IN_FLIGHT + 1) * ReadPipe.CHUNK;
    assertTrue(out.get(0) <= bound, "held " + out.get(0) + " > " + bound);
    assertEquals(out.get(0), out.get(1));
    assertEquals(List.of(total, 0L, 0L), out.subList(2, 5));
  }

  @Test
  void lowLevel_protocolEvents_inAsyncioOrder() {
    List<String> events = new CopyOnWriteArrayList<>();
    List<Object> out = run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      var done = loop.<Void>createFuture();
      SubprocessTransportAndProtocol<SubprocessProtocol> tp = await(loop.subprocessExec(() -> new SubprocessProtocol() {
        @Override
        public void connectionMade(SubprocessTransport transport) {
          events.add("made");
        }

        @Override
        public void pipeDataReceived(int fd, ByteBuffer data) {
          byte[] d = new byte[data.remaining()];
          data.get(d);
          events.add("data" + fd + ":" + s(d).trim());
        }

        @Override
        public void pipeConnectionLost(int fd, Throwable exc) {
          events.add("pipeLost" + fd + ":" + exc);
        }

        @Override
        public void processExited() {
          events.add("exited");
        }

        @Override
        public void connectionLost(Throwable exc) {
          events.add("lost:" + exc);
          done.setResult(null);
        }
      }, List.of("sh", "-c", "echo out; echo err >&2; exit 3"), SubprocessOptions.defaults().stdout(Stdio.PIPE).stderr(Stdio.PIPE)));
      SubprocessTransport t = tp.transport();
      assertNull(t.getPipeTransport(0));
      assertTrue(t.getPid() > 0);
      await(done);
      int rc = t.getReturncode();
      t.close();
      assertThrows(IllegalStateException.class, t::kill);
      return List.of(rc);
    });
    assertEquals(List.of(3), out);
    assertEquals("made", events.get(0));
    assertEquals("lost:null", events.get(events.size() - 1));
    assertTrue(events.containsAll(List.of("data1:out", "data2:err", "pipeLost1:null", "pipeLost2:null", "exited")), events.toString());
    assertTrue(events.indexOf("data1:out") < events.indexOf("pipeLost1:null"), events.toString());
  }

  @Test
  void transport_isLoopBound() {
    run(() -> {
      Subprocess p = exec(SubprocessOptions.defaults(), "true");
      SubprocessTransport t = p.transport();
      var other = java.util.concurrent.CompletableFuture.supplyAsync(() -> assertThrows(IllegalStateException.class, t::kill));
      await(Asyncio.ensureFuture(other));
      return await(p.waitAsync());
    });
  }

  @Test
  void closingTheLoopWithARunningChild_isReported_andTheChildKilled() throws Exception {
    EventLoop loop = Asyncio.newEventLoop();
    List<ExceptionContext> errors = new CopyOnWriteArrayList<>();
    loop.setExceptionHandler((l, ctx) -> errors.add(ctx));
    Subprocess p = loop.runUntilComplete(loop.createTask(() ->
        Subprocesses.createSubprocessExec(SubprocessOptions.defaults().stdout(Stdio.PIPE), "sleep", "30")));
    loop.close();
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).message().contains("running child process"), errors.get(0).message());
    Process child = ((SubprocessImpl) p).transport.process;
    assertEquals(137, child.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS).exitValue());
  }
}
