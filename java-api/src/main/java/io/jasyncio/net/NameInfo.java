package io.jasyncio.net;

/**
 * The answer of {@link io.jasyncio.EventLoop#getnameinfo}: asyncio's {@code (host, port)}.
 *
 * @param host the host name found by reverse lookup, or the address literal when there is none
 *     (as {@code getnameinfo} without {@code NI_NAMEREQD})
 * @param port the port (numeric: the JVM has no services database)
 */
public record NameInfo(String host, int port) {}
