#!/usr/bin/env python3
"""CPython asyncio side of the jasyncio workload runner (io.jasyncio.bench.Runner).

Usage: python3 asyncio_bench.py WORKLOAD     run one workload, print one result line
       python3 asyncio_bench.py --list       print the workload names

The line has the same shape as the JVM children's:
    <workload> <param> seconds=... ops_per_s=... impl=py runtime=python-X.Y.Z [extras]
Sizes match io.jasyncio.bench.Registry. No warm-up: CPython has no JIT to warm.
"""
import asyncio
import os
import platform
import sys
import time

SPAWN_N = 1_000_000
SPAWN_BATCH = 10_000
CALL_SOON_N = 1_000_000
SLEEPERS_N = 100_000


def lcg_delays_ms(n, seed=42):
    """Deterministic 0..500 ms delays; the same generator as Registry.lcgDelaysMs."""
    mask = (1 << 64) - 1
    x = seed
    out = []
    for _ in range(n):
        x = (x * 6364136223846793005 + 1442695040888963407) & mask
        out.append((x >> 33) % 501)
    return out


QUEUE_PINGPONG_N = 1_000_000
QUEUE_PINGPONG_MAXSIZE = 100
QUEUE_FAN_N = 1_000_000
QUEUE_FAN_TASKS = 8
QUEUE_FAN_MAXSIZE = 1000


async def spawn(n=SPAWN_N, batch=SPAWN_BATCH):
    """W1: create_task in batches of `batch`, each batch gathered and summed."""

    async def value(i):
        return i

    t0 = time.perf_counter()
    total = 0
    for base in range(0, n, batch):
        tasks = [asyncio.create_task(value(i)) for i in range(base, base + batch)]
        total += sum(await asyncio.gather(*tasks))
    dt = time.perf_counter() - t0
    if total != n * (n - 1) // 2:
        raise AssertionError(f"wrong total {total}")
    return f"n={n},batch={batch}", n, dt, {}


async def sleepers(n=SLEEPERS_N):
    """W2: n tasks each sleeping 0..500 ms, then gathered; overhead over the longest sleep."""
    delays = [d / 1000.0 for d in lcg_delays_ms(n)]
    ideal = max(delays)
    t0 = time.perf_counter()
    tasks = [asyncio.create_task(asyncio.sleep(d)) for d in delays]
    spawn_s = time.perf_counter() - t0
    results = await asyncio.gather(*tasks)
    dt = time.perf_counter() - t0
    if len(results) != n:
        raise AssertionError(f"gathered {len(results)}")
    return f"n={n}", n, dt, {"ideal_s": f"{ideal:.3f}", "overhead_s": f"{dt - ideal:.4f}",
                             "spawn_s": f"{spawn_s:.4f}"}


async def call_soon(n=CALL_SOON_N):
    """W8: loop.call_soon n times from the main task; the last callback sets a future."""
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    count = 0

    def cb():
        nonlocal count
        count += 1
        if count == n:
            done.set_result(None)

    t0 = time.perf_counter()
    for _ in range(n):
        loop.call_soon(cb)
    await done
    dt = time.perf_counter() - t0
    if count != n:
        raise AssertionError(f"counted {count}")
    return f"n={n}", n, dt, {"via": "call_soon"}


async def queue_pingpong(n=QUEUE_PINGPONG_N, maxsize=QUEUE_PINGPONG_MAXSIZE):
    """W3: one producer task, the main task consumes and sums; Queue(maxsize)."""
    q = asyncio.Queue(maxsize)

    async def producer():
        for i in range(n):
            await q.put(i)

    t0 = time.perf_counter()
    p = asyncio.create_task(producer())
    total = 0
    for _ in range(n):
        total += await q.get()
    await p
    dt = time.perf_counter() - t0
    if total != n * (n - 1) // 2:
        raise AssertionError(f"wrong total {total}")
    return f"n={n},maxsize={maxsize}", n, dt, {}


async def queue_fan(n=QUEUE_FAN_N, tasks=QUEUE_FAN_TASKS, maxsize=QUEUE_FAN_MAXSIZE):
    """W4: 8 producers, 8 consumers (get, count, task_done), the main task joins."""
    q = asyncio.Queue(maxsize)
    per = n // tasks
    processed = 0

    async def producer():
        for i in range(per):
            await q.put(i)

    async def consumer():
        nonlocal processed
        while True:
            await q.get()
            processed += 1
            q.task_done()

    t0 = time.perf_counter()
    cs = [asyncio.create_task(consumer()) for _ in range(tasks)]
    ps = [asyncio.create_task(producer()) for _ in range(tasks)]
    await asyncio.gather(*ps)
    await q.join()
    dt = time.perf_counter() - t0
    for c in cs:
        c.cancel()
    await asyncio.gather(*cs, return_exceptions=True)
    if processed != per * tasks:
        raise AssertionError(f"processed {processed}")
    return f"n={n},p={tasks},c={tasks},maxsize={maxsize}", n, dt, {}


