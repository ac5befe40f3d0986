package io.jasyncio.process;

import io.jasyncio.Asyncio;
import io.jasyncio.Future;
import io.jasyncio.spi.ProcessEngine;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * asyncio's {@code create_subprocess_exec} and {@code create_subprocess_shell}: start a child
 * process on the running loop and get a {@link Subprocess} with stream pipes.
 *
 * <pre>{@code
 * Subprocess p = Asyncio.await(Subprocesses.createSubprocessExec(
 *     SubprocessOptions.defaults().stdout(Stdio.PIPE), "ls", "-l"));
 * Communicated out = Asyncio.await(p.communicateAsync());
 * }</pre>
 *
 * <p><b>Errors:</b> a program that cannot be started (not found, not executable, a missing
 * {@code cwd}) fails the returned future with the JDK's {@link java.io.IOException}, whose message
 * names the program (and the directory); nothing is left running. Bad arguments throw at once.
 *
 * <p><b>Threads:</b> call on the loop thread (the running loop is the one used); the future
 * completes on it. The child is started on a starter thread (the JDK's {@code ProcessBuilder.start()}
 * blocks for about a millisecond), so the loop never waits for a spawn; cancelling the future
 * before the child started kills it once it has.
 *
 * <p>Also reachable as {@code Asyncio.createSubprocessExec}/{@code createSubprocessShell}; Kotlin:
 * {@code createSubprocessExec(program, args..., stdout = Stdio.PIPE)} in {@code io.jasyncio.kotlin}.
 */
public final class Subprocesses {
  private Subprocesses() {}

  private static final class Holder {
    static final ProcessEngine ENGINE = load();

    private static ProcessEngine load() {
      Iterator<ProcessEngine> it =
          ServiceLoader.load(ProcessEngine.class, Subprocesses.class.getClassLoader()).iterator();
      if (!it.hasNext()) it = ServiceLoader.load(ProcessEngine.class).iterator();
      if (!it.hasNext()) {
        throw new IllegalStateException("no io.jasyncio.spi.ProcessEngine found: add the engine artifact");
      }
      return it.next();
    }
  }

  /** @return the engine (the SPI); not for application code */
  static ProcessEngine engine() {
    return Holder.ENGINE;
  }

  /**
   * Runs {@code program} with {@code args}, every stream inherited.
   *
   * @param program the program, looked up on the PATH unless it contains a '/'
   * @param args its arguments
   * @return a future of the process
   */
  public static Future<Subprocess> createSubprocessExec(String program, String... args) {
    return createSubprocessExec(SubprocessOptions.defaults(), program, args);
  }

  /**
   * Runs {@code program} with {@code args} (asyncio {@code create_subprocess_exec}).
   *
   * @param options the streams, cwd, env and limit
   * @param program the program, looked up on the PATH unless it contains a '/'
   * @param args its arguments
   * @return a future of the process; fails with an {@link java.io.IOException} naming the
   *     program if it cannot be started
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if no loop is running on this thread
   */
  public static Future<Subprocess> createSubprocessExec(SubprocessOptions options, String program, String... args) {
    return Holder.ENGINE.createSubprocess(Asyncio.getRunningLoop(), argv(program, args), false, checked(options));
  }

  /**
   * Runs {@code cmd} with the shell ({@code /bin/sh -c cmd}) (asyncio
   * {@code create_subprocess_shell}). The command is passed as it is: quote what comes from
   * users.
   *
   * @param cmd the command line
   * @return a future of the process
   */
  public static Future<Subprocess> createSubprocessShell(String cmd) {
    return createSubprocessShell(SubprocessOptions.defaults(), cmd);
  }

  /**
   * As {@link #createSubprocessShell(String)} with options.
   *
   * @param options the streams, cwd, env and limit
   * @param cmd the command line
   * @return a future of the process
   * @throws IllegalArgumentException if {@code cmd} is empty
   */
  public static Future<Subprocess> createSubprocessShell(SubprocessOptions options, String cmd) {
    return Holder.ENGINE.createSubprocess(Asyncio.getRunningLoop(), shell(cmd), true, checked(options));
  }

  static SubprocessOptions checked(SubprocessOptions options) {
    return Objects.requireNonNull(options, "options").copy();
  }

  /** @return {@code [program, args...]}, every element checked */
  public static List<String> argv(String program, String... args) {
    Objects.requireNonNull(program, "program");
    Objects.requireNonNull(args, "args");
    if (program.isEmpty()) throw new IllegalArgumentException("program must not be empty");
    List<String> argv = new ArrayList<>(args.length + 1);
    argv.add(program);
    for (int i = 0; i < args.length; i++) argv.add(Objects.requireNonNull(args[i], "args[" + i + "]"));
    return argv;
  }

  /** @return the shell command line for {@code cmd}: {@code [/bin/sh, -c, cmd]} ({@code cmd.exe /c} on Windows) */
  public static List<String> shell(String cmd) {
    Objects.requireNonNull(cmd, "cmd");
    if (cmd.isEmpty()) throw new IllegalArgumentException("cmd must not be empty");
    boolean windows = System.getProperty("os.name", "").startsWith("Windows");
    return windows ? List.of("cmd.exe", "/c", cmd) : List.of("/bin/sh", "-c", cmd);
  }
}
