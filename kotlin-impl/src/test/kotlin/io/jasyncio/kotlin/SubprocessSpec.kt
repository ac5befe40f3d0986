package io.jasyncio.kotlin

import io.jasyncio.CancelledError
import io.jasyncio.ExceptionContext
import io.jasyncio.TimeoutError
import io.jasyncio.internal.process.ReadPipe
import io.jasyncio.process.Stdio
import io.jasyncio.process.SubprocessOptions
import io.jasyncio.process.SubprocessProtocol
import io.jasyncio.process.SubprocessTransport
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainAll
import io.kotest.matchers.longs.shouldBeLessThanOrEqual
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.IOException
import java.nio.ByteBuffer
import java.nio.file.Files
import java.util.concurrent.CopyOnWriteArrayList
import kotlin.time.Duration.Companion.milliseconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll

/** CPython test_asyncio/test_subprocess.py, restated for the Kotlin face (POSIX tools). */
class SubprocessSpec : FunSpec({
  test("stdin and stdout through cat; returncode null while running, 0 after wait") {
    runReal {
      val p = createSubprocessExec("cat", stdin = Stdio.PIPE, stdout = Stdio.PIPE)
      p.returncode().shouldBeNull()
      val w = p.stdin()!!
      w.write(b("hello\n"))
      w.drain()
      p.stdout()!!.readline().s() shouldBe "hello\n"
      w.close()
      p.stdout()!!.read(-1).size shouldBe 0
      p.wait() shouldBe 0
      p.returncode() shouldBe 0
    }
  }

  test("communicate: 1 MiB in and out of cat with stderr, destructured") {
    runReal {
      val input = ByteArray(1 shl 20) { it.toByte() }
      val p = createSubprocessExec("sh", "-c", "cat; echo err >&2", stdin = Stdio.PIPE, stdout = Stdio.PIPE, stderr = Stdio.PIPE)
      val (out, err) = p.communicate(input)
      out!!.contentEquals(input) shouldBe true
      err!!.s() shouldBe "err\n"
    }
  }

  test("two children read concurrently with gather") {
    runReal {
      val outs = listOf("one", "two").map { word ->
        async { createSubprocessShell("echo $word", stdout = Stdio.PIPE).communicate().stdout()!!.s() }
      }.awaitAll()
      outs shouldBe listOf("one\n", "two\n")
    }
  }

  test("shell exit status; stderr into stdout; DEVNULL; not-piped streams are null") {
    runReal {
      val p = createSubprocessShell("echo out; echo err >&2; exit 5", stdout = Stdio.PIPE, stderr = Stdio.STDOUT)
      val (out, err) = p.communicate()
      out!!.s() shouldBe "out\nerr\n"
      err.shouldBeNull()
      p.stdin().shouldBeNull()
      p.returncode() shouldBe 5
      val n = createSubprocessExec("cat", stdin = Stdio.DEVNULL, stdout = Stdio.PIPE, stderr = Stdio.DEVNULL)
      n.communicate().stdout()!!.size shouldBe 0
    }
  }

  test("kill, terminate and sendSignal give -N; signalling an exited child does nothing") {
    runReal {
      val rcs = ArrayList<Int>()
      // USR2, not HUP: a child inherits ignored dispositions, and under nohup HUP is ignored
      for (how in listOf("kill", "terminate", "USR2")) {
        val p = createSubprocessExec("sleep", "30")
        when (how) {
          "kill" -> p.kill()
          "terminate" -> p.terminate()
          else -> p.sendSignal(how)
        }
        rcs.add(p.wait())
        p.terminate()
      }
      rcs shouldBe listOf(-9, -15, -12)
    }
  }

  test("cwd, env and a file as stdout") {
    val dir = Files.createTempDirectory("jasyncio-proc")
    val out = dir.resolve("out.txt")
    runReal {
      val p = createSubprocessExec("sh", "-c", "pwd; echo \$X", stdout = Stdio.file(out), cwd = dir, env = mapOf("X" to "7"))
      p.wait() shouldBe 0
    }
    Files.readString(out) shouldBe "${dir.toAbsolutePath()}\n7\n"
  }

  test("a program that cannot start raises IOException naming it from the suspend call") {
    runReal {
      val e = shouldThrow<IOException> { createSubprocessExec("jasyncio-no-such-program") }
      e.message shouldContain "jasyncio-no-such-program"
      val d = shouldThrow<IOException> { createSubprocessExec("true", cwd = java.nio.file.Path.of("/jasyncio-missing-dir")) }
      d.message shouldContain "jasyncio-missing-dir"
      shouldThrow<IllegalArgumentException> { createSubprocessExec("true", limit = 0) }
    }
  }

  test("a child that closed its stdin: write then drain raises the broken pipe, no hang") {
    runReal {
      val p = createSubprocessShell("exec 0<&-; echo closed; exec sleep 30", stdin = Stdio.PIPE, stdout = Stdio.PIPE)
      p.stdout()!!.readline().s() shouldBe "closed\n"
      p.stdin()!!.write(ByteArray(256 * 1024))
      val e = shouldThrow<IOException> { p.stdin()!!.drain() }
      e.message shouldContain "Broken pipe"
      p.kill()
      p.wait() shouldBe -9
    }
  }

  test("cancelling wait does not kill the child: waitFor then kill") {
    runReal {
      val p = createSubprocessExec("sleep", "30")
      shouldThrow<TimeoutError> { waitFor(50.milliseconds) { p.wait() } }
      p.returncode().shouldBeNull()
      val c = createTask { p.communicate() }
      sleep(0.01)
      c.cancel()
      shouldThrow<CancelledError> { c.await() }
      p.returncode().shouldBeNull()
      p.kill()
      p.wait() shouldBe -9
    }
  }

  test("backpressure: a child writing more than anyone reads parks its pump; all bytes arrive later") {
    runReal {
      val limit = 16 * 1024
      val total = 8L shl 20
      val p = createSubprocessExec("head", "-c", total.toString(), "/dev/zero", stdout = Stdio.PIPE, limit = limit)
      val pipe = p.transport().getPipeTransport(1) as ReadPipe
      while (!pipe.parked || pipe.isReading) sleep(0.001)
      val held = pipe.bytesRead
      held shouldBeLessThanOrEqual 2L * limit + (ReadPipe.MAX_IN_FLIGHT + 1L) * ReadPipe.CHUNK
      var read = 0L
      while (true) {
        val chunk = p.stdout()!!.read(65536)
        if (chunk.isEmpty()) break
        read += chunk.size
      }
      read shouldBe total
      p.wait() shouldBe 0
    }
  }

  test("low level: subprocessExec protocol events, connectionMade first and connectionLost last") {
    val events = CopyOnWriteArrayList<String>()
    runReal {
      val done = CompletableDeferred<Unit>()
      val (t, _) = getRunningLoop().subprocessExec(
        {
          object : SubprocessProtocol {
            override fun connectionMade(transport: SubprocessTransport) { events.add("made") }
            override fun pipeDataReceived(fd: Int, data: ByteBuffer) {
              val d = ByteArray(data.remaining()).also { data.get(it) }
              events.add("data$fd:${d.s().trim()}")
            }
            override fun pipeConnectionLost(fd: Int, exc: Throwable?) { events.add("pipeLost$fd") }
            override fun processExited() { events.add("exited") }
            override fun connectionLost(exc: Throwable?) {
              events.add("lost")
              done.complete(Unit)
            }
          }
        },
        "sh", "-c", "echo hi; exit 2",
        options = SubprocessOptions.defaults().stdout(Stdio.PIPE),
      )
      done.await()
      t.returncode shouldBe 2
      t.close()
    }
    events.first() shouldBe "made"
    events.last() shouldBe "lost"
    events shouldContainAll listOf("data1:hi", "pipeLost1", "exited")
  }

  test("closing the loop with a running child reports it and kills the child") {
    val errors = CopyOnWriteArrayList<ExceptionContext>()
    var child: Process? = null
    bounded {
      val loop = io.jasyncio.Asyncio.newEventLoop()
      loop.setExceptionHandler { _, ctx -> errors.add(ctx) }
      val p = loop.runUntilComplete { createSubprocessExec("sleep", "30") }
      child = (p as io.jasyncio.internal.process.SubprocessImpl).transport.process
      loop.close()
    }
    errors.size shouldBe 1
    errors[0].message() shouldContain "running child process"
    child!!.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS).exitValue() shouldBe 137
  }
})
