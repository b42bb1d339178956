"""A line-based TCP server on gevent.server.StreamServer: one greenlet per client."""

import itertools
import struct
import time

import gevent
from gevent import socket
from gevent.pool import Pool
from gevent.server import StreamServer

from _serving import command_line, serve_until_stopped

connections = itertools.count(1)  # Numbers the connections: #1, #2, ...
MAX_LINE = 1024  # bytes; a longer line is refused, so no client can eat our memory


def handle(sock, address):
    """Serve one connection; StreamServer runs this in a new greenlet for each client."""
    number = next(connections)
    rfile = sock.makefile("rb")
    try:
        sock.sendall(b"HELLO; commands: ECHO text, SLEEP seconds, QUIT\n")
        while True:
            line = rfile.readline(MAX_LINE + 1)
            if not line:
                return  # The client closed the connection between commands.
            if not line.endswith(b"\n"):
                if len(line) > MAX_LINE:
                    print(f"server: #{number} sent a line over {MAX_LINE} bytes; closing")
                    sock.sendall(b"ERROR line too long\n")
                else:
                    print(f"server: #{number} stopped sending in the middle of a line")
                return
            try:
                command, _, argument = line.decode().strip().partition(" ")
            except UnicodeDecodeError:
                print(f"server: #{number} sent bytes that are not UTF-8")
                sock.sendall(b"ERROR not UTF-8\n")
                continue
            if command == "QUIT":
                sock.sendall(b"BYE\n")
                return
            sock.sendall(f"{run(command, argument)}\n".encode())
    except (BrokenPipeError, ConnectionResetError):
        print(f"server: #{number} went away before hearing the answer")
    except gevent.GreenletExit:
        # server.stop() ran out of patience and killed this greenlet. Say
        # goodbye, then re-raise: the greenlet still ends as killed.
        print(f"server: #{number} still open at shutdown; saying goodbye")
        sock.sendall(b"BYE server shutting down\n")
        raise
    finally:
        rfile.close()
        sock.close()


def run(command, argument):
    if command == "ECHO":
        return argument
    if command == "SLEEP":  # Stands in for slow work, such as a database query.
        try:
            seconds = float(argument)
        except ValueError:
            seconds = -1
        if not 0 <= seconds <= 1:
            return "ERROR SLEEP takes 0 to 1 seconds"
        gevent.sleep(seconds)  # Only this client waits; the others are served meanwhile.
        return f"slept {seconds:.1f}s"
    return f"ERROR unknown command {command!r}"


def client(*lines, port):
    """Send some lines, then return everything the server answers until it closes."""
    with socket.create_connection(("127.0.0.1", port)) as sock:
        for line in lines:
            sock.sendall(line)
        sock.shutdown(socket.SHUT_WR)  # "No more requests": the server sees end of file.
        return sock.makefile("rb").read().decode().splitlines()


def show(name, replies):
    for reply in replies:
        print(f"{name}: {reply}")


def vanish(*lines, port):
    """A client that sends a request and is gone before the answer (as if it crashed)."""
    sock = socket.create_connection(("127.0.0.1", port))
    sock.recv(100)  # The greeting.
    sock.sendall(b"".join(lines))
    # SO_LINGER with a zero timeout makes close() abort the connection with
    # a reset (RST), as happens when a client process dies.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def main():
    # Handlers are spawned in this pool: it caps the number of connections,
    # lets us wait for them to finish, and lets server.stop() wait for them too.
    handlers = Pool(100)
    server = StreamServer(("127.0.0.1", 0), handle, spawn=handlers)
    server.start()
    port = server.server_port  # Port 0 above: the OS picked a free one.

    print("-- three clients at once, each asks the server to sleep 0.3s")
    start = time.perf_counter()
    jobs = [gevent.spawn(client, b"SLEEP 0.3\n", b"QUIT\n", port=port) for _ in range(3)]
    gevent.joinall(jobs, raise_error=True)
    print(f"-- all three answered after {time.perf_counter() - start:.1f}s:")
    for n, job in enumerate(jobs, 1):
        show(f"client {n}", job.value)

    print("-- careless or hostile clients, one at a time")
    show("client 4", client(b"ECHO " + b"x" * 2000 + b"\n", port=port))
    show("client 5", client(b"\xff\xfe\n", b"ECHO still here\n", port=port))
    show("client 6", client(b"ECHO cut off in the midd", port=port))
    print("client 7: sends SLEEP 0.1, then crashes")
    vanish(b"SLEEP 0.1\n", port=port)
    handlers.join()  # Wait until the server has finished with every connection.

    print("-- graceful stop with one idle client connected")
    idle = socket.create_connection(("127.0.0.1", port))
    idle.recv(100)  # Its greeting: the connection is fully set up.
    stopping = time.perf_counter()
    server.stop(timeout=0.2)  # Stop accepting; give open connections 0.2s.
    print(f"client 8: {idle.recv(100).decode().strip()}")
    print(f"-- stopped in {time.perf_counter() - stopping:.1f}s")
    idle.close()


if __name__ == "__main__":
    args = command_line(__doc__, port=7000)
    if args.serve:
        server = StreamServer((args.host, args.port), handle, spawn=Pool(100))
        serve_until_stopped(server, scheme="tcp")
    else:
        main()
