"""Five slow HTTP requests at once, with gevent: ordinary blocking code, run in greenlets."""

from gevent import monkey

monkey.patch_all()  # urllib's sockets become gevent's: waiting yields to other greenlets

import time
import urllib.request

import gevent

from _slow_http import slow_http_server


def fetch(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode().strip()


def main():
    with slow_http_server() as (host, port):
        start = time.perf_counter()
        jobs = [gevent.spawn(fetch, f"http://{host}:{port}/item/{n}") for n in range(1, 6)]
        gevent.joinall(jobs, timeout=5, raise_error=True)
        print(", ".join(job.value for job in jobs))
        print(f"5 requests of 0.3 s each took {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
