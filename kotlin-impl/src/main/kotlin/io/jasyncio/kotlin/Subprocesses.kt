package io.jasyncio.kotlin

import io.jasyncio.EventLoop
import io.jasyncio.internal.EngineImpl
import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.process.LoopSubprocess
import io.jasyncio.internal.process.Processes
import io.jasyncio.internal.process.SubprocessImpl
import io.jasyncio.process.Communicated
import io.jasyncio.process.Stdio
import io.jasyncio.process.Subprocess
import io.jasyncio.process.SubprocessOptions
import io.jasyncio.process.SubprocessProtocol
import io.jasyncio.process.SubprocessTransportAndProtocol
import io.jasyncio.process.Subprocesses
import java.nio.file.Path

/*
 * The Kotlin face of asyncio's subprocesses (issue 12): suspend functions with asyncio's names on
 * the same objects Java uses (`io.jasyncio.process`), keyword arguments as Kotlin named ones:
 *
 *   val p = createSubprocessExec("ls", "-l", stdout = Stdio.PIPE)
 *   val (out, _) = p.communicate()
 *
 * Cancellation: cancelling wait() or communicate() stops the waiting, never the child (asyncio);
 * bound a child with `waitFor(5.seconds) { p.wait() }` and `p.kill()` on the TimeoutError.
 */

/**
 * Runs [program] with [args] (asyncio `create_subprocess_exec`); every stream is inherited unless
 * told otherwise. The child is started on a starter thread; the loop never waits for it.
 *
 * @throws java.io.IOException naming the program when it cannot be started (not found, not
 *   executable, a missing [cwd]); nothing is left running
 * @throws IllegalArgumentException for [Stdio.STDOUT] as stdin or stdout, or a [limit] below 1
 */
@JvmSynthetic
public suspend fun createSubprocessExec(
  program: String,
  vararg args: String,
  stdin: Stdio = Stdio.INHERIT,
  stdout: Stdio = Stdio.INHERIT,
  stderr: Stdio = Stdio.INHERIT,
  cwd: Path? = null,
  env: Map<String, String>? = null,
  limit: Int = DEFAULT_STREAM_LIMIT,
): Subprocess {
  val argv = Subprocesses.argv(program, *args)
  return Processes.create(currentLoop(), argv, options(stdin, stdout, stderr, cwd, env, limit))
}

/**
 * Runs [cmd] with the shell, `/bin/sh -c cmd` (asyncio `create_subprocess_shell`). The command is
 * passed as it is: quote what comes from users.
 */
@JvmSynthetic
public suspend fun createSubprocessShell(
  cmd: String,
  stdin: Stdio = Stdio.INHERIT,
  stdout: Stdio = Stdio.INHERIT,
  stderr: Stdio = Stdio.INHERIT,
  cwd: Path? = null,
  env: Map<String, String>? = null,
  limit: Int = DEFAULT_STREAM_LIMIT,
): Subprocess {
  val argv = Subprocesses.shell(cmd)
  return Processes.create(currentLoop(), argv, options(stdin, stdout, stderr, cwd, env, limit))
}

/** As [createSubprocessExec] with Java's option object. */
@JvmSynthetic
public suspend fun createSubprocessExec(options: SubprocessOptions, program: String, vararg args: String): Subprocess =
  Processes.create(currentLoop(), Subprocesses.argv(program, *args), options.copy())

private fun options(stdin: Stdio, stdout: Stdio, stderr: Stdio, cwd: Path?, env: Map<String, String>?, limit: Int): SubprocessOptions =
  SubprocessOptions.defaults().stdin(stdin).stdout(stdout).stderr(stderr).cwd(cwd).env(env).limit(limit)

private fun Subprocess.impl(): SubprocessImpl =
  this as? SubprocessImpl ?: throw IllegalArgumentException("not a jasyncio subprocess: $this")

/**
 * Waits for the child to exit and its output pipes to close (asyncio `wait()`); returns the
 * return code (`-N` after signal N). Cancelling it leaves the child running.
 */
@JvmSynthetic
public suspend fun Subprocess.wait(): Int = impl().waitSuspending()

/**
 * Writes [input] to stdin and closes it, reads stdout and stderr to their ends, all at once, then
 * waits for the child (asyncio `communicate`). A stream that is not a [Stdio.PIPE] gives null.
 * Cancelling it stops the reading and writing, not the child.
 *
 * @throws IllegalStateException if [input] is given but stdin is not a [Stdio.PIPE]
 */
@JvmSynthetic
public suspend fun Subprocess.communicate(input: ByteArray? = null): Communicated = impl().communicate(input)

/** `val (out, err) = p.communicate()`. */
@JvmSynthetic
public operator fun Communicated.component1(): ByteArray? = stdout()

/** `val (out, err) = p.communicate()`. */
@JvmSynthetic
public operator fun Communicated.component2(): ByteArray? = stderr()

/** `val (transport, protocol) = loop.subprocessExec(...)`. */
@JvmSynthetic
public operator fun <P : SubprocessProtocol> SubprocessTransportAndProtocol<P>.component1(): io.jasyncio.process.SubprocessTransport = transport()

/** `val (transport, protocol) = loop.subprocessExec(...)`. */
@JvmSynthetic
public operator fun <P : SubprocessProtocol> SubprocessTransportAndProtocol<P>.component2(): P = protocol()

/**
 * The low level (asyncio `loop.subprocess_exec`): starts [program] with a protocol from [factory].
 * Call it on this loop's thread.
 */
@JvmSynthetic
public suspend fun <P : SubprocessProtocol> EventLoop.subprocessExec(
  factory: () -> P,
  program: String,
  vararg args: String,
  options: SubprocessOptions = SubprocessOptions.defaults(),
): SubprocessTransportAndProtocol<P> {
  val f = LoopSubprocess.exec(EngineImpl.impl(this), { factory() }, Subprocesses.argv(program, *args), options)
  return (f as FutureImpl<SubprocessTransportAndProtocol<P>>).awaitInternal()
}

/** The low level (asyncio `loop.subprocess_shell`). */
@JvmSynthetic
public suspend fun <P : SubprocessProtocol> EventLoop.subprocessShell(
  factory: () -> P,
  cmd: String,
  options: SubprocessOptions = SubprocessOptions.defaults(),
): SubprocessTransportAndProtocol<P> {
  val f = LoopSubprocess.shell(EngineImpl.impl(this), { factory() }, cmd, options)
  return (f as FutureImpl<SubprocessTransportAndProtocol<P>>).awaitInternal()
}

