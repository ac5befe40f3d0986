package io.jasyncio.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * W11 with virtual threads and blocking sockets (JDK 21+; run with {@code java.bin} on JDK 25):
 * one virtual thread per accepted connection parked in {@code readLine()}. Found by reflection so
 * that this module still compiles for Java 17.
 */
final class VirtualThreadsIdle {
  private VirtualThreadsIdle() {}

  static Map<String, Bench> workloads() {
    return Map.of(Registry.IDLE, () -> idle(Registry.IDLE_N));
  }

  static Result idle(int n) throws Exception {
    ExecutorService vts = (ExecutorService) java.util.concurrent.Executors.class
        .getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    AtomicInteger parked = new AtomicInteger();
    long before = NetJava.heapUsed();
    try (ServerSocket ss = new ServerSocket()) {
      ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
      vts.submit(() -> {
        while (!ss.isClosed()) {
          Socket s = ss.accept();
          vts.submit(() -> {
            try (s; BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
              parked.incrementAndGet();
              r.readLine();
            }
            return null;
          });
        }
        return null;
      });
      long t0 = System.nanoTime();
      List<Socket> clients = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        clients.add(new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort()));
      }
      while (parked.get() < n) {
        Thread.onSpinWait();
      }
      double dt = Result.secondsSince(t0);
      long perConn = (NetJava.heapUsed() - before) / n;
      for (Socket c : clients) {
        c.close();
      }
      return new Result("conns=" + n, n, dt, new java.util.LinkedHashMap<>(Map.of("heap_bytes_per_conn", Long.toString(perConn))));
    } finally {
      vts.shutdownNow();
    }
  }
}
