package io.jasyncio.internal.net

import io.jasyncio.EventLoop
import io.jasyncio.internal.EngineImpl

/** Engine internals the Java networking tests look at. */
object NetProbe {
  /** Channels registered on the loop's selector (the loop must not be running elsewhere). */
  @JvmStatic
  fun registrations(loop: EventLoop): Int = EngineImpl.impl(loop).io.registrations
}
