package io.jasyncio.net;

import java.net.SocketAddress;

/**
 * A received datagram: asyncio's {@code (data, address)} from {@code sock_recvfrom}.
 *
 * @param data the bytes received (truncated to the requested size, as {@code recvfrom})
 * @param address the sender
 */
public record Datagram(byte[] data, SocketAddress address) {}
