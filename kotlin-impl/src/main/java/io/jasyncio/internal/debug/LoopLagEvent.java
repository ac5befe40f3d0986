package io.jasyncio.internal.debug;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** JFR: an iteration ran its due timers late (monitored loops: debug mode or the watchdog on). */
@Name("io.jasyncio.LoopLag")
@Label("Event Loop Lag")
@Category("jasyncio")
@Description("How late an iteration ran its earliest due timer")
@StackTrace(false)
public final class LoopLagEvent extends jdk.jfr.Event {
  @Label("Loop")
  String loop;

  @Label("Lag")
  @Timespan(Timespan.NANOSECONDS)
  long lag;
}
