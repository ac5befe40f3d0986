package io.jasyncio.process;

/**
 * What {@link Subprocess#communicateAsync} gives: everything the child wrote to stdout and to
 * stderr (asyncio's tuple {@code (stdout_data, stderr_data)}). A stream that was not a
 * {@link Stdio#PIPE} gives null, as in asyncio. Kotlin: {@code val (out, err) = p.communicate()}.
 *
 * @param stdout the bytes read from stdout, or null
 * @param stderr the bytes read from stderr, or null
 */
public record Communicated(byte[] stdout, byte[] stderr) {}