async def lock(tasks=1000, iters=1000):
    """W5: 1,000 tasks x 1,000 `async with lock`; sleep(0) inside every 10th time."""
    lk = asyncio.Lock()
    counter = 0

    async def worker():
        nonlocal counter
        for j in range(iters):
            async with lk:
                counter += 1
                if j % 10 == 0:
                    await asyncio.sleep(0)

    t0 = time.perf_counter()
    await asyncio.gather(*[asyncio.create_task(worker()) for _ in range(tasks)])
    dt = time.perf_counter() - t0
    n = tasks * iters
    if counter != n:
        raise AssertionError(f"counted {counter}")
    return f"tasks={tasks},iters={iters}", n, dt, {}


async def semaphore(tasks=10_000, permits=100):
    """W6: 10,000 tasks each sleep 1 ms under Semaphore(100); ideal 0.1 s."""
    sem = asyncio.Semaphore(permits)

    async def worker():
        async with sem:
            await asyncio.sleep(0.001)

    t0 = time.perf_counter()
    await asyncio.gather(*[asyncio.create_task(worker()) for _ in range(tasks)])
    dt = time.perf_counter() - t0
    ideal = tasks / permits * 0.001
    return (f"tasks={tasks},permits={permits}", tasks, dt,
            {"ideal_s": f"{ideal:.3f}", "overhead_s": f"{dt - ideal:.4f}"})


async def event(n=100_000):
    """W7: 100,000 tasks wait on one Event; time from set() until all woke and finished."""
    ev = asyncio.Event()
    started = 0
    done = 0

    async def waiter():
        nonlocal started, done
        started += 1
        await ev.wait()
        done += 1

    t_setup = time.perf_counter()
    tasks = [asyncio.create_task(waiter()) for _ in range(n)]
    while started < n:
        await asyncio.sleep(0)
    t0 = time.perf_counter()
    ev.set()
    await asyncio.gather(*tasks)
    dt = time.perf_counter() - t0
    if done != n:
        raise AssertionError(f"done {done}")
    return f"n={n}", n, dt, {"setup_s": f"{t0 - t_setup:.4f}"}


async def tcp_echo(conns=50, trips=2000, size=64):
    """W9: the kit's tcp-echo: 50 connections x 2,000 round trips x 64 B on one loop."""
    async def handle(reader, writer):
        try:
            while True:
                data = await reader.readexactly(size)
                writer.write(data)
                await writer.drain()
        except asyncio.IncompleteReadError:
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    msg = b"x" * size

    async def client():
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        for _ in range(trips):
            writer.write(msg)
            await writer.drain()
            if await reader.readexactly(size) != msg:
                raise AssertionError("bad echo")
        writer.close()
        await writer.wait_closed()

    t0 = time.perf_counter()
    await asyncio.gather(*[client() for _ in range(conns)])
    dt = time.perf_counter() - t0
    server.close()
    await server.wait_closed()
    return f"conns={conns},trips={trips},bytes={size}", conns * trips, dt, {}


async def bulk(total=1 << 30, chunk=64 * 1024):
    """W10: one connection streaming 1 GiB in 64 KiB writes with drain."""
    received = asyncio.get_running_loop().create_future()

    async def handle(reader, writer):
        n = 0
        while True:
            d = await reader.read(chunk)
            if not d:
                break
            n += len(d)
        received.set_result(n)
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    data = b"\0" * chunk
    t0 = time.perf_counter()
    for _ in range(total // chunk):
        writer.write(data)
        await writer.drain()
    writer.write_eof()
    n = await received
    dt = time.perf_counter() - t0
    if n != total:
        raise AssertionError(f"received {n}")
    writer.close()
    server.close()
    await server.wait_closed()
    return f"bytes={total},chunk={chunk}", total, dt, {"mb_per_s": f"{total / 1048576 / dt:.0f}"}


async def idle(n=9000):
    """W11: n connections parked in readline; traced Python heap bytes per connection (both ends)."""
    import tracemalloc
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    parked = 0

    async def handle(reader, writer):
        nonlocal parked
        parked += 1
        try:
            await reader.readline()
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024)
    port = server.sockets[0].getsockname()[1]
    t0 = time.perf_counter()
    writers = []
    for _ in range(n):
        _, w = await asyncio.open_connection("127.0.0.1", port)
        writers.append(w)
    while parked < n:
        await asyncio.sleep(0.001)
    dt = time.perf_counter() - t0
    per_conn = (tracemalloc.get_traced_memory()[0] - before) // n
    tracemalloc.stop()
    for w in writers:
        w.close()
    server.close()
    await server.wait_closed()
    return f"conns={n}", n, dt, {"heap_bytes_per_conn": str(per_conn)}


