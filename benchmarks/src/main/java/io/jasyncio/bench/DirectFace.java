package io.jasyncio.bench;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.direct;

import io.jasyncio.Asyncio;
import io.jasyncio.Event;
import io.jasyncio.Lock;
import io.jasyncio.Queue;
import io.jasyncio.Task;
import io.jasyncio.net.ClientConnected;
import io.jasyncio.net.IncompleteReadError;
import io.jasyncio.net.Server;
import io.jasyncio.net.StreamConnection;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The workloads through jasyncio's Java face in direct style: {@code Asyncio.run(direct(main))}
 * with bodies that {@code await}, as CPython's versions read. On JDK 21+ the bodies and the loop
 * run on virtual threads; on JDK 17 each live body has a platform thread.
 */
public final class DirectFace {
  private DirectFace() {}

  /** @return this implementation's workloads */
  public static Map<String, Bench> workloads() {
    Map<String, Bench> m = new LinkedHashMap<>();
    m.put(Registry.SPAWN, () -> spawn(Registry.SPAWN_N, Registry.SPAWN_BATCH));
    m.put(Registry.QUEUE_PINGPONG,
        () -> queuePingpong(Registry.QUEUE_PINGPONG_N, Registry.QUEUE_PINGPONG_MAXSIZE));
    m.put(Registry.LOCK, () -> lock(Registry.LOCK_TASKS, Registry.LOCK_ITERS));
    m.put(Registry.EVENT, () -> event(Registry.EVENT_N));
    m.put(Registry.TCP_ECHO, DirectFace::tcpEcho);
    return m;
  }

  /**
   * Says which runtime carried the bodies: {@code carrier} (the loop's own thread, JDK 24+ with
   * {@code --add-opens java.base/java.lang=ALL-UNNAMED}), {@code virtual} (the JDK's scheduler) or
   * {@code platform} (JDK 17).
   */
  static Result mode(Result r) {
    String m = io.jasyncio.internal.direct.Carrier.available ? "carrier"
        : io.jasyncio.internal.direct.DirectThreads.virtual ? "virtual" : "platform";
    return r.with("bodies", m);
  }

  /** W1: batches of tasks, each awaited in turn. */
  static Result spawn(int n, int batch) {
    return Asyncio.run(direct(() -> {
      long t0 = System.nanoTime();
      long total = 0;
      @SuppressWarnings("unchecked")
      Task<Integer>[] tasks = new Task[batch];
      for (int base = 0; base < n; base += batch) {
        for (int i = 0; i < batch; i++) {
          int value = base + i;
          tasks[i] = Asyncio.createTask(direct(() -> value));
        }
        for (Task<Integer> t : tasks) {
          total += await(t);
        }
      }
      double dt = Result.secondsSince(t0);
      Result.checkSum(total, n);
      return mode(Result.of("n=" + n + ",batch=" + batch, n, dt));
    }));
  }

  /** W3: one producer task and one consumer task on a Queue(maxsize); the consumer sums. */
  static Result queuePingpong(int n, int maxsize) {
    return Asyncio.run(direct(() -> {
      Queue<Integer> q = Queue.create(maxsize);
      long t0 = System.nanoTime();
      Task<Void> producer = Asyncio.createTask(direct(() -> {
        for (int i = 0; i < n; i++) {
          await(q.putAsync(i));
        }
        return null;
      }));
      Task<Long> consumer = Asyncio.createTask(direct(() -> {
        long sum = 0;
        for (int i = 0; i < n; i++) {
          sum += await(q.getAsync());
        }
        return sum;
      }));
      await(producer);
      long total = await(consumer);
      double dt = Result.secondsSince(t0);
      Result.checkSum(total, n);
      return mode(Result.of("n=" + n + ",maxsize=" + maxsize, n, dt));
    }));
  }

  /** W5: acquire / release in a loop; sleep(0) while holding it every 10th time. */
  static Result lock(int tasks, int iters) {
    return Asyncio.run(direct(() -> {
      Lock lock = Lock.create();
      long[] counter = {0};
      long t0 = System.nanoTime();
      @SuppressWarnings("unchecked")
      Task<Void>[] all = new Task[tasks];
      for (int i = 0; i < tasks; i++) {
        all[i] = Asyncio.createTask(direct(() -> {
          for (int j = 0; j < iters; j++) {
            await(lock.acquireAsync());
            try {
              counter[0]++;
              if (j % 10 == 0) {
                await(Asyncio.sleep(0));
              }
            } finally {
              lock.release();
            }
          }
          return null;
        }));
      }
      for (Task<Void> t : all) {
        await(t);
      }
      double dt = Result.secondsSince(t0);
      long n = (long) tasks * iters;
      Result.checkCount(counter[0], n);
      return mode(Result.of("tasks=" + tasks + ",iters=" + iters, n, dt));
    }));
  }

