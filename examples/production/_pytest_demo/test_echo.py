import socket

import gevent
import pytest


def ask(port, line):
    # The socket module is gevent's: gevent_patch.py patched it before this
    # file was imported.
    with socket.create_connection(("127.0.0.1", port)) as sock, sock.makefile("rwb") as stream:
        stream.write(line)
        stream.flush()
        return stream.readline()


def test_echo(echo_server):
    assert ask(echo_server.server_port, b"hello\n") == b"HELLO\n"


def test_socket_is_patched():
    assert socket.socket is gevent.socket.socket


def test_twenty_clients_at_once(echo_server):
    port = echo_server.server_port
    clients = [gevent.spawn(ask, port, f"client {n}\n".encode()) for n in range(20)]
    gevent.joinall(clients, raise_error=True)
    assert sorted(c.value for c in clients) == sorted(f"CLIENT {n}\n".encode() for n in range(20))
    assert len(echo_server.connected) == 20


@pytest.mark.wait_limit(0.3)
def test_forgot_the_newline(echo_server):
    # A bug on purpose: the server answers whole lines, and this one never ends.
    assert ask(echo_server.server_port, b"no newline") == b"NO NEWLINE"
