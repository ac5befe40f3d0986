package io.jasyncio.net;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.spi.NetEngine;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * asyncio's stream functions ({@code open_connection}, {@code start_server},
 * {@code open_unix_connection}, {@code start_unix_server}); {@link Asyncio} offers the same
 * under the same names. Each uses the loop running on the calling thread
 * ({@link IllegalStateException} if none) and returns a future of that loop.
 *
 * <p>Bad input fails at once, before anything is registered: a null host, path or callback with
 * {@link NullPointerException} naming the argument, a port outside 0..65535 or a limit below 1
 * with {@link IllegalArgumentException}. Connection failures fail the returned future: refused
 * with {@link java.net.ConnectException}, an unknown host with
 * {@link java.net.UnknownHostException}.
 *
 * <p>Kotlin: suspend {@code openConnection}, {@code startServer} (with a suspend handler), ... in
 * {@code io.jasyncio.kotlin}.
 */
public final class Streams {
  /** asyncio's {@code _DEFAULT_LIMIT}: 64 KiB. */
  public static final int DEFAULT_LIMIT = 64 * 1024;

  private Streams() {}

  private static final class Holder {
    static final NetEngine ENGINE = load();

    private static NetEngine load() {
      Iterator<NetEngine> it = ServiceLoader.load(NetEngine.class, Streams.class.getClassLoader()).iterator();
      if (!it.hasNext()) {
        it = ServiceLoader.load(NetEngine.class).iterator();
      }
      if (!it.hasNext()) {
        throw new IllegalStateException("no io.jasyncio.spi.NetEngine found: add the engine artifact");
      }
      return it.next();
    }
  }

