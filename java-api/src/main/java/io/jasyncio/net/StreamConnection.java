package io.jasyncio.net;

/**
 * What {@link Streams#openConnection} gives (asyncio returns the tuple {@code (reader, writer)}).
 *
 * @param reader the reading side
 * @param writer the writing side
 */
public record StreamConnection(StreamReader reader, StreamWriter writer) {}
