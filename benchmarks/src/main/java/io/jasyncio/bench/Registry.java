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

  /** W8: 1,000,000 callbacks scheduled on the running loop; done when a counter reaches n. */
  public static final String CALL_SOON = "call_soon";

  /** W8 through the loop's kotlinx {@code CoroutineDispatcher.dispatch} (Kotlin face only). */
  public static final String CALL_SOON_DISPATCH = "call_soon-dispatch";

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

  /** Tasks per batch in {@link #SPAWN}. */
  public static final int SPAWN_BATCH = 10_000;

  /** Callbacks in {@link #CALL_SOON}. */
  public static final int CALL_SOON_N = 1_000_000;

  /** The CPython implementation; run by {@code python3}, not by {@link Workload}. */
  public static final String PY = "py";

  /** Workloads run when none are named. */
  public static final List<String> DEFAULT_WORKLOADS = List.of(SPAWN, LOCK, SEMAPHORE, EVENT, CALL_SOON);

  /** Implementations run when none are named, in table order. */
  public static final List<String> DEFAULT_IMPLS =
      List.of("jasyncio-java", "jasyncio-kotlin", "kx-rb", "kx-st", PY);

  /** Labels of the workloads in the issues and in {@code ../shared/bench}. */
  public static final Map<String, String> LABELS =
      Map.of(SPAWN, "W1", LOCK, "W5", SEMAPHORE, "W6", EVENT, "W7", CALL_SOON, "W8",
          CALL_SOON_DISPATCH, "W8'");

  /**
   * @return JVM implementation name to its workloads (name to bench)
   */
  public static Map<String, Map<String, Bench>> jvmImpls() {
    Map<String, Map<String, Bench>> m = new LinkedHashMap<>();
    m.put("jasyncio-java", JavaFace.workloads());
    m.put("jasyncio-kotlin", KotlinFace.workloads());
    m.put("kx-rb", RawKotlinx.workloads(RawKotlinx.RB));
    m.put("kx-st", RawKotlinx.workloads(RawKotlinx.ST));
    return m;
  }
}
