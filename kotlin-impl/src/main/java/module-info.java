/**
 * The jasyncio engine on kotlinx.coroutines, and the Kotlin face ({@code io.jasyncio.kotlin}).
 * Requiring this module brings the Java API ({@code io.jasyncio}) along.
 */
module io.jasyncio.kotlin {
  requires transitive io.jasyncio;
  requires transitive kotlin.stdlib;
  requires transitive kotlinx.coroutines.core;

  // Kotlin face
  exports io.jasyncio.kotlin;
  // io.jasyncio.internal (the engine) is not exported.

  provides io.jasyncio.spi.Engine with io.jasyncio.internal.EngineImpl;
  provides io.jasyncio.spi.NetEngine with io.jasyncio.internal.net.NetEngineImpl;
}
