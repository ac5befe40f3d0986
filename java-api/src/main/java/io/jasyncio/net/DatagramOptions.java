package io.jasyncio.net;

import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;

/**
 * The keyword options of {@link io.jasyncio.EventLoop#createDatagramEndpoint} (asyncio's
 * {@code family}, {@code reuse_port}, {@code allow_broadcast}). Mutable builder; each setter
 * returns {@code this}.
 */
public final class DatagramOptions {
  ProtocolFamily family;
  boolean reusePort;
  boolean allowBroadcast;

  /**
   * The defaults: family from the addresses, no SO_REUSEPORT, no SO_BROADCAST.
   *
   * @return new options
   */
  public static DatagramOptions defaults() {
    return new DatagramOptions();
  }

  /**
   * The address family (asyncio {@code family}); required when neither address is given.
   * {@link StandardProtocolFamily#UNIX} is refused by the endpoint with
   * {@link UnsupportedOperationException}: JDK 17's {@code DatagramChannel} has no Unix datagram
   * sockets.
   *
   * @param family INET, INET6, or null to take it from the addresses
   * @return this
   */
  public DatagramOptions family(ProtocolFamily family) {
    this.family = family;
    return this;
  }

  /**
   * SO_REUSEPORT (asyncio {@code reuse_port}): several endpoints may bind the same port.
   *
   * @param reusePort whether to set it
   * @return this
   */
  public DatagramOptions reusePort(boolean reusePort) {
    this.reusePort = reusePort;
    return this;
  }

  /**
   * SO_BROADCAST (asyncio {@code allow_broadcast}): datagrams may go to broadcast addresses.
   *
   * @param allowBroadcast whether to set it
   * @return this
   */
  public DatagramOptions allowBroadcast(boolean allowBroadcast) {
    this.allowBroadcast = allowBroadcast;
    return this;
  }

  /**
   * The family, or null.
   *
   * @return the family
   */
  public ProtocolFamily family() {
    return family;
  }

  /**
   * Whether SO_REUSEPORT is set.
   *
   * @return the flag
   */
  public boolean reusePort() {
    return reusePort;
  }

  /**
   * Whether SO_BROADCAST is set.
   *
   * @return the flag
   */
  public boolean allowBroadcast() {
    return allowBroadcast;
  }

  @Override
  public String toString() {
    return "DatagramOptions[family=" + family + ", reusePort=" + reusePort
        + ", allowBroadcast=" + allowBroadcast + "]";
  }
}
