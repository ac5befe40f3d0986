package io.jasyncio.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which workloads exist and which implementation runs which.
 *
 * <p>Adding a workload: a name constant and a label here, one function plus one map entry in each
 * implementation ({@link JavaFace}, {@code KotlinFace}, {@code RawKotlinx}, and
 * {@code src/main/python/asyncio_bench.py}), and the name in {@link #DEFAULT_WORKLOADS}. An
 * implementation that lacks a workload shows {@code n/a}.
 */
public final class Registry {
  private Registry() {}

  /** W1: create and await 1,000,000 tasks that return at once, in batches of 10,000. */
  public static final String SPAWN = "spawn";

  /**
   * W2: 100,000 concurrent tasks each sleeping 0..500 ms (a fixed LCG sequence), then gathered;
   * the figure of merit is the overhead over the ideal (the longest sleep).
   */
  public static final String SLEEPERS = "sleepers";

  /** W8: 1,000,000 callbacks scheduled on the running loop; done when a counter reaches n. */
  public static final String CALL_SOON = "call_soon";

  /** W8 through the loop's kotlinx {@code CoroutineDispatcher.dispatch} (Kotlin face only). */
  public static final String CALL_SOON_DISPATCH = "call_soon-dispatch";

  /** W3: one producer, one consumer, Queue(maxsize=100), 1,000,000 items. */
  public static final String QUEUE_PINGPONG = "queue-pingpong";

  /** W4: 8 producers, 8 consumers, Queue(maxsize=1000), 1,000,000 items, taskDone/join. */
  public static final String QUEUE_FAN = "queue-fan";

  /** Items in {@link #QUEUE_PINGPONG}. */
  public static final int QUEUE_PINGPONG_N = 1_000_000;

  /** Bound of the queue in {@link #QUEUE_PINGPONG}. */
  public static final int QUEUE_PINGPONG_MAXSIZE = 100;

  /** Items in {@link #QUEUE_FAN}. */
  public static final int QUEUE_FAN_N = 1_000_000;

  /** Producers (and consumers) in {@link #QUEUE_FAN}. */
  public static final int QUEUE_FAN_TASKS = 8;

  /** Bound of the queue in {@link #QUEUE_FAN}. */
  public static final int QUEUE_FAN_MAXSIZE = 1000;

  /** W5: 1,000 tasks x 1,000 acquire/release of one Lock; sleep(0) inside every 10th time. */
  public static final String LOCK = "lock";

  /** W6: 10,000 tasks each sleep 1 ms holding a permit of Semaphore(100); ideal 0.1 s. */
  public static final String SEMAPHORE = "semaphore";

  /** W7: 100,000 tasks wait on one Event; time from set() until all woke and finished. */
  public static final String EVENT = "event";

  /** Tasks in {@link #LOCK}. */
  public static final int LOCK_TASKS = 1000;

  /** Acquire/release rounds per task in {@link #LOCK}. */
  public static final int LOCK_ITERS = 1000;

  /** Tasks in {@link #SEMAPHORE}. */
  public static final int SEM_TASKS = 10_000;

  /** Permits in {@link #SEMAPHORE}. */
  public static final int SEM_PERMITS = 100;

  /** Waiters in {@link #EVENT}. */
  public static final int EVENT_N = 100_000;

  /** Sizes shared by every implementation (the CPython script uses the same numbers). */
  public static final int SPAWN_N = 1_000_000;

  /**
   * W5 with a first-come-first-served lock on virtual threads ({@code java-vt} only): the lock
   * policy of asyncio's and jasyncio's Lock, where the kit's W5 lets a releasing thread barge
   * ({@link VirtualThreadsLock}).
   */
  public static final String LOCK_FIFO = "lock-fifo";

  /** Tasks per batch in {@link #SPAWN}. */
  public static final int SPAWN_BATCH = 10_000;

  /** Tasks in {@link #SLEEPERS}. */
  public static final int SLEEPERS_N = 100_000;

  /** Callbacks in {@link #CALL_SOON}. */
  public static final int CALL_SOON_N = 1_000_000;

  /** W9: 50 connections x 2,000 round trips x 64 B, server and clients on one loop (the kit's tcp-echo). */
  public static final String TCP_ECHO = "tcp-echo";

  /** W9-2L: the same echo, the server on one loop and the clients on a second loop (two threads). */
  public static final String TCP_ECHO_2L = "tcp-echo-2l";

  /** W9-TLS (issue 11): the W9 echo over TLS (JDK provider), server and clients on one loop. */
  public static final String TCP_ECHO_TLS = "tcp-echo-tls";

  /** W10: one connection streaming 1 GiB in 64 KiB writes with drain; MB/s. */
  public static final String BULK = "bulk";

  /** W10 read with {@code readInto} into one reused buffer (no array per read); MB/s. */
  public static final String BULK_INTO = "bulk-into";

  /** W11: connections parked in readline; heap bytes per connection (both ends in one process). */
  public static final String IDLE = "idle";

  /** Connections of {@link #TCP_ECHO}. */
  public static final int ECHO_CONNS = 50;

  /** Round trips per connection of {@link #TCP_ECHO}. */
  public static final int ECHO_TRIPS = 2000;

  /** Message size of {@link #TCP_ECHO}. */
  public static final int ECHO_SIZE = 64;

  /** Bytes of {@link #BULK}. */
  public static final long BULK_BYTES = 1L << 30;

  /** Write size of {@link #BULK}. */
  public static final int BULK_CHUNK = 64 * 1024;

  /**
   * Connections of {@link #IDLE}: 10,000 in the issue; each takes two descriptors here (both
   * ends live in one process), so the default stays under a 20,000-descriptor limit.
   */
  public static final int IDLE_N = Integer.getInteger("idle.conns", 9000);

  // ---- issue 11 (udp): W12 ------------------------------------------------------------------------

  /** W12: UDP ping-pong, 1 client x 100,000 round trips x 64 B on loopback, one loop. */
  public static final String UDP_PINGPONG = "udp-pingpong";

  /** Round trips of {@link #UDP_PINGPONG}. */
  public static final int UDP_TRIPS = Integer.getInteger("udp.trips", 100_000);

  /** Datagram size of {@link #UDP_PINGPONG}. */
  public static final int UDP_SIZE = 64;
  // ---- end issue 11 (udp) -------------------------------------------------------------------------

  // ---- subprocesses (issue 12) ----

  /** W13: start 200 {@code true} processes and wait for all of them with gather; time. */
  public static final String PROC_SPAWN = "proc-spawn";

  /** W14: 256 MiB through {@code cat} (64 KiB writes with drain, read back concurrently); MB/s. */
  public static final String PROC_PIPE = "proc-pipe";

  /** Processes of {@link #PROC_SPAWN}. */
  public static final int PROC_SPAWN_N = 200;

  /** Bytes of {@link #PROC_PIPE}. */
  public static final long PROC_PIPE_BYTES = 256L << 20;

  /** The CPython implementation; run by {@code python3}, not by {@link Workload}. */
  public static final String PY = "py";

  /** Workloads run when none are named. */
  public static final List<String> DEFAULT_WORKLOADS =
      List.of(SPAWN, SLEEPERS, QUEUE_PINGPONG, QUEUE_FAN, LOCK, SEMAPHORE, EVENT, CALL_SOON);

  /** Implementations run when none are named, in table order. */
  public static final List<String> DEFAULT_IMPLS =
      List.of("jasyncio-java", "jasyncio-kotlin", "kx-rb", "kx-st", PY);

  /** Labels of the workloads in the issues and in {@code ../shared/bench}. */
  public static final Map<String, String> LABELS =
      Map.ofEntries(
          Map.entry(SPAWN, "W1"),
          Map.entry(SLEEPERS, "W2"),
          Map.entry(QUEUE_PINGPONG, "W3"),
          Map.entry(QUEUE_FAN, "W4"),
          Map.entry(LOCK, "W5"),
          Map.entry(LOCK_FIFO, "W5-fifo"),
          Map.entry(SEMAPHORE, "W6"),
          Map.entry(EVENT, "W7"),
          Map.entry(CALL_SOON, "W8"),
          Map.entry(CALL_SOON_DISPATCH, "W8'"),
          Map.entry(TCP_ECHO, "W9"),
          Map.entry(TCP_ECHO_2L, "W9-2L"),
          Map.entry(TCP_ECHO_TLS, "W9-TLS"),
          Map.entry(BULK, "W10"),
          Map.entry(BULK_INTO, "W10-into"),
          Map.entry(IDLE, "W11"),
          Map.entry(UDP_PINGPONG, "W12"), // issue 11 (udp)
          Map.entry(PROC_SPAWN, "W13"),
          Map.entry(PROC_PIPE, "W14"));

  /**
   * The delays of {@link #SLEEPERS}: 0..500 ms from the same LCG as the CPython script and the
   * reference kit, so every implementation sleeps the same sequence.
   *
   * @param n how many
   * @return the delays in milliseconds
   */
  public static int[] lcgDelaysMs(int n) {
    long x = 42;
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
      out[i] = (int) Long.remainderUnsigned(x >>> 33, 501);
    }
    return out;
  }

  /**
   * @param delaysMs the delays
   * @return the longest, in seconds: the ideal wall time of {@link #SLEEPERS}
   */
  public static double idealSeconds(int[] delaysMs) {
    int max = 0;
    for (int d : delaysMs) {
      max = Math.max(max, d);
    }
    return max / 1000.0;
  }

  /**
   * @return JVM implementation name to its workloads (name to bench)
   */
  public static Map<String, Map<String, Bench>> jvmImpls() {
    Map<String, Map<String, Bench>> m = new LinkedHashMap<>();
    m.put("jasyncio-java", JavaFace.workloads());
    m.put("jasyncio-java-direct", DirectFace.workloads());
    m.put("jasyncio-kotlin", KotlinFace.workloads());
    m.put("kx-rb", RawKotlinx.workloads(RawKotlinx.RB));
    m.put("kx-st", RawKotlinx.workloads(RawKotlinx.ST));
    m.put("jasyncio-proto", NetJava.protocolWorkloads());
    Map<String, Bench> vt = new LinkedHashMap<>(VirtualThreadsIdle.workloads());
    vt.putAll(VirtualThreadsLock.workloads());
    m.put("java-vt", vt);
    // ---- bench10: W10 bulk on Netty NIO and epoll (NettyBulk) ----
    m.put("netty-nio", NettyBulk.addNio(NettyTls.workloads())); // W9 and W9-TLS (issue 11), W10
    m.put("netty-epoll", NettyBulk.epoll());
    return m;
  }
}