  /** W7: tasks each await one Event; timed from set() until all finished. */
  static Result event(int n) {
    return Asyncio.run(direct(() -> {
      Event ev = Event.create();
      int[] started = {0};
      int[] done = {0};
      long tSetup = System.nanoTime();
      @SuppressWarnings("unchecked")
      Task<Void>[] all = new Task[n];
      for (int i = 0; i < n; i++) {
        all[i] = Asyncio.createTask(direct(() -> {
          started[0]++;
          await(ev.waitAsync());
          done[0]++;
          return null;
        }));
      }
      while (started[0] < n) {
        await(Asyncio.sleep(0));
      }
      long t0 = System.nanoTime();
      ev.set();
      for (Task<Void> t : all) {
        await(t);
      }
      double dt = Result.secondsSince(t0);
      Result.checkCount(done[0], n);
      return mode(Result.of("n=" + n, n, dt).with("setup_s", String.format("%.4f", (t0 - tSetup) / 1e9)));
    }));
  }

  /**
   * W9: TCP echo, 50 connections x 2,000 round trips x 64 B, server and clients on one loop, every
   * handler and client a direct body (as asyncio's streams program reads).
   */
  static Result tcpEcho() {
    int conns = Registry.ECHO_CONNS;
    int trips = Registry.ECHO_TRIPS;
    int size = Registry.ECHO_SIZE;
    return Asyncio.run(direct(() -> {
      int[] handlers = {0};
      Server server = await(Asyncio.startServer(ClientConnected.direct((r, w) -> {
        try {
          while (true) {
            byte[] data;
            try {
              data = await(r.readexactlyAsync(size));
            } catch (IncompleteReadError eof) {
              return;
            }
            w.write(data);
            await(w.drainAsync());
          }
        } finally {
          w.close();
          handlers[0]++;
        }
      }), "127.0.0.1", 0));
      int port = NetJava.port(server);
      byte[] msg = new byte[size];
      Arrays.fill(msg, (byte) 'x');
      long t0 = System.nanoTime();
      @SuppressWarnings("unchecked")
      Task<Void>[] clients = new Task[conns];
      for (int i = 0; i < conns; i++) {
        clients[i] = Asyncio.createTask(direct(() -> {
          StreamConnection c = await(Asyncio.openConnection("127.0.0.1", port));
          for (int j = 0; j < trips; j++) {
            c.writer().write(msg);
            await(c.writer().drainAsync());
            if (!Arrays.equals(await(c.reader().readexactlyAsync(size)), msg)) {
              throw new AssertionError("bad echo");
            }
          }
          c.writer().close();
          await(c.writer().waitClosedAsync());
          return null;
        }));
      }
      for (Task<Void> t : clients) {
        await(t);
      }
      double dt = Result.secondsSince(t0);
      server.close();
      await(server.waitClosedAsync());
      while (handlers[0] < conns) {
        await(Asyncio.sleep(0)); // the handlers see EOF and end
      }
      return mode(Result.of("conns=" + conns + ",trips=" + trips + ",bytes=" + size, (long) conns * trips, dt));
    }));
  }

  /**
   * The hand-off cost: one direct task awaiting {@code sleep(0)} n times (each await is one round
   * trip loop → body → loop). {@code java -cp jasyncio-benchmarks.jar io.jasyncio.bench.DirectFace
   * [n]}; run with {@code -Djasyncio.direct.loopThread=caller} to keep the loop on the calling
   * (platform) thread.
   *
   * @param args optional n
   */
  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    for (int rep = 0; rep < 3; rep++) {
      double s = Asyncio.run(direct(() -> {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          await(Asyncio.sleep(0));
        }
        return Result.secondsSince(t0);
      }));
      System.out.printf("await(sleep(0)) x %d: %.3f s, %.2f us per await (java %s, %s)%n",
          n, s, s * 1e6 / n, System.getProperty("java.version"), "bodies=" + mode(Result.of("", 1, 1)).extra().get("bodies"));
    }
  }
}
