package io.jasyncio.internal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

/**
 * Captures what the engine logs to the {@code io.jasyncio} logger (the JDK's default
 * System.Logger backend, java.util.logging). Reflective because the test sources compile inside
 * the engine's module, which does not read java.logging.
 */
public final class LogCapture implements AutoCloseable {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Object logger;
  private final Object handler;
  private final Class<?> loggerClass;
  private final Class<?> handlerClass;

  public LogCapture() {
    try {
      loggerClass = Class.forName("java.util.logging.Logger");
      handlerClass = Class.forName("java.util.logging.Handler");
      logger = loggerClass.getMethod("getLogger", String.class).invoke(null, "io.jasyncio");
      Object formatter = Class.forName("java.util.logging.SimpleFormatter")
          .getConstructor().newInstance();
      handler = Class.forName("java.util.logging.StreamHandler")
          .getConstructor(OutputStream.class, Class.forName("java.util.logging.Formatter"))
          .newInstance(out, formatter);
      loggerClass.getMethod("addHandler", handlerClass).invoke(logger, handler);
      loggerClass.getMethod("setUseParentHandlers", boolean.class).invoke(logger, false);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Everything logged so far, formatted by SimpleFormatter ("LEVEL: message" lines). */
  public String text() {
    try {
      Method flush = handlerClass.getMethod("flush");
      flush.invoke(handler);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** How many records were logged at SEVERE (System.Logger's ERROR). */
  int severeCount() {
    return text().split("SEVERE: ", -1).length - 1;
  }

  @Override
  public void close() {
    try {
      loggerClass.getMethod("removeHandler", handlerClass).invoke(logger, handler);
      loggerClass.getMethod("setUseParentHandlers", boolean.class).invoke(logger, true);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
