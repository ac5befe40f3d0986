#!/usr/bin/env python3
"""CPython asyncio side of the jasyncio workload runner (io.jasyncio.bench.Runner).

Usage: python3 asyncio_bench.py WORKLOAD     run one workload, print one result line
       python3 asyncio_bench.py --list       print the workload names

The line has the same shape as the JVM children's:
    <workload> <param> seconds=... ops_per_s=... impl=py runtime=python-X.Y.Z [extras]
Sizes match io.jasyncio.bench.Registry. No warm-up: CPython has no JIT to warm.
"""
import asyncio
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


WORKLOADS = {"spawn": spawn, "sleepers": sleepers, "call_soon": call_soon}


def main(argv):
    if argv == ["--list"]:
        print(" ".join(WORKLOADS))
        return 0
    if len(argv) != 1 or argv[0] not in WORKLOADS:
        print("usage: asyncio_bench.py {--list|" + "|".join(WORKLOADS) + "}", file=sys.stderr)
        return 2
    name = argv[0]
    param, ops, seconds, extra = asyncio.run(WORKLOADS[name]())
    fields = [name, param, f"seconds={seconds:.4f}", f"ops_per_s={ops / seconds:.0f}", "impl=py",
              f"runtime=python-{platform.python_version()}"]
    fields += [f"{k}={v}" for k, v in extra.items()]
    print(" ".join(fields), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
