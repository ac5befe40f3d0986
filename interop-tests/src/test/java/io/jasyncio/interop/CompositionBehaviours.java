package io.jasyncio.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * gather, wait, waitFor, asCompleted and shield: one behaviour suite run through both faces
 * ({@link JavaFaceCompositionTest}, {@link KotlinFaceCompositionTest}). Each face method is one
 * small program on a fresh virtual-clock loop and returns a summary list.
 */
public abstract class CompositionBehaviours {
  /** What a face must do; the summaries use plain values, class simple names and times. */
  public interface Face {
    /** Tasks sleeping {@code seconds[i]} returning i, gathered: [results, time]. */
    List<Object> gatherInOrder(double... seconds);

    /** gather(fails at 0.1 with "boom", sleeps 1 s): [exception message, time, other done]. */
    List<Object> gatherFirstFailure();

    /** gather with return_exceptions of (1 after 0.1, IOException, cancelled): class names. */
    List<Object> gatherReturnExceptions();

    /** gather() and gather(return_exceptions=True) with no awaitable: [result, result, time]. */
    List<Object> gatherNothing();

    /** gather of two sleepers cancelled at 0.5: [exception class, both children cancelled]. */
    List<Object> cancelledGather();

    /** wait FIRST_COMPLETED on sleepers of 10 s and 0.1 s: [done, pending, time]. */
    List<Object> waitFirstCompleted();

    /** wait with timeout 0.11 on sleepers of 0.1 and 0.15: [done, pending, time]. */
    List<Object> waitTimeout();

    /** waitFor(task sleeping 10 s, 0.1): [exception, cause, task cancelled, time]. */
    List<Object> waitForTimeout();

    /** waitFor(task sleeping 0.1 s returning 5, 1): [value, time]. */
    List<Object> waitForInTime();

    /** asCompleted(sleepers 0.3 "a", 0.1 "b", 0.2 "c"): the results in order. */
    List<Object> asCompletedOrder();

    /** asCompleted(0.1 "a", 10 "slow"; timeout 1): the results, then "TimeoutError", time. */
    List<Object> asCompletedTimeout();

    /** shield(task 1 s → 9) cancelled at 0.1: [outer exception, inner result, time]. */
    List<Object> shieldCancelled();
  }

  protected abstract Face face();

  @Test
  void gather_resultsInArgumentOrder() {
    assertEquals(List.of(List.of(0, 1, 2), 0.3), face().gatherInOrder(0.3, 0.1, 0.2));
  }

  @Test
  void gather_firstFailurePropagates_othersKeepRunning() {
    assertEquals(List.of("boom", 0.1, false), face().gatherFirstFailure());
  }

  @Test
  void gather_returnExceptions() {
    assertEquals(List.of("Integer", "IOException", "CancelledError"),
        face().gatherReturnExceptions());
  }

  @Test
  void gather_noArgument_isAnEmptyListAtOnce() {
    assertEquals(List.of(List.of(), List.of(), 0.0), face().gatherNothing());
  }

  @Test
  void gather_cancelled_cancelsChildren() {
    assertEquals(List.of("CancelledError", true), face().cancelledGather());
  }

  @Test
  void wait_firstCompleted() {
    assertEquals(List.of(1, 1, 0.1), face().waitFirstCompleted());
  }

  @Test
  void wait_timeout() {
    assertEquals(List.of(1, 1, 0.11), face().waitTimeout());
  }

  @Test
  void waitFor_timeout() {
    assertEquals(List.of("TimeoutError", "CancelledError", true, 0.1), face().waitForTimeout());
  }

  @Test
  void waitFor_inTime() {
    assertEquals(List.of(5, 0.1), face().waitForInTime());
  }

  @Test
  void asCompleted_order() {
    assertEquals(List.of("b", "c", "a"), face().asCompletedOrder());
  }

  @Test
  void asCompleted_timeout() {
    assertEquals(List.of("a", "TimeoutError", 1.0), face().asCompletedTimeout());
  }

  @Test
  void shield_outerCancelled_innerRuns() {
    assertEquals(List.of("CancelledError", 9, 1.0), face().shieldCancelled());
  }
}
