package io.jasyncio.process;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The keyword arguments of asyncio's {@code create_subprocess_exec}/{@code _shell} and
 * {@code loop.subprocess_exec}/{@code _shell}: where the child's standard streams go, its working
 * directory and environment, and the stream readers' limit. A mutable builder, like
 * {@link io.jasyncio.net.ServerOptions}; each setter checks its argument and returns this.
 *
 * <pre>{@code
 * SubprocessOptions.defaults().stdout(Stdio.PIPE).stderr(Stdio.STDOUT).cwd(dir)
 * }</pre>
 *
 * <p>Defaults as asyncio: every stream inherited, the parent's directory and environment,
 * a limit of 64 KiB.
 */
public final class SubprocessOptions {
  Stdio stdin = Stdio.INHERIT;
  Stdio stdout = Stdio.INHERIT;
  Stdio stderr = Stdio.INHERIT;
  Path cwd;
  Map<String, String> env;
  int limit = io.jasyncio.net.Streams.DEFAULT_LIMIT;

  /** @return new options with the defaults */
  public static SubprocessOptions defaults() {
    return new SubprocessOptions();
  }

  /** @return new options with stdin, stdout and stderr all {@link Stdio#PIPE} */
  public static SubprocessOptions pipes() {
    return new SubprocessOptions().stdin(Stdio.PIPE).stdout(Stdio.PIPE).stderr(Stdio.PIPE);
  }

  /**
   * @param stdin where the child reads from
   * @return this
   * @throws IllegalArgumentException for {@link Stdio#STDOUT}, which only stderr may use
   */
  public SubprocessOptions stdin(Stdio stdin) {
    Objects.requireNonNull(stdin, "stdin");
    if (stdin == Stdio.STDOUT) throw new IllegalArgumentException("stdin cannot be Stdio.STDOUT (only stderr can)");
    this.stdin = stdin;
    return this;
  }

  /**
   * @param stdout where the child's output goes
   * @return this
   * @throws IllegalArgumentException for {@link Stdio#STDOUT}, which only stderr may use
   */
  public SubprocessOptions stdout(Stdio stdout) {
    Objects.requireNonNull(stdout, "stdout");
    if (stdout == Stdio.STDOUT) throw new IllegalArgumentException("stdout cannot be Stdio.STDOUT (only stderr can)");
    this.stdout = stdout;
    return this;
  }

  /**
   * @param stderr where the child's errors go; {@link Stdio#STDOUT} merges them into stdout
   * @return this
   */
  public SubprocessOptions stderr(Stdio stderr) {
    this.stderr = Objects.requireNonNull(stderr, "stderr");
    return this;
  }

  /**
   * @param cwd the child's working directory, or null for the parent's; a missing directory
   *     makes the creation fail with an {@link java.io.IOException} naming it
   * @return this
   */
  public SubprocessOptions cwd(Path cwd) {
    this.cwd = cwd;
    return this;
  }

  /**
   * @param env the child's whole environment (as asyncio's {@code env=}: it replaces the
   *     parent's, it is not merged), or null for the parent's; copied
   * @return this
   * @throws NullPointerException if a key or value is null
   */
  public SubprocessOptions env(Map<String, String> env) {
    if (env == null) {
      this.env = null;
      return this;
    }
    Map<String, String> copy = new LinkedHashMap<>();
    env.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "env key"), Objects.requireNonNull(v, "env value of " + k)));
    this.env = copy;
    return this;
  }

  /**
   * @param limit the limit of the stdout and stderr {@link io.jasyncio.net.StreamReader}s
   * @return this
   * @throws IllegalArgumentException if {@code limit < 1}
   */
  public SubprocessOptions limit(int limit) {
    if (limit <= 0) throw new IllegalArgumentException("limit must be > 0, got " + limit);
    this.limit = limit;
    return this;
  }

  /** @return where stdin comes from */
  public Stdio stdin() {
    return stdin;
  }

  /** @return where stdout goes */
  public Stdio stdout() {
    return stdout;
  }

  /** @return where stderr goes */
  public Stdio stderr() {
    return stderr;
  }

  /** @return the working directory, or null */
  public Path cwd() {
    return cwd;
  }

  /** @return the environment (a copy), or null for the parent's */
  public Map<String, String> env() {
    return env == null ? null : new LinkedHashMap<>(env);
  }

  /** @return the readers' limit */
  public int limit() {
    return limit;
  }

  /** @return a copy of these options */
  public SubprocessOptions copy() {
    SubprocessOptions o = new SubprocessOptions();
    o.stdin = stdin;
    o.stdout = stdout;
    o.stderr = stderr;
    o.cwd = cwd;
    o.env = env;
    o.limit = limit;
    return o;
  }

  @Override
  public String toString() {
    return "SubprocessOptions[stdin=" + stdin + ", stdout=" + stdout + ", stderr=" + stderr
        + (cwd != null ? ", cwd=" + cwd : "") + (env != null ? ", env=" + env.size() + " entries" : "")
        + ", limit=" + limit + "]";
  }
}
