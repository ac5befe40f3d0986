package io.jasyncio.net;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The reading side of a stream connection (asyncio {@code StreamReader}): a buffer the transport
 * fills, and waiting reads that take from it.
 *
 * <p><b>Waiting.</b> The {@code ...Async} methods return a future of the reader's loop. When the
 * buffer can already answer, the future is returned done; otherwise it completes on the loop
 * thread once enough data (or EOF, or an error) has arrived. Only one read may wait at a time
 * (asyncio's rule): a second one fails with {@link IllegalStateException}. Called from another
 * thread, a read hops to the loop and the future is completed there.
 *
 * <p><b>Cancellation consumes nothing.</b> Cancelling a waiting read (its future, or the task
 * awaiting it, or the Kotlin coroutine suspended in it) withdraws it: the bytes stay in the buffer
 * for the next read, as in asyncio. Bytes are taken from the buffer only in the loop step that
 * completes the read's future and runs what was attached to it. The one exception is
 * {@code readAsync(-1)}, which collects chunks as they come (as asyncio's {@code read(-1)} does):
 * cancelled, it loses what it collected.
 *
 * <p><b>Limit.</b> {@link #readlineAsync} and {@link #readuntilAsync} look at most {@code limit}
 * bytes ahead (64 KiB by default); the transport is paused while more than 2 × limit bytes are
 * buffered, so a slow reader bounds the memory a fast peer can make it use.
 *
 * <p>Kotlin: suspend {@code read}, {@code readline}, {@code readexactly}, {@code readuntil} and
 * {@code lines()} (a {@code Flow}) on the same object, without a {@code CompletableFuture} per
 * call.
 */
public interface StreamReader {
  /**
   * Reads up to {@code n} bytes: what is buffered (at most {@code n}), else waits for data.
   * {@code n == -1} reads until EOF. An empty array means EOF (or {@code n == 0}).
   *
   * @param n how many bytes at most, or {@code -1} for all until EOF
   * @return a future of the bytes
   * @throws IllegalArgumentException if {@code n < -1}
   */
  CompletableFuture<byte[]> readAsync(int n);

  /**
   * Reads into {@code dst}: copies what is buffered (at most {@code dst.remaining()} bytes) to
   * {@code dst}'s position and advances it, else waits for data. No array is allocated per read,
   * so a consumer that reuses one buffer reads at the speed of one copy. Not in CPython's
   * {@code StreamReader} (it is {@code BufferedProtocol}'s idea at the stream level; JDK
   * channels' {@code read(ByteBuffer)} convention): the count is {@code -1} at EOF and
   * {@code 0} when {@code dst} has no room. {@code dst} is written on the loop thread, only in the
   * step that completes the future, and must not be touched meanwhile; a cancelled read writes
   * nothing and takes nothing.
   *
   * @param dst where the bytes go
   * @return a future of the number of bytes copied, or {@code -1} at EOF
   * @throws NullPointerException if {@code dst} is null
   * @throws IllegalArgumentException if {@code dst} is read-only
   */
  CompletableFuture<Integer> readIntoAsync(java.nio.ByteBuffer dst);

  /**
   * Reads one line, up to and including {@code '\n'}. At EOF returns what is left (maybe empty,
   * without the newline). When the limit is overrun the future fails with
   * {@link IllegalArgumentException} (asyncio's {@code ValueError}) and the line, or the whole
   * buffer when no newline was found, is dropped.
   *
   * @return a future of the line
   */
  CompletableFuture<byte[]> readlineAsync();

  /**
   * Reads exactly {@code n} bytes; fails with {@link IncompleteReadError} (the bytes read so far
   * in {@code partial()}) if the stream ends first.
   *
   * @param n how many bytes, at least 0
   * @return a future of the bytes
   * @throws IllegalArgumentException if {@code n} is negative
   */
  CompletableFuture<byte[]> readexactlyAsync(int n);

  /**
   * Reads up to and including the first of {@code separators} found (asyncio 3.13 takes several;
   * the one whose match ends first wins). Fails with {@link IncompleteReadError} at EOF (the
   * buffer's content in {@code partial()}) and with {@link LimitOverrunError} past the limit
   * (nothing taken). With no argument the separator is {@code "\n"}.
   *
   * @param separators one or more non-empty separators
   * @return a future of the bytes, separator included
   * @throws IllegalArgumentException if a separator is empty
   * @throws NullPointerException if a separator is null
   */
  CompletableFuture<byte[]> readuntilAsync(byte[]... separators);

  /**
   * Reads lines until EOF, handing each to {@code action} and waiting for the stage it returns
   * before reading the next (asyncio {@code async for line in reader}).
   *
   * @param action called with each line on the loop thread; may return null
   * @return a future completed at EOF, or failed with the first error
   */
  CompletableFuture<Void> forEachLineAsync(Function<byte[], ? extends CompletionStage<?>> action);

  /** @return whether the buffer is empty and EOF was fed */
  boolean atEof();

  /** @return the error set with {@link #setException} (or by the transport), or null */
  Throwable exception();

  /**
   * Fails the waiting read and every later one with {@code exc}.
   *
   * @param exc the error
   */
  void setException(Throwable exc);

  /**
   * Appends bytes to the buffer (the transport does this; tests may too). Loop thread.
   *
   * @param data the bytes
   * @throws IllegalStateException after {@link #feedEof}
   */
  void feedData(byte[] data);

  /** Marks the end of the stream. Loop thread. */
  void feedEof();

  /** @return the limit the reader was created with */
  int limit();
}
