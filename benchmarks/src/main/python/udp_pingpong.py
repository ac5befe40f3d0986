"""W12 UDP ping-pong for CPython asyncio and uvloop (run with /usr/bin/python3, which has uvloop).

One loop: an echoing DatagramProtocol server and a connected client that sends the next 64-byte
datagram from datagram_received, 100,000 round trips on loopback (asyncio_bench.udp_pingpong; the
JVM side is UdpJava / UdpKotlin). Same as `ASYNCIO_LOOP=uvloop asyncio_bench.py udp-pingpong`,
with a trip count and several runs in one process:

  /usr/bin/python3 benchmarks/src/main/python/udp_pingpong.py [asyncio|uvloop] [trips] [runs]
"""
import asyncio
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from asyncio_bench import udp_pingpong  # noqa: E402


def main():
    impl = sys.argv[1] if len(sys.argv) > 1 else "asyncio"
    trips = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    if impl == "uvloop":
        import uvloop
        uvloop.install()
    for _ in range(runs):
        param, ops, dt, _extra = asyncio.run(udp_pingpong(trips))
        print(f"py-{impl} udp-pingpong {param} {dt:.3f} s {ops / dt:,.0f} trips/s", flush=True)


if __name__ == "__main__":
    main()
