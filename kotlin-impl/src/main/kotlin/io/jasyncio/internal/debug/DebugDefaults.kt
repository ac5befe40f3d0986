package io.jasyncio.internal.debug

import java.time.Duration

/**
 * What the JVM asks of every new loop: `-Djasyncio.debug=true` or `JASYNCIO_DEBUG=1` (asyncio's
 * `PYTHONASYNCIODEBUG`) turns debug mode on; `-Djasyncio.blockedLoopThreshold=<seconds>` turns the
 * blocked-loop watchdog on; `-Djasyncio.jmx=true` registers an MBean per loop.
 */
internal object DebugDefaults {
  /** The logger of every diagnostic report (slow callbacks, blocked loops, unclosed loops). */
  @JvmField
  val LOG: System.Logger = System.getLogger("io.jasyncio.debug")

  @JvmField
  val debug: Boolean = flag(System.getProperty("jasyncio.debug") ?: System.getenv("JASYNCIO_DEBUG"))

  @JvmField
  val blockedThreshold: Duration? = System.getProperty("jasyncio.blockedLoopThreshold")
    ?.toDoubleOrNull()
    ?.takeIf { it > 0 && it.isFinite() }
    ?.let { Duration.ofNanos((it * 1e9).toLong()) }

  @JvmField
  val jmx: Boolean = flag(System.getProperty("jasyncio.jmx"))

  private fun flag(v: String?): Boolean = v != null && v.isNotEmpty() && v != "0" && !v.equals("false", true)
}
