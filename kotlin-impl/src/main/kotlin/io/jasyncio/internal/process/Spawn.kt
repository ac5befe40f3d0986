package io.jasyncio.internal.process

import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.process.Stdio
import io.jasyncio.process.SubprocessOptions
import io.jasyncio.process.SubprocessProtocol
import java.io.File
import java.lang.ProcessBuilder.Redirect
import io.jasyncio.internal.future.FutureImpl
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException
import kotlinx.coroutines.suspendCancellableCoroutine

/**
 * asyncio's `subprocess_exec`: starts the child on a starter thread (the loop thread never waits
 * for a spawn) and wires its transport on the loop thread. A program that cannot start fails with
 * the JDK's IOException, which names the program and the directory; nothing was started then.
 */
internal object Spawn {
  private val DEV_NULL = File(if (System.getProperty("os.name", "").startsWith("Windows")) "NUL" else "/dev/null")

  fun checkLoop(loop: EventLoopImpl) {
    loop.checkClosed()
    if (!loop.owned()) {
      throw IllegalStateException("subprocess calls are bound to the loop: call them on its thread, not from ${Thread.currentThread().name}")
    }
  }

  /**
   * Where children are started: `ProcessBuilder.start()` blocks for about a millisecond (the JDK's
   * spawn helper must exec and report back), so it runs here, never on a loop thread; as many
   * threads as cores, so a burst of spawns uses them all. Daemon threads.
   */
  private val starter: java.util.concurrent.ExecutorService = run {
    val n = java.util.concurrent.atomic.AtomicInteger()
    java.util.concurrent.Executors.newFixedThreadPool(maxOf(2, Runtime.getRuntime().availableProcessors())) { r ->
      Thread(r, "jasyncio-spawn-${n.incrementAndGet()}").also { it.isDaemon = true }
    }
  }

  /**
   * Starts [argv] off the loop thread and wires its transport to [protocol] on the loop thread;
   * [done] then gets the started transport (connectionMade has run) or what the start threw (the
   * JDK's IOException, naming the program). A child that starts after its loop closed is killed
   * (LoopProcesses keeps the ones in flight), so nothing is ever left running unseen.
   */
  fun execAsync(
    loop: EventLoopImpl,
    argv: List<String>,
    options: SubprocessOptions,
    protocol: SubprocessProtocol,
    done: (SubprocessTransportImpl?, Throwable?) -> Unit,
  ) {
    checkLoop(loop)
    val pb = builder(argv, options)
    val mask = mask(options)
    val lp = LoopProcesses.of(loop)
    starter.execute {
      val process = try {
        pb.start()
      } catch (e: Throwable) {
        if (!loop.isClosed) loop.post { done(null, e) }
        return@execute
      }
      lp.pending.add(process)
      if (loop.isClosed) {
        if (lp.pending.remove(process)) process.destroyForcibly()
        return@execute
      }
      loop.post {
        if (!lp.pending.remove(process)) return@post // the loop closed and killed it
        val t = SubprocessTransportImpl(loop, protocol, process, argv[0])
        t.pipeMask = mask
        try {
          t.start()
        } catch (e: Throwable) {
          // connectionMade failed: asyncio closes the transport (which kills the child) and raises
          t.close()
          done(null, e)
          return@post
        }
        done(t, null)
      }
    }
  }

  private fun mask(options: SubprocessOptions): Int {
    var mask = 0
    if (options.stdin() == Stdio.PIPE) mask = mask or 1
    if (options.stdout() == Stdio.PIPE) mask = mask or 2
    if (options.stderr() == Stdio.PIPE) mask = mask or 4
    return mask
  }

  private fun builder(argv: List<String>, options: SubprocessOptions): ProcessBuilder {
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
    return pb
  }

  /** [execAsync] for a Java caller: a future of the loop, cancelling it kills a child that started meanwhile. */
  fun <R> execFuture(
    loop: EventLoopImpl,
    argv: List<String>,
    options: SubprocessOptions,
    protocol: SubprocessProtocol,
    wrap: (SubprocessTransportImpl) -> R,
  ): FutureImpl<R> {
    val f = FutureImpl<R>(loop)
    execAsync(loop, argv, options, protocol) { t, e ->
      if (t != null && f.isDone) t.close() else if (t != null) f.completeInternal(wrap(t), null) else f.completeInternal(null, e)
    }
    return f
  }

  /** [execAsync] for a coroutine: cancelling it kills a child that started meanwhile. */
  suspend fun exec(loop: EventLoopImpl, argv: List<String>, options: SubprocessOptions, protocol: SubprocessProtocol): SubprocessTransportImpl =
    suspendCancellableCoroutine { c ->
      execAsync(loop, argv, options, protocol) { t, e ->
        if (!c.isActive) {
          t?.close()
        } else if (t != null) {
          c.resume(t)
        } else {
          c.resumeWithException(e!!)
        }
      }
    }

  private fun output(s: Stdio): Redirect = when (s) {
    Stdio.PIPE -> Redirect.PIPE
    Stdio.INHERIT -> Redirect.INHERIT
    Stdio.DEVNULL -> Redirect.DISCARD
    else -> if (s.isAppend) Redirect.appendTo(s.path().toFile()) else Redirect.to(s.path().toFile())
  }
}
