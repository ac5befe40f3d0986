package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Lock;
import io.jasyncio.Queue;
import io.jasyncio.Semaphore;
import io.jasyncio.TimeoutError;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code Asyncio.waitFor} timing out in the very iteration a primitive granted the Java waiter
 * (the grant's timer was scheduled first). The grant is delivered in a later loop step, so the
 * timeout's cancel withdraws the waiter and the grant goes on, as in CPython (its task is
 * cancelled before the woken acquire resumes, and the acquire passes the wake-up on): waitFor
 * raises TimeoutError and nothing leaks or is lost. Before issue 9 the grant claimed the Java
 * future, and waitFor returned the value instead.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TimeoutGrantRaceTest {
  @Test
  void waitForAcquire_grantedAtTheDeadline_timesOut_andThePermitStaysFree() {
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
                    .handle(
                        (v, e) ->
                            List.of(Asyncio.getRunningLoop().time(), e.getClass(), sem.locked())));
    assertEquals(List.of(1.0, TimeoutError.class, false), seen);
    assertEquals(0, sem.statistics().waiting());
  }

  @Test
  void waitForLock_grantedAtTheDeadline_timesOut_andTheLaterWaiterGetsTheLock() {
    Lock lock = Lock.create();
    boolean[] lateRan = {false};
    Throwable e =
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
                              .handle((v, x) -> x)
                              .thenCompose(x -> late.thenApply(v -> x));
                        }));
    assertInstanceOf(TimeoutError.class, e);
    assertTrue(lateRan[0]);
    assertFalse(lock.locked());
  }

  @Test
  void waitForGet_itemArrivesAtTheDeadline_timesOut_andTheItemStaysInTheQueue() {
    Queue<String> q = Queue.create();
    Throwable e =
        Loops.runVirtual(
            () -> {
              Asyncio.getRunningLoop().callLater(1.0, () -> q.putNowait("x"));
              return Asyncio.waitFor(q.getAsync(), 1.0).handle((v, x) -> x);
            });
    assertInstanceOf(TimeoutError.class, e);
    assertEquals(1, q.qsize());
    assertEquals("x", q.getNowait());
  }
}
