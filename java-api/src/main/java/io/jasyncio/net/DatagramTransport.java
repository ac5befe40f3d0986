package io.jasyncio.net;

import io.jasyncio.EventLoop;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * asyncio's {@code DatagramTransport} ({@code _SelectorDatagramTransport}): a UDP socket on its
 * loop's selector. Loop-bound: every method must be called on the loop thread (else
 * {@link IllegalStateException}), like {@link Transport}.
 *
 * <p>Sending: {@link #sendto} first tries the socket; what it does not take is copied into a
 * buffer flushed when the socket is writable, datagram by datagram in order. The protocol's
 * {@code pauseWriting} fires when the buffer goes above the high-water mark (64 KiB by default),
 * {@code resumeWriting} when it drains to the low one (high / 4), as asyncio. An OS error on a send
 * (refused, unreachable) goes to {@link DatagramProtocol#errorReceived} and the datagram is dropped;
 * the endpoint stays open.
 *
 * <p>Connected endpoints ({@code remoteAddr} given): {@code sendto(data)} sends to the remote
 * address; {@code sendto(data, addr)} with another address throws {@link IllegalArgumentException}
 * (asyncio's {@code ValueError}); only the remote peer's datagrams are received.
 */
public interface DatagramTransport {
  /**
   * The loop that owns this transport.
   *
   * @return the loop
   */
  EventLoop getLoop();

  /**
   * Sends one datagram to the connected peer (asyncio {@code sendto(data)}).
   *
   * @param data the datagram (position to limit; an empty buffer sends an empty datagram); the
   *     buffer is consumed
   * @throws NullPointerException if {@code data} is null
   * @throws IllegalStateException if the endpoint is not connected (no remote address), or off
   *     the loop thread
   */
  void sendto(ByteBuffer data);

  /**
   * Sends one datagram to {@code addr} (asyncio {@code sendto(data, addr)}).
   *
   * @param data the datagram; the buffer is consumed
   * @param addr the destination, or null for the connected peer
   * @throws NullPointerException if {@code data} is null
   * @throws IllegalArgumentException if the endpoint is connected and {@code addr} is another
   *     address
   */
  void sendto(ByteBuffer data, SocketAddress addr);

  /**
   * As {@link #sendto(ByteBuffer)}.
   *
   * @param data the datagram
   */
  void sendto(byte[] data);

  /**
   * As {@link #sendto(ByteBuffer, SocketAddress)}.
   *
   * @param data the datagram
   * @param addr the destination, or null for the connected peer
   */
  void sendto(byte[] data, SocketAddress addr);

  /**
   * Bytes waiting in the send buffer (the sum of the buffered datagrams' sizes).
   *
   * @return the buffered size
   */
  int getWriteBufferSize();

  /**
   * Sets the write-buffer marks as {@link Transport#setWriteBufferLimits}.
   *
   * @param high the high-water mark, or null
   * @param low the low-water mark, or null
   * @throws IllegalArgumentException unless {@code high >= low >= 0}
   */
  void setWriteBufferLimits(Integer high, Integer low);

  /**
   * The write-buffer marks.
   *
   * @return (low, high)
   */
  WriteBufferLimits getWriteBufferLimits();

  /**
   * Closes the endpoint once the buffered datagrams are sent; {@code connectionLost(null)} runs
   * in a later iteration. No more datagrams are received. Idempotent.
   */
  void close();

  /** Closes at once, dropping the buffered datagrams; {@code connectionLost(null)} follows. */
  void abort();

  /**
   * Whether {@link #close} or {@link #abort} was called or the endpoint failed.
   *
   * @return true if closing or closed
   */
  boolean isClosing();

  /**
   * asyncio's {@code get_extra_info}: {@code "sockname"} (the bound address), {@code "peername"}
   * (the remote address of a connected endpoint, else the default), {@code "socket"} (the
   * {@link java.nio.channels.DatagramChannel}: do not read, write or close it yourself).
   *
   * @param name the key
   * @return the value, or null
   */
  default Object getExtraInfo(String name) {
    return getExtraInfo(name, null);
  }

  /**
   * As {@link #getExtraInfo(String)} with a default.
   *
   * @param name the key
   * @param defaultValue returned when there is no such value
   * @return the value or {@code defaultValue}
   */
  Object getExtraInfo(String name, Object defaultValue);

  /**
   * The current protocol.
   *
   * @return the protocol
   */
  DatagramProtocol getProtocol();

  /**
   * Replaces the protocol; later callbacks go to {@code protocol}.
   *
   * @param protocol the new protocol
   */
  void setProtocol(DatagramProtocol protocol);
}
