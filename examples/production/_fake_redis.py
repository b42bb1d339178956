"""A Redis-protocol server on loopback for the redis examples (a helper, not an example).

Run as a script, it starts fakeredis's TCP server on 127.0.0.1, on a port the
system picks, prints that port, and serves until its standard input closes.
Imported, it offers :func:`fake_redis_server`, which runs that script as a
child process for the length of a ``with`` block.
"""

import subprocess
import sys
from contextlib import contextmanager


@contextmanager
def fake_redis_server():
    """Start the server in a child process; yield its port; always stop it."""
    proc = subprocess.Popen([sys.executable, __file__], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        if not line.strip().isdigit():
            raise RuntimeError(f"the fake Redis server did not start (it said {line!r})")
        yield int(line)
    finally:
        proc.stdin.close()  # the server's signal to shut down
        try:
            proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def serve():
    import threading

    from fakeredis import TcpFakeServer

    server = TcpFakeServer(("127.0.0.1", 0), server_type="redis")
    # A short poll interval: shutdown() waits for serve_forever() to notice.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    print(server.server_address[1], flush=True)
    try:
        sys.stdin.read()  # returns when the parent closes our stdin, or dies
    finally:
        server.shutdown()  # also ends the connections' threads
        server.server_close()
        thread.join()


if __name__ == "__main__":
    serve()
