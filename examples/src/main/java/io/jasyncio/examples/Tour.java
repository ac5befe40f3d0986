package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.Clock;

/** Runs every example of the tour, each in Java and then in Kotlin. */
public final class Tour {
  private Tour() {}

  public static void main(String[] args) {
    System.out.println("== Quick start (QuickStart.java, QuickStartKt.kt) ==");
    System.out.println("Java:   answer = " + QuickStart.answer(Asyncio::newEventLoop));
    System.out.println("Kotlin: answer = " + QuickStartKt.answer(Clock.monotonic()));
    System.out.println();
    System.out.println("== Tasks, sleep, callSoon/callLater (Java: TasksTour.java) ==");
    TasksTour.run(System.out, Asyncio::newEventLoop);
    System.out.println();
    System.out.println("== The same in Kotlin (TasksTourKt.kt) ==");
    TasksTourKt.run(System.out, Clock.monotonic());
    System.out.println();
    System.out.println("== Composition: gather, waitFor, asCompleted, shield (CompositionTour.java) ==");
    CompositionTour.run(System.out, Asyncio::newEventLoop);
    System.out.println();
    System.out.println("== The same in Kotlin (CompositionTourKt.kt) ==");
    CompositionTourKt.run(System.out, Clock.monotonic());
    System.out.println();
    System.out.println("== TaskGroup and timeouts (Java: ScopesTour.java) ==");
    ScopesTour.run(System.out, Asyncio::newEventLoop);
    System.out.println();
    System.out.println("== The same in Kotlin (ScopesTourKt.kt) ==");
    ScopesTourKt.run(System.out, Clock.monotonic());
    System.out.println();
    System.out.println("== Producer and workers on a Queue (Java: QueuesTour.java) ==");
    QueuesTour.run(System.out, Asyncio::newEventLoop);
    System.out.println();
    System.out.println("== The same in Kotlin (QueuesTourKt.kt) ==");
    QueuesTourKt.run(System.out, Clock.monotonic());
    System.out.println();
    System.out.println("== Event and Semaphore (Java: SyncTour.java) ==");
    SyncTour.run(System.out, Asyncio::newEventLoop);
    System.out.println();
    System.out.println("== The same in Kotlin (SyncTourKt.kt) ==");
    SyncTourKt.run(System.out, Clock.monotonic());
    System.out.println();
    System.out.println("== Debugging a loop: slow steps and the blocked-loop watchdog (DebugTour.java) ==");
    try {
      DebugTour.run(System.out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    System.out.println();
    System.out.println("== The same in Kotlin (DebugTourKt.kt) ==");
    DebugTourKt.run(System.out);
    System.out.println();
    System.out.println("== Networking: echo, HTTP with startServer and as a Protocol, 100 sleepy clients (NetTour.java) ==");
    NetTour.run(System.out, Asyncio::newEventLoop);
    System.out.println();
    System.out.println("== The same in Kotlin (NetTourKt.kt) ==");
    NetTourKt.run(System.out, Clock.monotonic());
    // TLS (issue 11)
    System.out.println();
    System.out.println("== TLS: the crawler, 100 fetches over TLS, 10 at a time, with timeouts (TlsTour.java) ==");
    TlsTour.run(System.out, Asyncio::newEventLoop);
    System.out.println();
    System.out.println("== The same in Kotlin (TlsTourKt.kt) ==");
    TlsTourKt.run(System.out, Clock.monotonic());
  }
}
