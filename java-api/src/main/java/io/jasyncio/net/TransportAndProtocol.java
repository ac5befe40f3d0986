package io.jasyncio.net;

/**
 * What {@link io.jasyncio.EventLoop#createConnection} gives: the connected transport and the
 * protocol the factory made for it (asyncio returns the tuple {@code (transport, protocol)}).
 *
 * @param <P> the protocol type
 * @param transport the transport
 * @param protocol the protocol, already told {@link BaseProtocol#connectionMade}
 */
public record TransportAndProtocol<P extends BaseProtocol>(Transport transport, P protocol) {}
