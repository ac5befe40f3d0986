package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Lock;
import io.jasyncio.Queue;
import io.jasyncio.Semaphore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code Asyncio.waitFor} timing out in the very iteration a primitive granted the Java waiter:
 * the grant claimed the waiter's future first (its timer was scheduled first), so the timeout's
 * cancel of that future fails, waitFor waits for it and returns its outcome (CPython 3.12's rule
 * for an inner that finishes despite the cancel). The caller owns what it was granted: nothing
 * leaks and nothing is lost.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TimeoutGrantRaceTest {
  @Test
  void waitForAcquire_grantedAtTheDeadline_returnsAndTheCallerHoldsThePermit() {
    Semaphore sem = Semaphore.create(1);
    List<Object> seen =
        Loops.runVirtual(
            () ->
                sem.acquireAsync()
                    .thenCompose(
                        held -> {
                          Asyncio.getRunningLoop().callLater(1.0, sem::release);
                          return Asyncio.waitFor(sem.acquireAsync(), 1.0);
                        })
                    .thenApply(
                        v -> {
                          List<Object> out =
                              List.of(Asyncio.getRunningLoop().time(), sem.locked());
                          sem.release();
                          return out;
                        }));
    assertEquals(List.of(1.0, true), seen);
    assertFalse(sem.locked());
    assertEquals(0, sem.statistics().waiting());
  }

  @Test
  void waitForLock_grantedAtTheDeadline_returnsOwned_andLaterWaitersStillGetIt() {
    Lock lock = Lock.create();
    boolean[] lateRan = {false};
    Loops.runVirtual(
        () ->
            lock.acquireAsync()
                .thenCompose(
                    held -> {
                      Asyncio.getRunningLoop().callLater(1.0, lock::release);
                      var late =
                          Asyncio.createTask(
                              () ->
                                  Asyncio.sleep(0.5)
                                      .thenCompose(
                                          v ->
                                              lock.withLockAsync(
                                                  () -> {
                                                    lateRan[0] = true;
                                                    return Asyncio.sleep(0);
                                                  })));
                      return Asyncio.waitFor(lock.acquireAsync(), 1.0)
                          .thenCompose(
                              v -> {
                                assertTrue(lock.locked());
                                lock.release();
                                return late;
                              });
                    }));
    assertTrue(lateRan[0]);
    assertFalse(lock.locked());
  }

  @Test
  void waitForGet_itemArrivesAtTheDeadline_isReturnedNotLost() {
    Queue<String> q = Queue.create();
    String got =
        Loops.runVirtual(
            () -> {
              Asyncio.getRunningLoop().callLater(1.0, () -> q.putNowait("x"));
              return Asyncio.waitFor(q.getAsync(), 1.0);
            });
    assertEquals("x", got);
    assertEquals(0, q.qsize());
  }
}
