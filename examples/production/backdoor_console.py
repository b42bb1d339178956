"""A live Python prompt inside a running gevent server: gevent.backdoor."""

from gevent import monkey

monkey.patch_all()

import socket

import gevent
from gevent.backdoor import BackdoorServer

orders = {"served": 0}


def worker():
    """Stands for the service's real work."""
    while True:
        orders["served"] += 1
        gevent.sleep(0.01)


def type_into(port, lines):
    """A client, as `nc 127.0.0.1 PORT` would be: type each line, print what comes back."""
    with socket.create_connection(("127.0.0.1", port)) as sock:
        reader = sock.makefile("r", encoding="utf-8", newline="")

        def read_to_prompt():
            text = ""
            while not text.endswith(">>> "):
                text += reader.read(1)
            return text[: -len(">>> ")]

        print(read_to_prompt().rstrip())  # the banner
        for line in lines:
            sock.sendall(line.encode() + b"\n")
            print(f">>> {line}")
            answer = read_to_prompt().rstrip()
            if answer:
                print(answer)


service = gevent.spawn(worker)
service.name = "worker"
# Loopback only, and only while you need it: whoever connects runs any code.
server = BackdoorServer(("127.0.0.1", 0), banner="backdoor into the order service",
                        locals={"orders": orders, "service": service})
server.start()
gevent.sleep(0.05)
type_into(server.server_port, [
    "orders['served'] > 0",
    "service.name, service.dead",
    "import gevent",
    # The console runs in a greenlet of the process: while it waits, the service runs.
    "before = orders['served']; gevent.sleep(0.05); orders['served'] > before",
])
server.stop()
service.kill()
