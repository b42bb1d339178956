"""Real DNS queries, offline: the ares and dnspython resolvers against a DNS
server that this script runs on 127.0.0.1."""

import socket
import time

import dns.message
import dns.rcode
import dns.rdatatype
import dns.rrset

import gevent
from gevent.resolver.ares import Resolver as AresResolver
from gevent.resolver.dnspython import Resolver as DnspythonResolver
from gevent.server import DatagramServer

# The .test top-level domain is reserved: no real name can end in it.
ZONE = {"db.internal.test.": "127.0.0.2", "cache.internal.test.": "127.0.0.3", "queue.internal.test.": "127.0.0.4"}
queries = []


def answer(data, client):
    """Answer one query: names in ZONE after 0.2 s, any other name at once with NXDOMAIN."""
    query = dns.message.from_wire(data)
    question = query.question[0]
    name = question.name.to_text()
    queries.append(name)
    reply = dns.message.make_response(query)
    if name not in ZONE:
        reply.set_rcode(dns.rcode.NXDOMAIN)
    elif question.rdtype == dns.rdatatype.A:
        gevent.sleep(0.2)  # a slow DNS server; each query is answered in its own greenlet
        reply.answer.append(dns.rrset.from_text(question.name, 60, "IN", "A", ZONE[name]))
    server.sendto(reply.to_wire(), client)


server = DatagramServer(("127.0.0.1", 0), answer)
server.start()
port = server.address[1]


def lookup(resolver, name):
    """Return the address of *name*, or the error; and the error behind that error."""
    try:
        found = resolver.getaddrinfo(name, 80, socket.AF_INET, socket.SOCK_STREAM)
    except socket.gaierror as exc:
        # __context__: the exception being handled when this one was raised.
        cause = exc.__context__
        return f"gaierror {exc.args}", cause and f"{type(cause).__name__}: {cause}"
    return found[0][4][0], None


def try_resolver(label, resolver):
    queries.clear()
    names = ["db.internal.test", "cache.internal.test", "queue.internal.test"]
    start = time.perf_counter()
    lookups = [gevent.spawn(lookup, resolver, name) for name in names]
    results = [job.get() for job in lookups]
    elapsed = time.perf_counter() - start
    results.append(lookup(resolver, "missing.internal.test"))
    print(f"{label}: the first three lookups, made at once, took {elapsed:.1f}s")
    for name, (result, _) in zip(names + ["missing.internal.test"], results):
        print(f"  {name} -> {result}")
    for cause in sorted({cause for _, cause in results if cause}):
        print(f"  raised while handling {cause}")
    print(f"  queries for the three names that reached the server: {sum(q in ZONE for q in queries)}")


# c-ares: point it at our server with the same settings that
# GEVENT_RESOLVER_NAMESERVERS and GEVENTARES_UDP_PORT give the hub's resolver.
ares = AresResolver(servers=["127.0.0.1"], udp_port=port, tcp_port=port)
try_resolver("ares", ares)
ares.close()

# dnspython: its resolver object is gevent's Resolver().resolver.
dnspython = DnspythonResolver()
dnspython.resolver.port = port  # the port first: setting nameservers reads it
dnspython.resolver.nameservers = ["127.0.0.1"]
try_resolver("dnspython", dnspython)

server.stop()
