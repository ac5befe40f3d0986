package io.jasyncio.spi;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.net.ClientConnected;
import io.jasyncio.net.Server;
import io.jasyncio.net.ServerOptions;
import io.jasyncio.net.StreamConnection;
import io.jasyncio.net.StreamReader;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * How {@link io.jasyncio.net.Streams} finds the engine's streams (issue 10), found through
 * {@link java.util.ServiceLoader} like {@link Engine}. Arguments arrive checked. Not for
 * application code.
 */
public interface NetEngine {
  /**
   * @param loop the loop the reader belongs to
   * @param limit the limit, positive
   * @return a new reader
   */
  StreamReader newStreamReader(EventLoop loop, int limit);

  /**
   * @param loop the running loop
   * @param host the host
   * @param port the port
   * @param limit the reader's limit
   * @param localAddr the local address to bind, or null
   * @return a future of the connection
   */
  Future<StreamConnection> openConnection(
      EventLoop loop, String host, int port, int limit, InetSocketAddress localAddr);

  /**
   * @param loop the running loop
   * @param path the socket path
   * @param limit the reader's limit
   * @return a future of the connection
   */
  Future<StreamConnection> openUnixConnection(EventLoop loop, Path path, int limit);

  /**
   * @param loop the running loop
   * @param cb the handler
   * @param host the host, or null for every interface
   * @param port the port
   * @param options the options
   * @return a future of the server
   */
  Future<Server> startServer(EventLoop loop, ClientConnected cb, String host, int port, ServerOptions options);

  /**
   * @param loop the running loop
   * @param cb the handler
   * @param path the socket path
   * @param options the options
   * @return a future of the server
   */
  Future<Server> startUnixServer(EventLoop loop, ClientConnected cb, Path path, ServerOptions options);

  // ---- TLS (issue 11) ----

  /**
   * @param loop the running loop
   * @param host the host
   * @param port the port
   * @param options the options (TLS, limit, local address)
   * @return a future of the connection
   */
  Future<StreamConnection> openConnection(
      EventLoop loop, String host, int port, io.jasyncio.net.ConnectionOptions options);

  /**
   * @param loop the running loop
   * @param path the socket path
   * @param options the options (TLS, limit)
   * @return a future of the connection
   */
  Future<StreamConnection> openUnixConnection(
      EventLoop loop, Path path, io.jasyncio.net.ConnectionOptions options);
}