  static int checkPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535, got " + port);
    }
    return port;
  }

  static int checkLimit(int limit) {
    if (limit <= 0) throw new IllegalArgumentException("limit must be > 0, got " + limit);
    return limit;
  }

  /**
   * Connects to {@code host:port} (asyncio {@code open_connection}).
   *
   * @param host a host name or address literal
   * @param port the port, 0-65535
   * @return a future of the reader and writer
   */
  public static Future<StreamConnection> openConnection(String host, int port) {
    return openConnection(host, port, DEFAULT_LIMIT, null);
  }

  /**
   * As {@link #openConnection(String, int)} with the reader's {@code limit}.
   *
   * @param host a host name or address literal
   * @param port the port
   * @param limit the reader's limit, positive
   * @return a future of the reader and writer
   */
  public static Future<StreamConnection> openConnection(String host, int port, int limit) {
    return openConnection(host, port, limit, null);
  }

  /**
   * As {@link #openConnection(String, int, int)}, binding the local end to {@code localAddr}.
   *
   * @param host a host name or address literal
   * @param port the port
   * @param limit the reader's limit, positive
   * @param localAddr the local address, or null
   * @return a future of the reader and writer
   */
  public static Future<StreamConnection> openConnection(
      String host, int port, int limit, InetSocketAddress localAddr) {
    Objects.requireNonNull(host, "host");
    checkPort(port);
    checkLimit(limit);
    EventLoop loop = Asyncio.getRunningLoop();
    return Holder.ENGINE.openConnection(loop, host, port, limit, localAddr);
  }

  // ---- TLS (issue 11) ----

  /**
   * Connects to {@code host:port} with options (asyncio {@code open_connection(host, port,
   * ssl=..., server_hostname=..., ssl_handshake_timeout=..., limit=..., local_addr=...)}). With
   * {@link ConnectionOptions#ssl} set the connection speaks TLS: see
   * {@link io.jasyncio.EventLoop#createConnection(java.util.function.Supplier, String, int,
   * ConnectionOptions)} for the handshake, the host name check and the failures.
   *
   * @param host a host name or address literal
   * @param port the port, 0-65535
   * @param options TLS, the reader's limit, the local address
   * @return a future of the reader and writer
   */
  public static Future<StreamConnection> openConnection(String host, int port, ConnectionOptions options) {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(options, "options");
    checkPort(port);
    return Holder.ENGINE.openConnection(Asyncio.getRunningLoop(), host, port, options);
  }

  /**
   * Connects to the Unix socket at {@code path} with options (TLS, the reader's limit).
   *
   * @param path the socket path
   * @param options TLS, the reader's limit
   * @return a future of the reader and writer
   */
  public static Future<StreamConnection> openUnixConnection(Path path, ConnectionOptions options) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(options, "options");
    return Holder.ENGINE.openUnixConnection(Asyncio.getRunningLoop(), path, options);
  }

  /**
   * Connects to the Unix socket at {@code path} (asyncio {@code open_unix_connection}).
   *
   * @param path the socket path
   * @return a future of the reader and writer
   */
  public static Future<StreamConnection> openUnixConnection(Path path) {
    return openUnixConnection(path, DEFAULT_LIMIT);
  }

  /**
   * As {@link #openUnixConnection(Path)} with the reader's {@code limit}.
   *
   * @param path the socket path
   * @param limit the reader's limit, positive
   * @return a future of the reader and writer
   */
  public static Future<StreamConnection> openUnixConnection(Path path, int limit) {
    Objects.requireNonNull(path, "path");
    checkLimit(limit);
    return Holder.ENGINE.openUnixConnection(Asyncio.getRunningLoop(), path, limit);
  }

  /**
   * Listens on {@code host:port} and runs {@code clientConnected} as a task for every connection
   * (asyncio {@code start_server}).
   *
   * @param clientConnected the handler
   * @param host the address to listen on; null for every interface
   * @param port the port, 0 for an ephemeral one (see {@link Server#sockets})
   * @return a future of the server, serving already
   */
  public static Future<Server> startServer(ClientConnected clientConnected, String host, int port) {
    return startServer(clientConnected, host, port, ServerOptions.defaults());
  }

  /**
   * As {@link #startServer(ClientConnected, String, int)} with options.
   *
   * @param clientConnected the handler
   * @param host the address to listen on; null for every interface
   * @param port the port
   * @param options backlog, reuse flags, startServing, the readers' limit
   * @return a future of the server
   */
  public static Future<Server> startServer(
      ClientConnected clientConnected, String host, int port, ServerOptions options) {
    Objects.requireNonNull(clientConnected, "clientConnected");
    Objects.requireNonNull(options, "options");
    checkPort(port);
    return Holder.ENGINE.startServer(Asyncio.getRunningLoop(), clientConnected, host, port, options);
  }

  /**
   * Listens on the Unix socket {@code path} (asyncio {@code start_unix_server}).
   *
   * @param clientConnected the handler
   * @param path the socket path; must not exist
   * @return a future of the server
   */
  public static Future<Server> startUnixServer(ClientConnected clientConnected, Path path) {
    return startUnixServer(clientConnected, path, ServerOptions.defaults());
  }

  /**
   * As {@link #startUnixServer(ClientConnected, Path)} with options.
   *
   * @param clientConnected the handler
   * @param path the socket path
   * @param options the options (reuse flags do not apply)
   * @return a future of the server
   */
  public static Future<Server> startUnixServer(
      ClientConnected clientConnected, Path path, ServerOptions options) {
    Objects.requireNonNull(clientConnected, "clientConnected");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(options, "options");
    return Holder.ENGINE.startUnixServer(Asyncio.getRunningLoop(), clientConnected, path, options);
  }

  /**
   * A reader not attached to any transport, fed with {@link StreamReader#feedData} (tests,
   * adapters), bound to the running loop.
   *
   * @param limit the limit, positive
   * @return a new reader
   */
  public static StreamReader newStreamReader(int limit) {
    return newStreamReader(Asyncio.getRunningLoop(), limit);
  }

  /**
   * As {@link #newStreamReader(int)} for a given loop.
   *
   * @param loop the loop
   * @param limit the limit, positive
   * @return a new reader
   */
  public static StreamReader newStreamReader(EventLoop loop, int limit) {
    Objects.requireNonNull(loop, "loop");
    checkLimit(limit);
    return Holder.ENGINE.newStreamReader(loop, limit);
  }
}
