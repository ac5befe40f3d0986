package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.EventLoop;
import io.jasyncio.ExceptionContext;
import io.jasyncio.ExceptionHandler;
import io.jasyncio.Future;
import io.jasyncio.Handle;
import io.jasyncio.TimerHandle;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ExceptionHandlerTest {
  private final EventLoop loop = Loops.virtualLoop();
  private final List<String> events = new ArrayList<>();
  private LogCapture log;

  @BeforeEach
  void captureLog() {
    log = new LogCapture();
  }

  @AfterEach
  void closeLoop() {
    log.close();
    if (!loop.isRunning()) {
      loop.close();
    }
  }

  @Test
  void failingCallback_isReportedWithContext_andLaterCallbacksStillRun() {
    List<Object[]> calls = new ArrayList<>();
    loop.setExceptionHandler((l, ctx) -> calls.add(new Object[] {l, ctx, Thread.currentThread()}));
    IllegalStateException boom = new IllegalStateException("boom");
    loop.callSoon(() -> events.add("before"));
    Handle h = loop.callSoon(() -> {
      throw boom;
    });
    loop.callSoon(() -> events.add("after"));
    loop.callSoon(() -> loop.callSoon(() -> {
      events.add("next iteration");
      loop.stop();
    }));
    loop.runForever();
    assertEquals(List.of("before", "after", "next iteration"), events);
    assertEquals(1, calls.size());
    assertSame(loop, calls.get(0)[0]);
    ExceptionContext ctx = (ExceptionContext) calls.get(0)[1];
    assertTrue(ctx.message().startsWith("Exception in callback"), ctx.message());
    assertSame(boom, ctx.exception());
    assertSame(h, ctx.handle());
    assertNull(ctx.future());
    assertSame(Thread.currentThread(), calls.get(0)[2]);
  }

  @Test
  void failingTimerCallback_isReportedWithItsTimerHandle() {
    List<ExceptionContext> errors = Loops.recordErrors(loop);
    RuntimeException boom = new RuntimeException("timer boom");
    TimerHandle h = loop.callLater(1, () -> {
      throw boom;
    });
    loop.callLater(2, () -> {
      events.add("later timer");
      loop.stop();
    });
    loop.runForever();
    assertEquals(List.of("later timer"), events);
    assertEquals(1, errors.size());
    assertSame(boom, errors.get(0).exception());
    assertSame(h, errors.get(0).handle());
  }

  @Test
  void failingDoneCallback_isReported_andOtherDoneCallbacksRun() {
    List<ExceptionContext> errors = Loops.recordErrors(loop);
    Future<Integer> f = loop.createFuture();
    ArithmeticException boom = new ArithmeticException("cb boom");
    f.addDoneCallback(x -> events.add("cb1"));
    f.addDoneCallback(x -> {
      throw boom;
    });
    f.addDoneCallback(x -> {
      events.add("cb3");
      loop.stop();
    });
    f.setResult(1);
    loop.runForever();
    assertEquals(List.of("cb1", "cb3"), events);
    assertEquals(1, errors.size());
    assertSame(boom, errors.get(0).exception());
    String message = errors.get(0).message();
    assertTrue(message.startsWith("Exception in callback"), message);
  }

  @Test
  void failingCallbackWithDefaultHandler_isLogged_andLoopKeepsRunning() {
    IllegalStateException boom = new IllegalStateException("logged");
    loop.callSoon(() -> {
      throw boom;
    });
    loop.callSoon(() -> {
      events.add("after");
      loop.stop();
    });
    loop.runForever();
    assertEquals(List.of("after"), events);
    assertEquals(1, log.severeCount(), log.text());
    assertTrue(log.text().contains("SEVERE: Exception in callback Handle["), log.text());
    assertTrue(log.text().contains("java.lang.IllegalStateException: logged"), log.text());
  }

  @Test
  void handlerThatThrows_doesNotStopTheLoop() {
    loop.setExceptionHandler((l, ctx) -> {
      events.add("handler");
      throw new IllegalStateException("handler failure");
    });
    loop.callSoon(() -> {
      throw new IllegalStateException("callback failure");
    });
    loop.callSoon(() -> events.add("after"));
    loop.callSoon(() -> loop.callSoon(() -> {
      events.add("next iteration");
      loop.stop();
    }));
    loop.runForever();
    assertEquals(List.of("handler", "after", "next iteration"), events);
    assertEquals(2, log.severeCount(), log.text());
    String text = log.text();
    int handlerFailure = text.indexOf("java.lang.IllegalStateException: handler failure");
    int callbackFailure = text.indexOf("java.lang.IllegalStateException: callback failure");
    assertTrue(handlerFailure >= 0 && callbackFailure > handlerFailure, text);
  }

  @Test
  void setExceptionHandler_getReturnsIt_nullRestoresDefault() {
    assertNull(loop.getExceptionHandler());
    ExceptionHandler h = (l, ctx) -> { };
    loop.setExceptionHandler(h);
    assertSame(h, loop.getExceptionHandler());
    loop.setExceptionHandler(null);
    assertNull(loop.getExceptionHandler());
  }

  @Test
  void setExceptionHandler_replacesThePreviousOne() {
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    loop.setExceptionHandler((l, ctx) -> first.add(ctx.message()));
    loop.setExceptionHandler((l, ctx) -> second.add(ctx.message()));
    loop.callExceptionHandler(ExceptionContext.of("m", null));
    assertEquals(List.of(), first);
    assertEquals(List.of("m"), second);
  }

  @Test
  void callExceptionHandler_passesTheContextToTheHandler() {
    List<ExceptionContext> errors = Loops.recordErrors(loop);
    ExceptionContext ctx = ExceptionContext.of("something odd", new RuntimeException("x"));
    loop.callExceptionHandler(ctx);
    assertEquals(List.of(ctx), errors);
    assertSame(ctx, errors.get(0));
  }

  @Test
  void callExceptionHandler_handlerThrows_doesNotThrow() {
    loop.setExceptionHandler((l, ctx) -> {
      throw new IllegalStateException("handler failure");
    });
    assertDoesNotThrow(() -> loop.callExceptionHandler(ExceptionContext.of("m", null)));
  }

  @Test
  void callExceptionHandler_withDefaultHandler_doesNotThrow() {
    assertDoesNotThrow(() -> loop.callExceptionHandler(
        ExceptionContext.of("default handler", new RuntimeException())));
  }

  @Test
  void defaultExceptionHandler_logsAtErrorAndDoesNotThrow_evenWithAHandlerSet() {
    List<ExceptionContext> errors = Loops.recordErrors(loop);
    RuntimeException x = new RuntimeException("x");
    assertDoesNotThrow(() -> loop.defaultExceptionHandler(
        new ExceptionContext("default handler", x, null, null)));
    assertEquals(List.of(), errors);
    assertEquals(1, log.severeCount(), log.text());
    String expected =
        "SEVERE: default handler" + System.lineSeparator() + "java.lang.RuntimeException: x";
    assertTrue(log.text().contains(expected), log.text());
  }
}
