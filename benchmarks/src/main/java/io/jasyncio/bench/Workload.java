package io.jasyncio.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Child-process entry point: runs one workload on one JVM implementation and prints one line,
 * {@code <workload> <param> seconds=… ops_per_s=… impl=… runtime=… warmup_s=… [extras]}.
 *
 * <p>Usage: {@code java -Dwarmup=N -cp jasyncio-benchmarks.jar io.jasyncio.bench.Workload IMPL
 * WORKLOAD}. {@code warmup} (default 1) untimed copies run first, in this JVM.
 */
public final class Workload {
  private Workload() {}

  /**
   * @param args implementation and workload names
   * @throws Exception a failed run
   */
  public static void main(String[] args) throws Exception {
    Map<String, Map<String, Bench>> impls = Registry.jvmImpls();
    Map<String, Bench> workloads = args.length == 2 ? impls.get(args[0]) : null;
    Bench bench = workloads == null ? null : workloads.get(args[1]);
    if (bench == null) {
      System.err.println("usage: Workload IMPL WORKLOAD");
      impls.forEach((k, v) -> System.err.println("  " + k + ": " + String.join(" ", v.keySet())));
      System.exit(2);
    }
    int warmups = Integer.getInteger("warmup", 1);
    double warm = Double.NaN;
    for (int i = 0; i < warmups; i++) {
      warm = bench.run().seconds();
      System.gc();
    }
    long gcMs0 = gcMillis();
    long gcN0 = gcCount();
    long cpu0 = processCpuNanos();
    Result r = bench.run();
    long cpu = processCpuNanos() - cpu0;
    long gcMs = gcMillis() - gcMs0;
    long gcN = gcCount() - gcN0;
    StringJoiner line = new StringJoiner(" ");
    line.add(args[1]).add(r.param());
    line.add(String.format(Locale.ROOT, "seconds=%.4f", r.seconds()));
    line.add(String.format(Locale.ROOT, "ops_per_s=%.0f", r.opsPerSecond()));
    line.add("impl=" + args[0]);
    line.add("runtime=jdk-" + Runtime.version().feature());
    line.add(String.format(Locale.ROOT, "warmup_s=%.4f", warm));
    line.add("gc_n=" + gcN).add("gc_ms=" + gcMs);
    // CPU time of the whole process over the timed run (setup included): steadier than wall time
    // on a shared machine, where the run may wait for a core
    line.add(String.format(Locale.ROOT, "cpu_s=%.4f", cpu / 1e9));
    r.extra().forEach((k, v) -> line.add(k + "=" + v));
    System.out.println(line);
    System.out.flush();
    System.exit(0);
  }

  private static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean b ? b.getProcessCpuTime() : -1;
  }

  private static long gcMillis() {
    long t = 0;
    for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
      t += Math.max(0, b.getCollectionTime());
    }
    return t;
  }

  private static long gcCount() {
    long n = 0;
    for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, b.getCollectionCount());
    }
    return n;
  }
}
