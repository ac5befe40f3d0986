package io.jasyncio.process;

import io.jasyncio.EventLoop;
import io.jasyncio.net.Transport;

/**
 * A running child process as the loop sees it (asyncio {@code SubprocessTransport}): its pid, its
 * return code once it exited, one {@link Transport} per pipe, and the signals to send it.
 *
 * <p><b>Loop-bound:</b> call it on its loop's thread ({@link IllegalStateException} otherwise).
 *
 * <p><b>Return code:</b> null while the child runs; its exit status once it exited; {@code -N}
 * when signal {@code N} killed it, as asyncio. The JDK reports a death by signal {@code N} as
 * exit status {@code 128 + N}, so an exit status from 129 to 192 is reported as {@code -(status -
 * 128)}: a child that itself exits with, say, 130 reads as {@code -2} (the JDK gives no way to
 * tell the two apart; shells use the same convention).
 *
 * <p><b>Signals:</b> {@link #terminate()} and {@link #kill()} use the JDK's
 * {@link java.lang.Process#destroy()} and {@link java.lang.Process#destroyForcibly()} (SIGTERM and
 * SIGKILL on Unix). {@link #sendSignal(String)} sends TERM and KILL the same way and any other
 * signal by running {@code kill -s NAME pid} and waiting for it (a few milliseconds on the loop
 * thread). Signalling a child that already exited does nothing (asyncio); after
 * {@link #close()} it raises {@link IllegalStateException} (asyncio's {@code ProcessLookupError}).
 */
public interface SubprocessTransport {
  /** @return the loop */
  EventLoop getLoop();

  /** @return the child's process id */
  long getPid();

  /** @return null while running, the exit status, or {@code -N} after signal {@code N} */
  Integer getReturncode();

  /**
   * The transport of one pipe (asyncio {@code get_pipe_transport(fd)}): for fd 0 a write pipe
   * ({@code write}, {@code writeEof}, {@code close}, {@code abort}, the write-buffer limits), for
   * fd 1 and 2 a read pipe ({@code pauseReading}, {@code resumeReading}, {@code close}); the
   * other direction's methods throw {@link UnsupportedOperationException}.
   *
   * @param fd 0, 1 or 2
   * @return the pipe's transport, or null if that stream is not a {@link Stdio#PIPE}
   */
  Transport getPipeTransport(int fd);

  /**
   * Sends signal {@code name} to the child.
   *
   * @param name a POSIX signal name, with or without {@code SIG}: {@code "TERM"}, {@code "SIGHUP"}
   * @throws IllegalArgumentException for an unknown name
   * @throws IllegalStateException after {@link #close()}
   * @throws java.io.UncheckedIOException if {@code kill} could not be run or failed
   */
  void sendSignal(String name);

  /** Sends SIGTERM ({@link java.lang.Process#destroy()}). */
  void terminate();

  /** Sends SIGKILL ({@link java.lang.Process#destroyForcibly()}). */
  void kill();

  /**
   * Closes the pipes and, if the child still runs, kills it (asyncio). Idempotent.
   */
  void close();

  /** @return whether {@link #close()} was called */
  boolean isClosing();

  /** @return the protocol */
  SubprocessProtocol getProtocol();
}
