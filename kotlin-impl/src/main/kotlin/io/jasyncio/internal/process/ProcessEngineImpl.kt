package io.jasyncio.internal.process

import io.jasyncio.EventLoop
import io.jasyncio.Future
import io.jasyncio.Task
import io.jasyncio.internal.EngineImpl
import io.jasyncio.internal.future.FutureImpl
import io.jasyncio.internal.loop.EventLoopImpl
import io.jasyncio.internal.signal.Signals
import io.jasyncio.process.Subprocess
import io.jasyncio.process.SubprocessOptions
import io.jasyncio.process.SubprocessProtocol
import io.jasyncio.process.SubprocessTransportAndProtocol
import io.jasyncio.process.Subprocesses
import io.jasyncio.spi.ProcessEngine
import java.util.Objects
import java.util.function.Supplier

/** The engine behind `io.jasyncio.process.Subprocesses` and Runner's Ctrl-C, found through ServiceLoader. */
internal class ProcessEngineImpl : ProcessEngine {
  override fun createSubprocess(loop: EventLoop, argv: List<String>, shell: Boolean, options: SubprocessOptions): Future<Subprocess> =
    Processes.createFuture(EngineImpl.impl(loop), argv, options)

  override fun interruptOnSigint(loop: EventLoop, main: Task<*>): AutoCloseable = Signals.interruptOnSigint(EngineImpl.impl(loop), main)
}

/** The loop's low-level subprocess calls (EventLoopImpl delegates here). */
internal object LoopSubprocess {
  fun <P : SubprocessProtocol> exec(
    loop: EventLoopImpl,
    factory: Supplier<P>?,
    args: List<String>?,
    options: SubprocessOptions?,
  ): Future<SubprocessTransportAndProtocol<P>> {
    Objects.requireNonNull(factory, "protocolFactory")
    Objects.requireNonNull(args, "args")
    Objects.requireNonNull(options, "options")
    if (args!!.isEmpty()) throw IllegalArgumentException("args must name the program")
    val argv = Subprocesses.argv(args[0], *args.subList(1, args.size).toTypedArray())
    Spawn.checkLoop(loop)
    val protocol = Objects.requireNonNull(factory!!.get(), "protocolFactory returned null")
    return Spawn.execFuture(loop, argv, options!!.copy(), protocol) { t -> SubprocessTransportAndProtocol(t, protocol) }
  }

  fun <P : SubprocessProtocol> shell(
    loop: EventLoopImpl,
    factory: Supplier<P>?,
    cmd: String?,
    options: SubprocessOptions?,
  ): Future<SubprocessTransportAndProtocol<P>> = exec(loop, factory, Subprocesses.shell(cmd), options)
}
