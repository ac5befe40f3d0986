package io.jasyncio.interop;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.net.Datagram;
import io.jasyncio.net.DatagramProtocol;
import io.jasyncio.net.DatagramTransport;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;

/** A Java datagram protocol answering each datagram in upper case; and a Java-face receive for Kotlin to await. */
public final class JavaUpperDatagram implements DatagramProtocol {
  DatagramTransport transport;
  int count;

  @Override
  public void connectionMade(DatagramTransport t) {
    transport = t;
  }

  @Override
  public void datagramReceived(ByteBuffer data, SocketAddress addr) {
    String s = StandardCharsets.UTF_8.decode(data).toString().toUpperCase();
    count++;
    transport.sendto((count + ":" + s).getBytes(StandardCharsets.UTF_8), addr);
  }

  /** The Java face on a channel the Kotlin side also uses. */
  public static Future<Datagram> receiveFromJava(EventLoop loop, DatagramChannel ch) {
    return loop.sockRecvfrom(ch, 1024);
  }
}
