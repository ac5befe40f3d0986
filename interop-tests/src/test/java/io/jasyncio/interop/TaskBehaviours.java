package io.jasyncio.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.CancelledError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One behaviour suite, run through both faces: {@link JavaFaceBehavioursTest} drives it with
 * the Java face, {@link KotlinFaceBehavioursTest} with the Kotlin face. Every call of the
 * {@link Face} runs on a fresh loop with a virtual clock.
 */
public abstract class TaskBehaviours {
  /** What a face must do; each method is one small program in that face's idiom. */
  public interface Face {
    /** A task yields once, then returns {@code value}; the result of awaiting it. */
    <T> T taskResult(T value);

    /** A task yields once, then fails with {@code failure}; what awaiting it threw. */
    Throwable taskFailure(Exception failure);

    /**
     * A task waits an hour, recording "finally" when its wait ends however it ends; once it
     * started, it is cancelled with {@code msg}. What awaiting it threw, and whether
     * {@code cancelled()} was true, as "cancelled" appended to {@code events}.
     */
    Throwable cancelWaitingTask(String msg, List<String> events);

    /** A task cancelled before its first step; whether its body ran. */
    boolean bodyRunsWhenCancelledBeforeStart();

    /** The main task sleeps {@code seconds}; the loop's time() afterwards. */
    double timeAfterSleep(double seconds);

    /** Tasks sleeping the given seconds, started in that order; the order they woke in. */
    List<Double> wakeOrder(double... seconds);

    /** A task; then the current task as its first step sees it: [task, seen]. */
    List<Object> taskAndCurrentTaskInside();

    /** Creates a task, records "created", the task records "started". */
    List<String> startOrder();

    /** A callback that schedules another, then sleep(0): [cb1, after sleep, cb2]. */
    List<String> sleepZeroOrder();

    /** The names of a task created with {@code name} and of one created without. */
    List<String> taskNames(String name);
  }

  protected abstract Face face();

  @Test
  void aTaskReturnsItsResult() {
    assertEquals("value", face().taskResult("value"));
    assertEquals(42, face().<Integer>taskResult(42));
  }

  @Test
  void aFailedTaskRethrowsTypeAndMessage() {
    Throwable e = face().taskFailure(new IllegalArgumentException("bad arg"));
    assertInstanceOf(IllegalArgumentException.class, e);
    assertEquals("bad arg", e.getMessage());
  }

  @Test
  void aFailedTaskRethrowsACheckedExceptionUnwrapped() {
    Throwable e = face().taskFailure(new IOException("no disk"));
    assertEquals(IOException.class, e.getClass());
    assertEquals("no disk", e.getMessage());
  }

  @Test
  void cancelDeliversCancelledErrorWithMessage() {
    List<String> events = new ArrayList<>();
    Throwable e = face().cancelWaitingTask("bye", events);
    assertInstanceOf(CancelledError.class, e);
    assertEquals("bye", e.getMessage());
    assertEquals(List.of("finally", "cancelled"), events);
  }

  @Test
  void aTaskCancelledBeforeItsFirstStepNeverRuns() {
    assertFalse(face().bodyRunsWhenCancelledBeforeStart());
  }

  @Test
  void sleepOnTheVirtualClockAdvancesTimeAtOnce() {
    assertEquals(3600.0, face().timeAfterSleep(3600.0));
    assertEquals(0.0, face().timeAfterSleep(-1.0));
  }

  @Test
  void sleepersWakeInDeadlineOrder() {
    assertEquals(List.of(1.0, 2.0, 3.0), face().wakeOrder(3.0, 1.0, 2.0));
  }

  @Test
  void currentTaskInsideATaskIsThatTask() {
    List<Object> pair = face().taskAndCurrentTaskInside();
    assertSame(pair.get(0), pair.get(1));
  }

  @Test
  void aTaskStartsInALaterIteration() {
    assertEquals(List.of("created", "started"), face().startOrder());
  }

  @Test
  void sleepZeroYieldsOneIteration() {
    assertEquals(List.of("cb1", "after sleep", "cb2"), face().sleepZeroOrder());
  }

  @Test
  void tasksAreNamed() {
    List<String> names = face().taskNames("worker");
    assertEquals("worker", names.get(0));
    assertTrue(names.get(1).matches("Task-\\d+"), names.get(1));
  }
}
