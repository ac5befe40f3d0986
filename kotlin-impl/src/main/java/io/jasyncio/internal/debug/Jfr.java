package io.jasyncio.internal.debug;

import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;

/**
 * The engine's JFR events, cheap when nobody records: {@link #tasks} is a plain flag kept up to
 * date by a recorder listener, so an unrecorded task event costs one static read. Without the
 * {@code jdk.jfr} module (a JPMS layer that did not resolve it), every method is a no-op.
 */
final class Jfr {
  /** Whether a recording has {@code io.jasyncio.Task} enabled. */
  static volatile boolean tasks;

  static final boolean AVAILABLE = init();

  private Jfr() {}

  private static boolean init() {
    try {
      FlightRecorder.addListener(new jdk.jfr.FlightRecorderListener() {
        @Override
        public void recorderInitialized(FlightRecorder recorder) {
          register();
        }

        @Override
        public void recordingStateChanged(jdk.jfr.Recording recording) {
          tasks = EventType.getEventType(TaskEvent.class).isEnabled();
        }
      });
      // only touch JFR when it is up already: registering would start its metadata machinery
      if (FlightRecorder.isInitialized()) {
        register();
        tasks = EventType.getEventType(TaskEvent.class).isEnabled();
      }
      return true;
    } catch (Throwable e) { // no jdk.jfr in this layer, or JFR disabled in this VM
      return false;
    }
  }

  /**
   * Registers the event types with a running recorder, so a class loaded before JFR started (and
   * hence not instrumented) is known by name to recordings that enable it.
   */
  private static void register() {
    FlightRecorder.register(SlowCallbackEvent.class);
    FlightRecorder.register(BlockedLoopEvent.class);
    FlightRecorder.register(TaskEvent.class);
    FlightRecorder.register(LoopLagEvent.class);
  }

  static void slowCallback(String loop, String callback, long nanos) {
    if (!AVAILABLE) return;
    SlowCallbackEvent e = new SlowCallbackEvent();
    if (e.isEnabled()) {
      e.loop = loop;
      e.callback = callback;
      e.took = nanos;
      e.commit();
    }
  }

  static void blockedLoop(String loop, String callback, long nanos, String stack) {
    if (!AVAILABLE) return;
    BlockedLoopEvent e = new BlockedLoopEvent();
    if (e.isEnabled()) {
      e.loop = loop;
      e.callback = callback;
      e.blocked = nanos;
      e.stack = stack;
      e.commit();
    }
  }

  static void task(String loop, String task, String what) {
    if (!AVAILABLE || !tasks) return;
    TaskEvent e = new TaskEvent();
    e.loop = loop;
    e.task = task;
    e.what = what;
    e.commit();
  }

  static void lag(String loop, long nanos) {
    if (!AVAILABLE) return;
    LoopLagEvent e = new LoopLagEvent();
    if (e.isEnabled()) {
      e.loop = loop;
      e.lag = nanos;
      e.commit();
    }
  }
}
