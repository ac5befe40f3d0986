/**
 * jasyncio: asyncio for the JVM. This module is the Java-facing API; the engine that
 * implements it is found through {@link io.jasyncio.spi.Engine} (module {@code io.jasyncio.kotlin}).
 */
module io.jasyncio {
  // API
  exports io.jasyncio;
  exports io.jasyncio.net;
  exports io.jasyncio.process;
  exports io.jasyncio.testing;
  // SPI: how the facade finds the engine. Not for application code.
  exports io.jasyncio.spi;

  uses io.jasyncio.spi.Engine;
  uses io.jasyncio.spi.NetEngine;
  uses io.jasyncio.spi.ProcessEngine;
}
