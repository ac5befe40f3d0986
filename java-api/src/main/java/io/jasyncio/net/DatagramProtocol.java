package io.jasyncio.net;

import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * asyncio's {@code DatagramProtocol}: the callbacks of a datagram endpoint made by
 * {@link io.jasyncio.EventLoop#createDatagramEndpoint}. Every callback runs on the endpoint's loop
 * thread; all have empty defaults, so an implementation overrides what it needs.
 *
 * <p>Order: {@link #connectionMade} once, then any number of {@link #datagramReceived} and
 * {@link #errorReceived}, then {@link #connectionLost} once (only if {@code connectionMade} ran).
 * A callback that throws is reported to the loop's exception handler and closes the endpoint
 * (asyncio's "Fatal error on transport").
 *
 * <p>Difference from CPython: a datagram arrives as a {@link ByteBuffer} view of the loop's read
 * buffer, valid only during the call (copy what you keep), not as a fresh {@code bytes}.
 */
public interface DatagramProtocol {
  /**
   * The endpoint is ready: {@code transport} can send.
   *
   * @param transport the endpoint's transport
   */
  default void connectionMade(DatagramTransport transport) {}

  /**
   * A datagram arrived.
   *
   * @param data the datagram's bytes (position to limit), valid only during this call
   * @param addr the sender (for a connected endpoint: its remote address)
   */
  default void datagramReceived(ByteBuffer data, SocketAddress addr) {}

  /**
   * A send or receive failed with an OS error that does not close the endpoint (asyncio's
   * {@code error_received}), for example the ICMP "port unreachable" a connected endpoint gets
   * after sending to a port nobody listens on: a {@link java.net.PortUnreachableException}.
   *
   * @param exc the error
   */
  default void errorReceived(Exception exc) {}

  /**
   * The endpoint is closed.
   *
   * @param exc null after {@code close()}/{@code abort()}, else the error that closed it
   */
  default void connectionLost(Throwable exc) {}

  /** The transport's send buffer went above its high-water mark. */
  default void pauseWriting() {}

  /** The transport's send buffer drained to its low-water mark. */
  default void resumeWriting() {}
}
