package io.jasyncio.process;

import java.nio.ByteBuffer;

/**
 * The callbacks of a child process's transport (asyncio {@code SubprocessProtocol}). Every method
 * has an empty default.
 *
 * <p><b>Thread and order:</b> on the loop thread, one at a time: {@link #connectionMade} (with the
 * {@link SubprocessTransport}) first; then, per pipe, {@link #pipeDataReceived} calls and one
 * {@link #pipeConnectionLost}; {@link #processExited} once the child exited (before or after
 * the pipes closed); {@link #connectionLost} last, once the child exited and every pipe closed.
 * {@link #pauseWriting}/{@link #resumeWriting} follow the stdin pipe's write buffer.
 *
 * <p>A callback that throws is reported to the loop's exception handler; the transport goes on.
 *
 * <p><b>Difference from CPython:</b> asyncio's {@code SubprocessProtocol} is a {@code BaseProtocol};
 * here it declares the same four {@code BaseProtocol} callbacks itself, because its
 * {@code connectionMade} gets a {@link SubprocessTransport}, not a byte {@code Transport}.
 */
public interface SubprocessProtocol {
  /**
   * The child started. Called once, first.
   *
   * @param transport the child's transport
   */
  default void connectionMade(SubprocessTransport transport) {}

  /**
   * Called once, last: the child exited and every pipe closed.
   *
   * @param exc always null (kept for asyncio's signature)
   */
  default void connectionLost(Throwable exc) {}

  /** The stdin pipe's write buffer went over its high-water mark (64 KiB by default). */
  default void pauseWriting() {}

  /** The stdin pipe's write buffer drained to its low-water mark. */
  default void resumeWriting() {}

  /**
   * The child wrote to stdout ({@code fd} 1) or stderr ({@code fd} 2).
   *
   * @param fd 1 or 2
   * @param data the bytes between position and limit, never empty; a fresh buffer per call,
   *     which the protocol may keep
   */
  default void pipeDataReceived(int fd, ByteBuffer data) {}

  /**
   * One of the child's pipes closed: EOF on stdout or stderr, or stdin closed (by
   * {@code close()}, after its data was written, or as the child exited).
   *
   * @param fd 0, 1 or 2
   * @param exc null on a regular close; the {@link java.io.IOException} that ended it otherwise
   *     (a broken pipe when the child stopped reading stdin before all of it was written)
   */
  default void pipeConnectionLost(int fd, Throwable exc) {}

  /** The child exited; {@link SubprocessTransport#getReturncode()} now has its status. */
  default void processExited() {}
}