# ---- issue 11 (udp): W12 ------------------------------------------------------------------------
class _UdpEcho(asyncio.DatagramProtocol):
    def connection_made(self, transport):
        self.t = transport

    def datagram_received(self, data, addr):
        self.t.sendto(data, addr)


class _UdpPinger(asyncio.DatagramProtocol):
    def __init__(self, n, size, done):
        self.n, self.got, self.done, self.msg = n, 0, done, b"x" * size

    def connection_made(self, transport):
        self.t = transport

    def datagram_received(self, data, addr):
        if len(data) != len(self.msg):
            self.done.set_exception(AssertionError("bad echo size"))
            return
        self.got += 1
        if self.got == self.n:
            self.done.set_result(self.got)
        else:
            self.t.sendto(self.msg)

    def error_received(self, exc):
        if not self.done.done():
            self.done.set_exception(exc)


async def udp_pingpong(trips=100_000, size=64):
    """W12: one connected client pings an echoing endpoint, the next datagram sent from datagram_received."""
    loop = asyncio.get_running_loop()
    st, _ = await loop.create_datagram_endpoint(_UdpEcho, local_addr=("127.0.0.1", 0))
    done = loop.create_future()
    ct, client = await loop.create_datagram_endpoint(lambda: _UdpPinger(trips, size, done),
                                                     remote_addr=st.get_extra_info("sockname"))
    t0 = time.perf_counter()
    ct.sendto(client.msg)
    got = await done
    dt = time.perf_counter() - t0
    ct.close()
    st.close()
    return f"trips={trips},bytes={size}", got, dt, {}
# ---- end issue 11 (udp) ---------------------------------------------------------------------------
async def proc_spawn(n=200):
    """W13: start 200 `true` processes and wait for all of them with gather."""
    async def one():
        p = await asyncio.create_subprocess_exec("true")
        return await p.wait()

    t0 = time.perf_counter()
    rcs = await asyncio.gather(*(one() for _ in range(n)))
    dt = time.perf_counter() - t0
    if any(rcs):
        raise AssertionError(f"rcs {rcs}")
    return f"procs={n}", n, dt, {}


async def proc_pipe(total=256 << 20, chunk=64 * 1024):
    """W14: 256 MiB through cat in 64 KiB writes with drain, read back concurrently."""
    p = await asyncio.create_subprocess_exec("cat", stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
    t0 = time.perf_counter()

    async def reader():
        n = 0
        while True:
            d = await p.stdout.read(1 << 16)
            if not d:
                return n
            n += len(d)

    r = asyncio.ensure_future(reader())
    data = b"\0" * chunk
    for _ in range(total // chunk):
        p.stdin.write(data)
        await p.stdin.drain()
    p.stdin.close()
    n = await r
    await p.wait()
    dt = time.perf_counter() - t0
    if n != total:
        raise AssertionError(f"received {n}")
    return f"bytes={total},chunk={chunk}", total, dt, {"mb_per_s": f"{total / 1048576 / dt:.0f}"}


WORKLOADS = {"tcp-echo": tcp_echo, "bulk": bulk, "idle": idle, "spawn": spawn, "sleepers": sleepers, "queue-pingpong": queue_pingpong,
             "queue-fan": queue_fan, "lock": lock, "semaphore": semaphore, "event": event,
             "call_soon": call_soon, "udp-pingpong": udp_pingpong,
             "proc-spawn": proc_spawn, "proc-pipe": proc_pipe}


def main(argv):
    if argv == ["--list"]:
        print(" ".join(WORKLOADS))
        return 0
    if len(argv) != 1 or argv[0] not in WORKLOADS:
        print("usage: asyncio_bench.py {--list|" + "|".join(WORKLOADS) + "}", file=sys.stderr)
        return 2
    name = argv[0]
    impl = "py"
    if os.environ.get("ASYNCIO_LOOP") == "uvloop":
        import uvloop
        uvloop.install()
        impl = "py-uv"
    cpu0 = time.process_time()
    param, ops, seconds, extra = asyncio.run(WORKLOADS[name]())
    cpu = time.process_time() - cpu0
    fields = [name, param, f"seconds={seconds:.4f}", f"ops_per_s={ops / seconds:.0f}", f"impl={impl}",
              f"runtime=python-{platform.python_version()}"]
    fields += [f"{k}={v}" for k, v in extra.items()]
    fields.append(f"cpu_s={cpu:.4f}")  # process CPU time, setup included (the JVM runner's cpu_s)
    print(" ".join(fields), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
