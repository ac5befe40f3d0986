package io.jasyncio.process;

/**
 * What {@link io.jasyncio.EventLoop#subprocessExec} gives: the transport of the running child and
 * the protocol the factory made for it (asyncio returns the tuple {@code (transport, protocol)}).
 *
 * @param <P> the protocol type
 * @param transport the transport
 * @param protocol the protocol, already told {@link SubprocessProtocol#connectionMade}
 */
public record SubprocessTransportAndProtocol<P extends SubprocessProtocol>(SubprocessTransport transport, P protocol) {}
