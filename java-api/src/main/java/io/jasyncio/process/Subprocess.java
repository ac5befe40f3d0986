package io.jasyncio.process;

import io.jasyncio.net.StreamReader;
import io.jasyncio.net.StreamWriter;
import java.util.concurrent.CompletableFuture;

/**
 * A child process started by {@link Subprocesses#createSubprocessExec} or
 * {@link Subprocesses#createSubprocessShell} (asyncio's {@code asyncio.subprocess.Process}; named
 * {@code Subprocess} so that it never hides {@link java.lang.Process}).
 *
 * <p>Its pipes are ordinary streams: {@link #stdin()} a {@link StreamWriter}, {@link #stdout()}
 * and {@link #stderr()} {@link StreamReader}s with the creation's limit. The JDK's process pipes
 * cannot be watched by a selector, so a small pump thread per pipe (a virtual thread on JDK 21+)
 * moves the bytes, handing each chunk to the loop; a reader above twice its limit pauses its
 * pump, so a child that writes more than anyone reads blocks on its full pipe instead of growing
 * the heap.
 *
 * <p><b>Java and Kotlin:</b> {@code waitAsync()} and {@code communicateAsync(input)} here; the
 * Kotlin face adds suspend {@code wait()} and {@code communicate(input)} on the same object
 * ({@code io.jasyncio.kotlin}).
 *
 * <p><b>Cancellation:</b> cancelling {@link #waitAsync()} or {@link #communicateAsync} stops the
 * waiting, never the child (asyncio). To bound a child's run:
 *
 * <pre>{@code
 * Asyncio.waitFor(proc.waitAsync(), 5.0)
 *     .exceptionallyCompose(e -> { proc.kill(); return proc.waitAsync(); });
 * }</pre>
 *
 * <p><b>Threads:</b> the futures complete on the process's loop thread; {@code sendSignal},
 * {@code terminate}, {@code kill}, {@code returncode}, {@code pid} may be called from any thread.
 */
public interface Subprocess {
  /** @return the child's process id */
  long pid();

  /**
   * @return null while the child runs; then its exit status, or {@code -N} when signal {@code N}
   *     killed it (see {@link SubprocessTransport} for how the JDK's 128+N is mapped)
   */
  Integer returncode();

  /** @return the writer to the child's stdin, or null if stdin is not a {@link Stdio#PIPE} */
  StreamWriter stdin();

  /** @return the reader of the child's stdout, or null if stdout is not a {@link Stdio#PIPE} */
  StreamReader stdout();

  /** @return the reader of the child's stderr, or null if stderr is not a {@link Stdio#PIPE} */
  StreamReader stderr();

  /**
   * Waits for the child to exit (asyncio {@code wait()}), and for its output pipes to close, as
   * asyncio 3.11 does. With {@code stdout=PIPE} and nobody reading, a child that writes more than
   * the pipe and the reader hold never exits: use {@link #communicateAsync} then.
   *
   * @return a future of the return code, completed on the loop thread; cancelling it leaves the
   *     child running
   */
  CompletableFuture<Integer> waitAsync();

  /**
   * As {@link #communicateAsync(byte[])} with no input.
   *
   * @return a future of the output
   */
  CompletableFuture<Communicated> communicateAsync();

  /**
   * Writes {@code input} to stdin and closes it, reads stdout and stderr to their ends, all at
   * once (no pipe deadlock), then waits for the child (asyncio {@code communicate}). A child that
   * stops reading its stdin early (a broken pipe) is not an error: its output is still returned.
   *
   * @param input the bytes for stdin, or null to leave stdin alone
   * @return a future of the output, completed on the loop thread; cancelling it stops the
   *     reading and writing, not the child
   * @throws IllegalStateException (in the future) if {@code input} is given but stdin is not a
   *     {@link Stdio#PIPE}
   */
  CompletableFuture<Communicated> communicateAsync(byte[] input);

  /**
   * Sends a signal to the child; see {@link SubprocessTransport#sendSignal}. Does nothing once the
   * child exited.
   *
   * @param name a POSIX signal name: {@code "HUP"}, {@code "SIGUSR1"}, ...
   * @throws IllegalArgumentException for an unknown name
   */
  void sendSignal(String name);

  /** Sends SIGTERM. Does nothing once the child exited. */
  void terminate();

  /** Sends SIGKILL. Does nothing once the child exited. */
  void kill();

  /** @return the transport underneath (loop-bound) */
  SubprocessTransport transport();
}
