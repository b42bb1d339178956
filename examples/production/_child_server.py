"""A server in a child process, for the length of a ``with`` block (a helper, not an example).

The fake Redis server and the slow HTTP server are helper scripts that run as
a child process, so that the example talking to them stays a plain client.
Both halves of that arrangement live here:

- in the child, :func:`serve_until_stdin_closes` serves in a thread, prints
  the port, and stops when its standard input closes (which it also does
  when the parent dies, so no server is ever left behind);
- in the parent, :func:`child_server` starts the script, reads the port, and
  closes the child's standard input when the block ends.
"""

import subprocess
import sys
import threading
from contextlib import contextmanager


@contextmanager
def child_server(script, what):
    """Run *script* as a child process; yield the port it prints; always stop it."""
    proc = subprocess.Popen([sys.executable, script], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        if not line.strip().isdigit():
            raise RuntimeError(f"{what} did not start (it said {line!r})")
        yield int(line)
    finally:
        proc.stdin.close()  # the server's signal to shut down
        try:
            proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def serve_until_stdin_closes(server):
    """Serve *server* (a ``socketserver`` server) in a thread until stdin closes."""
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
