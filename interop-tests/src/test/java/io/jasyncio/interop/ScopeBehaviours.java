package io.jasyncio.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Timeouts, task groups, eager tasks and call graphs: one behaviour suite run through both faces
 * ({@link JavaScopeBehavioursTest}, {@link KotlinScopeBehavioursTest}). Every call of the
 * {@link Face} runs on a fresh loop with a virtual clock.
 */
public abstract class ScopeBehaviours {
  /** What a face must do; each method is one small program in that face's idiom. */
  public interface Face {
    /**
     * A body sleeping {@code bodySleep} under a timeout of {@code delay}: [outcome ("result" or
     * the exception's simple name), the cause's simple name or "-", expired, loop time].
     */
    List<Object> timeout(double delay, double bodySleep);

    /**
     * Nested timeouts around a long sleep, nothing caught: [what the outer scope raised, what the
     * inner one raised, whether the outer expired].
     */
    List<Object> nestedTimeouts(double outer, double inner);

    /** The task running a timeout(10) scope is cancelled at t=1: [outcome, expired]. */
    List<Object> foreignCancelInTimeout();

    /** timeout(1) rescheduled at 0.5 to 5.0, body sleeps 2: [result, loop time]. */
    List<Object> rescheduledTimeout();

    /** Children sleeping 0.1 (42) and 0.2 (11): [r1, r2, loop time]. */
    List<Object> groupResults();

    /**
     * A child crashing at 0.1 with IllegalStateException, a sibling sleeping 1, the body sleeping
     * 10: [leaf simple names, sibling cancelled, body saw a cancel, loop time].
     */
    List<Object> groupChildFailure();

    /** A group of 3 children sleeping 5, the task running it cancelled at 0.1: [outcome, children cancelled]. */
    List<Object> groupCancelledFromOutside();

    /** cancel() at 1 with 2 children sleeping 5 and a body sleeping 10: [outcome, loop time]. */
    List<Object> groupCancelMethod();

    /** After a child failed, createTask in a cancelled sibling: the message's end. */
    String groupShuttingDown();

    /** An eager task that returns at once: [done after createTask, events]. */
    List<Object> eagerCompletion();

    /** leaf awaits a future, mid awaits leaf: [leaf's awaiting is that future, names awaiting leaf]. */
    List<Object> callGraph();
  }

  protected abstract Face face();

  @Test
  void timeoutExpires_raisesTimeoutErrorCausedByTheCancel() {
    assertEquals(List.of("TimeoutError", "CancelledError", true, 0.5), face().timeout(0.5, 10));
  }

  @Test
  void timeoutNotReached_returnsTheResult() {
    assertEquals(List.of("result", "-", false, 1.0), face().timeout(2, 1));
  }

  @Test
  void nestedTimeouts_onlyTheScopeThatExpiredRaisesTimeoutError() {
    assertEquals(List.of("TimeoutError", "CancelledError", true), face().nestedTimeouts(0.1, 1));
    // the inner scope's TimeoutError passes through the outer one, which did not expire
    assertEquals(List.of("TimeoutError", "TimeoutError", false), face().nestedTimeouts(1, 0.1));
    assertEquals(List.of("TimeoutError", "CancelledError", true), face().nestedTimeouts(0.1, 0.1));
  }

  @Test
  void aForeignCancelStaysACancel() {
    assertEquals(List.of("CancelledError", false), face().foreignCancelInTimeout());
  }

  @Test
  void rescheduleMovesTheDeadline() {
    assertEquals(List.of("ok", 2.0), face().rescheduledTimeout());
  }

  @Test
  void aGroupWaitsForItsTasks() {
    assertEquals(List.of(42, 11, 0.2), face().groupResults());
  }

  @Test
  void aChildFailureCancelsTheRestAndIsReported() {
    assertEquals(List.of(List.of("IllegalStateException"), true, true, 0.1), face().groupChildFailure());
  }

  @Test
  void aGroupCancelledFromOutsidePropagatesTheCancel() {
    assertEquals(List.of("CancelledError", 3), face().groupCancelledFromOutside());
  }

  @Test
  void cancelStopsTheGroupWithoutRaising() {
    assertEquals(List.of("normal", 1.0), face().groupCancelMethod());
  }

  @Test
  void noNewTasksWhileShuttingDown() {
    assertEquals("is shutting down", face().groupShuttingDown());
  }

  @Test
  void eagerTasksCompleteInCreateTask() {
    assertEquals(List.of(true, List.of("step", "created")), face().eagerCompletion());
  }

  @Test
  void callGraphsShowWhoAwaitsWhat() {
    assertEquals(List.of(true, List.of("mid")), face().callGraph());
  }
}
