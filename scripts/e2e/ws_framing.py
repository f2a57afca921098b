"""The WebSocket layer of the push socket, seen on the wire: fragments, control frames between them, the close
handshake, and the errors a misbehaving client meets (RFC 6455)."""
import json
import struct
import tempfile
import threading
import time

from raw_deflate import RawSocket
from tandem_client import Server


def check_framing(check, server, token):
    ws = RawSocket(server)
    try:
        ws.upgrade("x-none")
        hello = json.dumps({"type": "hello", "token": token}).encode()
        ws.send_frame(0x1, hello[:10], fin=False)
        ws.send_frame(0x0, hello[10:])
        check("a hello in two fragments is read as one message", ws.receive()[1].get("type") == "welcome")
        ws.send_frame(0x9, b"hi")
        check("a ping is answered by a pong with the same data", ws.frame() == (0xA, b"hi"))
        ping = json.dumps({"type": "ping", "seq": 3}).encode()
        ws.send_frame(0x1, ping[:8], fin=False)
        ws.send_frame(0x9, b"x")
        ws.send_frame(0x0, ping[8:])
        check("a control frame between fragments is answered at once, the message after it",
              ws.frame() == (0xA, b"x") and ws.receive()[1] == {"type": "pong", "seq": 3})
        ws.send_frame(0x8, struct.pack("!H", 1000) + b"bye")
        check("a client's close is echoed with its code and the socket closed", ws.close_code() == 1000 and ws.ended())
    finally:
        ws.close()
    for name, send, code in [
        ("an unmasked frame is a protocol error (1002)", lambda ws: ws.send_frame(0x1, b"{}", masked=False), 1002),
        ("a continuation without a message is a protocol error (1002)", lambda ws: ws.send_frame(0x0, b"{}"), 1002),
        ("a message over 64 KB is refused (1009)", lambda ws: ws.send_frame(0x1, b" " * (70 << 10)), 1009),
        ("text that is not UTF-8 is refused (1007)", lambda ws: ws.send_frame(0x1, b"\xff\xfe"), 1007),
    ]:
        ws = RawSocket(server)
        try:
            ws.hello(token)
            try:
                send(ws)
            except OSError:
                pass  # the server may close before a long frame is all sent; its close frame is still read
            got = ws.close_code()
            check(name, got == code, got)
        finally:
            ws.close()
    ws = RawSocket(server)
    try:
        ws.upgrade("x-none")
        ws.send(json.dumps({"type": "ack", "seq": 1}), compressed=False)
        _, problem = ws.receive()
        check("a first message that is not hello is an error, then close 1008",
              problem.get("type") == "error" and ws.close_code() == 1008, problem)
    finally:
        ws.close()


def check_client_hangs_up(check, server, token):
    """A client that ends its TLS session (close_notify) without a WebSocket close frame is dropped at once."""
    before = server.metric("tandem_push_connections")
    ws = RawSocket(server)
    ws.hello(token)
    during = server.metric("tandem_push_connections")
    ws.sock = ws.sock.unwrap()  # TLS close_notify: the server sees its input end cleanly
    ws.close()
    deadline = time.time() + 5
    while time.time() < deadline and server.metric("tandem_push_connections") != before:
        time.sleep(0.1)
    check("a client that ends its session without a close frame is dropped (connections gauge back where it was)",
          during == before + 1 and server.metric("tandem_push_connections") == before, (before, during, server.metric("tandem_push_connections")))


def check_heartbeat(check, binary):
    """With pings every second, a client that never answers is closed (1001) and one that answers stays."""
    server = Server(binary, tempfile.mkdtemp(prefix="tandem-e2e-ping-"), extra=["--push-ping", "1"]).start()
    try:
        token = server.login("admin", server.admin_password)
        silent, alive = RawSocket(server), RawSocket(server)
        for ws in (silent, alive):
            ws.hello(token)
        # The answering client is served on its own thread from the start: a ping it left unread while the
        # silent one was watched would count as no answer.
        pongs = []
        def answer():
            deadline = time.time() + 5
            try:
                while time.time() < deadline:
                    opcode, payload = alive.frame()
                    if opcode == 0x9:
                        alive.send_frame(0xA, payload)
                        pongs.append(time.time())
                    elif opcode == 0x8:
                        return
            except (EOFError, OSError):
                return
        answering = threading.Thread(target=answer, daemon=True)
        answering.start()
        started = time.time()
        code = silent.close_code()  # reads, but never answers a ping
        check("a client that does not answer pings is closed (1001) within two intervals",
              code == 1001 and time.time() - started < 4, (code, time.time() - started))
        answering.join(timeout=8)
        pongs = len(pongs)
        check("a client that answers pings stays connected (answered every ping for 5 s)", pongs >= 3, pongs)
        silent.close()
        alive.close()
    finally:
        server.kill()
