"""Five slow HTTP requests at once, with asyncio: coroutines, and an await at every wait."""

import asyncio
import time

from _slow_http import slow_http_server


async def fetch(host, port, path):
    # The standard library has no asyncio HTTP client (aiohttp and httpx are
    # the usual choices), so this speaks HTTP/1.0 over asyncio's streams.
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(f"GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n".encode())
        await writer.drain()
        response = await reader.read()  # HTTP/1.0: the server closes after the body
    finally:
        writer.close()
        await writer.wait_closed()
    return response.partition(b"\r\n\r\n")[2].decode().strip()


async def fetch_all(host, port):
    start = time.perf_counter()
    requests = [fetch(host, port, f"/item/{n}") for n in range(1, 6)]
    bodies = await asyncio.wait_for(asyncio.gather(*requests), timeout=5)
    print(", ".join(bodies))
    print(f"5 requests of 0.3 s each took {time.perf_counter() - start:.1f} s")


def main():
    with slow_http_server() as (host, port):
        asyncio.run(fetch_all(host, port))


if __name__ == "__main__":
    main()
