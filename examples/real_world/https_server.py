"""HTTPS on gevent: pywsgi and StreamServer with an ssl_context and a throwaway certificate."""

from gevent import monkey

# Patch first: ssl, socket and http.client below must be gevent's, so that the
# handshakes of the demo's clients wait cooperatively.
monkey.patch_all()

import http.client
import io
import pathlib
import socket
import ssl
import sys
import tempfile

import gevent
import trustme
from gevent.pool import Pool
from gevent.pywsgi import WSGIServer
from gevent.server import StreamServer

from _serving import command_line, serve_until_stopped

# A certificate authority (CA) that exists only in this process, and a
# certificate it signs for the address 127.0.0.1. No browser or system trusts it.
ca = trustme.CA()
server_cert = ca.issue_cert("127.0.0.1")


def server_context():
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_cert.configure_cert(context)  # The certificate and its private key.
    return context


def client_context(trust_our_ca=True):
    # The default context checks the certificate's signature and its address.
    context = ssl.create_default_context()
    if trust_our_ca:
        ca.configure_trust(context)
    return context


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [f"hello over {environ['wsgi.url_scheme']}\n".encode()]


def echo(sock, address):
    """StreamServer's handler. The handshake is done here, in the connection's greenlet."""
    try:
        sock.do_handshake()
    except ssl.SSLError as exc:
        print(f"server: TLS handshake failed: {exc.reason}")
        return
    print(f"server: TLS handshake done, {sock.version()}")
    with sock.makefile("rwb") as stream:
        for line in stream:
            stream.write(line)
            stream.flush()


def https_get(port, context):
    conn = http.client.HTTPSConnection("127.0.0.1", port, context=context)
    try:
        conn.request("GET", "/")
        response = conn.getresponse()
        print(f"client: {response.status} {response.read().decode()!r} "
              f"over {conn.sock.version()}")
        print(f"client: the certificate names {conn.sock.getpeercert()['subjectAltName']}")
    except ssl.SSLCertVerificationError as exc:
        print(f"client: SSLCertVerificationError: {exc.verify_message}")
    finally:
        conn.close()


def tls_echo(port, context, line):
    with socket.create_connection(("127.0.0.1", port)) as raw:
        try:
            with context.wrap_socket(raw, server_hostname="127.0.0.1") as sock:
                sock.sendall(line)
                print(f"client: sent {line!r}, got back {sock.recv(100)!r}")
        except ssl.SSLCertVerificationError as exc:
            print(f"client: SSLCertVerificationError: {exc.verify_message}")


def main():
    print("-- pywsgi with an ssl_context")
    handlers = Pool(10)
    web = WSGIServer(("127.0.0.1", 0), application, log=None,
                     spawn=handlers, ssl_context=server_context())
    web.start()
    https_get(web.server_port, client_context())
    print("-- a client that does not trust the throwaway CA")
    hub = gevent.get_hub()
    # The hub reports a greenlet that dies of an exception, traceback and all,
    # to its exception_stream, sys.stderr unless assigned. Keep it, to show it short.
    hub.exception_stream = report = io.StringIO()
    https_get(web.server_port, client_context(trust_our_ca=False))
    handlers.join()  # The server's side of that failure.
    hub.exception_stream = sys.stderr
    for line in report.getvalue().splitlines():  # Skip the traceback's middle.
        if line.startswith("Traceback") or line.startswith("ssl.SSLError"):
            print(f"hub: {line}")
        elif " failed with " in line:
            print(f"hub: <Greenlet ...> failed with {line.rpartition(' failed with ')[2]}")
    web.stop()

    print("-- the same client, with do_handshake_on_connect=False")
    handlers = Pool(10)
    web = WSGIServer(("127.0.0.1", 0), application, log=None, spawn=handlers,
                     ssl_context=server_context(), do_handshake_on_connect=False)
    web.start()
    https_get(web.server_port, client_context(trust_our_ca=False))
    handlers.join()  # pywsgi's first read fails, and it drops the connection quietly.
    web.stop()

    print("-- StreamServer with an ssl_context, handshake in the handler")
    handlers = Pool(10)
    # do_handshake_on_connect=False leaves the handshake to echo().
    line_server = StreamServer(("127.0.0.1", 0), echo, spawn=handlers,
                               ssl_context=server_context(), do_handshake_on_connect=False)
    line_server.start()
    tls_echo(line_server.server_port, client_context(), b"hi\n")
    handlers.join()
    tls_echo(line_server.server_port, client_context(trust_our_ca=False), b"hi\n")
    handlers.join()
    line_server.stop()


if __name__ == "__main__":
    args = command_line(__doc__, port=8443)
    if args.serve:
        # Write the CA's certificate where curl can read it: --cacert trusts it.
        ca_file = pathlib.Path(tempfile.mkdtemp()) / "throwaway-ca.pem"
        ca.cert_pem.write_to_path(str(ca_file))
        print(f"try: curl --cacert {ca_file} https://127.0.0.1:{args.port}/")
        server = WSGIServer((args.host, args.port), application,
                            ssl_context=server_context())
        serve_until_stopped(server, scheme="https")
    else:
        main()
