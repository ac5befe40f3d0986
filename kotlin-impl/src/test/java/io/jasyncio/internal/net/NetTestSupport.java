package io.jasyncio.internal.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.channels.NetworkChannel;

/** Small helpers of the networking tests. */
final class NetTestSupport {
  private NetTestSupport() {}

  static SocketAddress localAddress(NetworkChannel ch) {
    try {
      return ch.getLocalAddress();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
