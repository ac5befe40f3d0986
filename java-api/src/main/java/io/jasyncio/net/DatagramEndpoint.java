package io.jasyncio.net;

/**
 * The outcome of {@link io.jasyncio.EventLoop#createDatagramEndpoint}: asyncio's
 * {@code (transport, protocol)} pair for a datagram endpoint. (Not a {@link TransportAndProtocol}:
 * a datagram transport is not a stream {@link Transport}, as in asyncio's type hierarchy.)
 *
 * @param <P> the protocol type
 * @param transport the endpoint's transport
 * @param protocol the protocol the factory made
 */
public record DatagramEndpoint<P extends DatagramProtocol>(DatagramTransport transport, P protocol) {}
