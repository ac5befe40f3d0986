package io.jasyncio.internal.debug;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** JFR: the watchdog saw one step hold a loop thread past the blocked-loop threshold. */
@Name("io.jasyncio.BlockedLoop")
@Label("Blocked Event Loop")
@Category("jasyncio")
@Description("A callback or task step that is still holding its event loop thread")
@StackTrace(false)
public final class BlockedLoopEvent extends jdk.jfr.Event {
  @Label("Loop")
  String loop;

  @Label("Callback")
  String callback;

  @Label("Blocked For")
  @Timespan(Timespan.NANOSECONDS)
  long blocked;

  @Label("Loop Thread Stack")
  String stack;
}
