package io.jasyncio.process;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How one of a child's standard streams is connected (asyncio's {@code stdin=}, {@code stdout=},
 * {@code stderr=} arguments): {@link #PIPE}, {@link #DEVNULL}, {@link #STDOUT} (stderr only),
 * {@link #INHERIT} (asyncio's {@code None}, the default), or a file.
 *
 * <p>A file given with {@link #file(Path)} is read from as stdin and truncated and written to as
 * stdout or stderr; {@link #append(Path)} appends. asyncio also accepts an open file object or
 * descriptor; the JDK can only redirect to a path, so that is what is offered here.
 */
public final class Stdio {
  /** A pipe to the parent: a {@code StreamWriter} for stdin, a {@code StreamReader} for output. */
  public static final Stdio PIPE = new Stdio("PIPE", null, false);

  /** The null device ({@code /dev/null}): reads see EOF, writes are discarded. */
  public static final Stdio DEVNULL = new Stdio("DEVNULL", null, false);

  /** For stderr only: into the same place as stdout (asyncio {@code subprocess.STDOUT}). */
  public static final Stdio STDOUT = new Stdio("STDOUT", null, false);

  /** The parent's own stream (asyncio's {@code None}, the default). */
  public static final Stdio INHERIT = new Stdio("INHERIT", null, false);

  private final String kind;
  private final Path path;
  private final boolean append;

  private Stdio(String kind, Path path, boolean append) {
    this.kind = kind;
    this.path = path;
    this.append = append;
  }

  /**
   * A file: read as stdin; created or truncated, then written, as stdout or stderr.
   *
   * @param path the file
   * @return the redirection
   * @throws NullPointerException if {@code path} is null
   */
  public static Stdio file(Path path) {
    return new Stdio("FILE", Objects.requireNonNull(path, "path"), false);
  }

  /**
   * A file appended to (stdout or stderr; as stdin it is read).
   *
   * @param path the file
   * @return the redirection
   * @throws NullPointerException if {@code path} is null
   */
  public static Stdio append(Path path) {
    return new Stdio("FILE", Objects.requireNonNull(path, "path"), true);
  }

  /** @return the file of a {@link #file} or {@link #append} redirection, else null */
  public Path path() {
    return path;
  }

  /** @return whether this is an {@link #append} redirection */
  public boolean isAppend() {
    return append;
  }

  @Override
  public String toString() {
    return path == null ? kind : (append ? "APPEND(" : "FILE(") + path + ")";
  }
}
