/**
 * The jasyncio engine on kotlinx.coroutines, and the Kotlin face ({@code io.jasyncio.kotlin}).
 * Requiring this module brings the Java API ({@code io.jasyncio}) along.
 */
module io.jasyncio.kotlin {
  requires transitive io.jasyncio;
  requires transitive kotlin.stdlib;
  requires transitive kotlinx.coroutines.core;
  // diagnostics (io.jasyncio.internal.debug): JFR events and the per-loop MBean
  requires jdk.jfr;
  requires java.management;
  // signals (io.jasyncio.internal.signal, issue 12): sun.misc.Signal
  requires jdk.unsupported;

  // Kotlin face
  exports io.jasyncio.kotlin;
  // io.jasyncio.internal (the engine) is not exported.
  // JFR sets the event handler of its event classes reflectively
  opens io.jasyncio.internal.debug to jdk.jfr;

  provides io.jasyncio.spi.Engine with io.jasyncio.internal.EngineImpl;
  provides io.jasyncio.spi.NetEngine with io.jasyncio.internal.net.NetEngineImpl;
  provides io.jasyncio.spi.ProcessEngine with io.jasyncio.internal.process.ProcessEngineImpl;
}
