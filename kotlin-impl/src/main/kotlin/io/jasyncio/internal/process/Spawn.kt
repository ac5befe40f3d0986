package io.jasyncio.internal.process

import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.process.Stdio
import io.jasyncio.process.SubprocessOptions
import io.jasyncio.process.SubprocessProtocol
import java.io.File
import java.lang.ProcessBuilder.Redirect

/**
 * asyncio's `subprocess_exec`: starts the child on the loop thread (as asyncio forks there) and
 * wires its transport. A program that cannot start throws the JDK's IOException, which names the
 * program and the directory; nothing was started then.
 */
internal object Spawn {
  private val DEV_NULL = File(if (System.getProperty("os.name", "").startsWith("Windows")) "NUL" else "/dev/null")

  fun checkLoop(loop: EventLoopImpl) {
    loop.checkClosed()
    if (!loop.owned()) {
      throw IllegalStateException("subprocess calls are bound to the loop: call them on its thread, not from ${Thread.currentThread().name}")
    }
  }

  /** Starts [argv] and returns its started transport; connectionMade has run. Loop thread. */
  fun exec(loop: EventLoopImpl, argv: List<String>, options: SubprocessOptions, protocol: SubprocessProtocol): SubprocessTransportImpl {
    checkLoop(loop)
    val pb = ProcessBuilder(argv)
    options.cwd()?.let { pb.directory(it.toFile()) }
    options.env()?.let { env ->
      val e = pb.environment()
      e.clear()
      e.putAll(env)
    }
    pb.redirectInput(
      when (val s = options.stdin()) {
        Stdio.PIPE -> Redirect.PIPE
        Stdio.INHERIT -> Redirect.INHERIT
        Stdio.DEVNULL -> Redirect.from(DEV_NULL)
        else -> Redirect.from(s.path().toFile())
      },
    )
    pb.redirectOutput(output(options.stdout()))
    if (options.stderr() == Stdio.STDOUT) pb.redirectErrorStream(true) else pb.redirectError(output(options.stderr()))
    var mask = 0
    if (options.stdin() == Stdio.PIPE) mask = mask or 1
    if (options.stdout() == Stdio.PIPE) mask = mask or 2
    if (options.stderr() == Stdio.PIPE) mask = mask or 4
    val process = pb.start()
    val t = SubprocessTransportImpl(loop, protocol, process, argv[0])
    t.pipeMask = mask
    try {
      t.start()
    } catch (e: Throwable) {
      // connectionMade failed: asyncio closes the transport (which kills the child) and raises
      t.close()
      throw e
    }
    return t
  }

  private fun output(s: Stdio): Redirect = when (s) {
    Stdio.PIPE -> Redirect.PIPE
    Stdio.INHERIT -> Redirect.INHERIT
    Stdio.DEVNULL -> Redirect.DISCARD
    else -> if (s.isAppend) Redirect.appendTo(s.path().toFile()) else Redirect.to(s.path().toFile())
  }
}
