package io.jasyncio.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.jasyncio.BrokenBarrierError;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The synchronization primitives' behaviours, run through both faces:
 * {@link JavaFaceSyncTest} and {@code KotlinFaceSyncTest}. Each call runs on a fresh virtual loop.
 */
public abstract class SyncBehaviours {
  /** What a face must do. */
  public interface Face {
    /**
     * The main task holds a lock; tasks 0..n-1 ask for it in order; main releases it. The order
     * in which the tasks held it.
     */
    List<Integer> lockOrder(int n);

    /**
     * Main holds a lock; tasks 0, 1, 2 wait; main releases it and at once cancels task 0. Who held
     * it, in order.
     */
    List<Integer> lockCancelledAfterGrant();

    /** {@code tasks} tasks each hold a permit of a Semaphore(permits) across one sleep(0); the most holders seen. */
    int semaphoreMaxHolders(int permits, int tasks);

    /** {@code n} tasks wait on an Event; main sets it; how many woke. */
    int eventWakes(int n);

    /** Tasks 0..n-1 wait on a Condition; main notifies them one by one; the order they woke. */
    List<Integer> conditionNotifyOrder(int n);

    /** {@code parties} tasks pass a Barrier; their indices, by task. */
    List<Integer> barrierIndices(int parties);

    /** A task waits on a Barrier(2); main aborts it; what the task's wait threw. */
    Throwable barrierAbort();
  }

  protected abstract Face face();

  @Test
  void lockIsFifo() {
    assertEquals(List.of(0, 1, 2, 3), face().lockOrder(4));
  }

  @Test
  void aWaiterCancelledAfterTheGrantPassesTheLockOn() {
    assertEquals(List.of(1, 2), face().lockCancelledAfterGrant());
  }

  @Test
  void semaphoreHoldersNeverExceedPermits() {
    assertEquals(2, face().semaphoreMaxHolders(2, 6));
  }

  @Test
  void eventWakesEveryWaiter() {
    assertEquals(5, face().eventWakes(5));
  }

  @Test
  void conditionNotifiesInFifoOrder() {
    assertEquals(List.of(0, 1, 2), face().conditionNotifyOrder(3));
  }

  @Test
  void barrierGivesArrivalIndices() {
    assertEquals(List.of(0, 1, 2), face().barrierIndices(3));
  }

  @Test
  void barrierAbortBreaksTheWait() {
    assertInstanceOf(BrokenBarrierError.class, face().barrierAbort());
  }
}
