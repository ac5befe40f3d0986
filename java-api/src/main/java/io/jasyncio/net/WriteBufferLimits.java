package io.jasyncio.net;

/**
 * A transport's write-buffer marks (asyncio {@code get_write_buffer_limits()} returns
 * {@code (low, high)}).
 *
 * @param low the low-water mark: {@link BaseProtocol#resumeWriting} fires at or below it
 * @param high the high-water mark: {@link BaseProtocol#pauseWriting} fires above it
 */
public record WriteBufferLimits(int low, int high) {}
