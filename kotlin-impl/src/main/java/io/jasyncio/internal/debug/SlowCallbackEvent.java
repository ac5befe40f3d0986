package io.jasyncio.internal.debug;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** JFR: a callback or task step ran longer than the loop's slow-callback duration (debug mode). */
@Name("io.jasyncio.SlowCallback")
@Label("Slow Callback")
@Category("jasyncio")
@Description("A callback or task step that held its event loop longer than slowCallbackDuration")
@StackTrace(false)
public final class SlowCallbackEvent extends jdk.jfr.Event {
  @Label("Loop")
  String loop;

  @Label("Callback")
  String callback;

  @Label("Took")
  @Timespan(Timespan.NANOSECONDS)
  long took;
}
