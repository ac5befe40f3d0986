package io.jasyncio.spi;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.process.Subprocess;
import io.jasyncio.process.SubprocessOptions;
import java.util.List;

/**
 * How {@link io.jasyncio.process.Subprocesses} and {@link io.jasyncio.Runner} find the engine's
 * subprocesses and signals (issue 12), through {@link java.util.ServiceLoader} like
 * {@link Engine}. Arguments arrive checked. Not for application code.
 */
public interface ProcessEngine {
  /**
   * @param loop the running loop
   * @param argv the command line, program first
   * @param shell whether {@code argv} is a shell command line (for messages)
   * @param options a private copy of the options
   * @return a future of the process
   */
  Future<Subprocess> createSubprocess(EventLoop loop, List<String> argv, boolean shell, SubprocessOptions options);

  /**
   * Asyncio's Runner on the main thread: the first SIGINT cancels {@code main}, a second one
   * goes to the handler that was there before (the JVM's: exit with status 130).
   *
   * @param loop the runner's loop
   * @param main the main task
   * @return what restores the previous handler; a no-op when not installed (not on the main
   *     thread, no signal support, or a loop of this JVM already handles SIGINT)
   */
  AutoCloseable interruptOnSigint(EventLoop loop, Task<?> main);
}
