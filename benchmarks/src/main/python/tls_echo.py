"""W9-TLS (issue 11): the W9 echo over TLS on asyncio or uvloop (Python's ssl, OpenSSL).

50 connections x 2,000 round trips x 64 B, server and clients on one loop, as NetJava's
tcp-echo-tls. The certificate (self-signed, localhost/127.0.0.1) is made at run time with the
`cryptography` package when present, else the `openssl` command; nothing is written outside a
temporary directory. Run with /usr/bin/python3 (it has uvloop):

    /usr/bin/python3 benchmarks/src/main/python/tls_echo.py uvloop|asyncio [warmup]

Prints one result line in the kit's format.
"""
import asyncio
import datetime
import ipaddress
import os
import ssl
import subprocess
import sys
import tempfile
import time

CONNS, TRIPS, SIZE = 50, 2000, 64


def make_cert(dirname):
    cert, key = os.path.join(dirname, "cert.pem"), os.path.join(dirname, "key.pem")
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID
        k = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
        now = datetime.datetime.utcnow()
        c = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(k.public_key())
             .serial_number(x509.random_serial_number())
             .not_valid_before(now - datetime.timedelta(hours=1)).not_valid_after(now + datetime.timedelta(days=2))
             .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                         x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
             .sign(k, hashes.SHA256()))
        with open(cert, "wb") as f:
            f.write(c.public_bytes(serialization.Encoding.PEM))
        with open(key, "wb") as f:
            f.write(k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()))
    except ImportError:
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                        "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost",
                        "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"], check=True, capture_output=True)
    return cert, key


async def echo(server_ctx, client_ctx):
    async def handle(reader, writer):
        try:
            while True:
                data = await reader.readexactly(SIZE)
                writer.write(data)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, ssl.SSLError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=server_ctx)
    port = server.sockets[0].getsockname()[1]
    msg = b"x" * SIZE

    async def client():
        reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=client_ctx,
                                                       server_hostname="localhost")
        for _ in range(TRIPS):
            writer.write(msg)
            await writer.drain()
            if await reader.readexactly(SIZE) != msg:
                raise AssertionError("bad echo")
        writer.close()
        try:
            await writer.wait_closed()
        except (ConnectionError, ssl.SSLError):
            pass

    t0 = time.perf_counter()
    await asyncio.gather(*[client() for _ in range(CONNS)])
    dt = time.perf_counter() - t0
    server.close()
    await server.wait_closed()
    return dt


def main(argv):
    impl = argv[0] if argv else "uvloop"
    warmup = int(argv[1]) if len(argv) > 1 else 1
    if impl == "uvloop":
        import uvloop
        uvloop.install()
    with tempfile.TemporaryDirectory() as d:
        cert, key = make_cert(d)
        server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        server_ctx.load_cert_chain(cert, key)
        client_ctx = ssl.create_default_context(cafile=cert)
    first = None
    for _ in range(warmup):
        s = asyncio.run(echo(server_ctx, client_ctx))
        first = s if first is None else first
    s = asyncio.run(echo(server_ctx, client_ctx))
    n = CONNS * TRIPS
    print(f"tcp-echo-tls conns={CONNS},trips={TRIPS},bytes={SIZE} seconds={s:.4f} ops_per_s={n / s:.0f} "
          f"impl=python-{impl} runtime=cpython-{sys.version_info[0]}.{sys.version_info[1]} "
          f"warmup_s={(first or 0):.4f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
