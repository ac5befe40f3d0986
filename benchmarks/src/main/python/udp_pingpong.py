"""W12 UDP ping-pong for CPython asyncio and uvloop (run with /usr/bin/python3, which has uvloop).

One loop: an echoing DatagramProtocol server and a connected client that sends the next 64-byte
datagram from datagram_received, 100,000 round trips on loopback (the JVM side: UdpJava/UdpKotlin).

  /usr/bin/python3 benchmarks/src/main/python/udp_pingpong.py [asyncio|uvloop] [trips] [runs]
Prints one line per run: impl, seconds, round trips per second.
"""
import asyncio
import sys
import time

SIZE = 64


class Echo(asyncio.DatagramProtocol):
    def connection_made(self, transport):
        self.t = transport

    def datagram_received(self, data, addr):
        self.t.sendto(data, addr)


class Pinger(asyncio.DatagramProtocol):
    def __init__(self, n, done):
        self.n = n
        self.got = 0
        self.done = done
        self.msg = b"x" * SIZE

    def connection_made(self, transport):
        self.t = transport

    def datagram_received(self, data, addr):
        if len(data) != SIZE:
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


async def pingpong(n):
    loop = asyncio.get_running_loop()
    st, _ = await loop.create_datagram_endpoint(Echo, local_addr=("127.0.0.1", 0))
    addr = st.get_extra_info("sockname")
    done = loop.create_future()
    ct, client = await loop.create_datagram_endpoint(lambda: Pinger(n, done), remote_addr=addr)
    t0 = time.perf_counter()
    ct.sendto(client.msg)
    await done
    dt = time.perf_counter() - t0
    ct.close()
    st.close()
    return dt


def main():
    impl = sys.argv[1] if len(sys.argv) > 1 else "asyncio"
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    if impl == "uvloop":
        import uvloop
        run = lambda c: uvloop.run(c) if hasattr(uvloop, "run") else asyncio.run(c)
        if not hasattr(uvloop, "run"):
            asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    else:
        run = asyncio.run
    for _ in range(runs):
        dt = run(pingpong(n))
        print(f"py-{impl} udp-pingpong trips={n} bytes={SIZE} {dt:.3f} s {n / dt:,.0f} trips/s", flush=True)


if __name__ == "__main__":
    main()
