package io.jasyncio.internal.debug;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR: a task was created, or finished (with its state). Off unless a recording names it
 * ({@code @Enabled(false)}): the JDK's own settings and most custom ones do not list it, and one
 * event per task created and done would swamp a profiling recording.
 */
@Name("io.jasyncio.Task")
@Label("Task")
@Category("jasyncio")
@Description("A task created or finished on an event loop")
@StackTrace(false)
@Enabled(false)
public final class TaskEvent extends jdk.jfr.Event {
  @Label("Loop")
  String loop;

  @Label("Task")
  String task;

  @Label("What")
  @Description("created, done, failed or cancelled")
  String what;
}
