package io.jasyncio;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The failures of a {@link TaskGroup} (asyncio's {@code ExceptionGroup}
 * "unhandled errors in a TaskGroup"). {@link #exceptions()} lists every leaf in the order the
 * group saw them (the tasks' failures in completion order, then the body's); each is also added
 * as a suppressed exception, so stack traces show them all. A nested group's failure is itself a
 * {@code TaskGroupException} inside the outer one's list, as in CPython.
 */
public class TaskGroupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The leaves; never empty. */
  private final List<Throwable> exceptions;

  /**
   * @param message the message
   * @param exceptions the failures; at least one
   * @throws NullPointerException if {@code exceptions} or one of them is {@code null}
   * @throws IllegalArgumentException if {@code exceptions} is empty
   */
  public TaskGroupException(String message, List<? extends Throwable> exceptions) {
    super(message + " (" + Objects.requireNonNull(exceptions, "exceptions").size()
        + " sub-exception" + (exceptions.size() == 1 ? "" : "s") + ")");
    if (exceptions.isEmpty()) {
      throw new IllegalArgumentException("a TaskGroupException needs at least one exception");
    }
    for (Throwable e : exceptions) {
      Objects.requireNonNull(e, "exceptions contains null");
    }
    this.exceptions = List.copyOf(exceptions);
    for (Throwable e : this.exceptions) {
      addSuppressed(e);
    }
  }

  /**
   * @return the failures, in the order the group saw them (unmodifiable)
   */
  public List<Throwable> exceptions() {
    return Collections.unmodifiableList(exceptions);
  }
}
