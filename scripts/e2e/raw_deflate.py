"""permessage-deflate seen on the wire: a WebSocket opened by hand over TLS, so the test sees the negotiated
parameters and the RSV1 bit of every frame, which client libraries hide."""
import json
import os
import socket
import struct
import zlib


def _deflate(text):
    """A message compressed as RFC 7692 says, without context: raw deflate, sync flush, 00 00 ff ff removed."""
    compressor = zlib.compressobj(wbits=-15)
    data = compressor.compress(text.encode()) + compressor.flush(zlib.Z_SYNC_FLUSH)
    assert data.endswith(b"\x00\x00\xff\xff")
    return data[:-4]


def _inflate(payload):
    return zlib.decompressobj(wbits=-15).decompress(payload + b"\x00\x00\xff\xff").decode()


class RawSocket:
    def __init__(self, server, receive_buffer=None):
        raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        raw.settimeout(10)
        if receive_buffer:  # before connecting, so the advertised window stays small
            raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
        raw.connect(("127.0.0.1", server.port))
        self.sock = server.context.wrap_socket(raw, server_hostname="127.0.0.1")
        self.buffer = b""

    def upgrade(self, extensions, path="/ws"):
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                           f"Sec-WebSocket-Extensions: {extensions}\r\n\r\n").encode())
        while b"\r\n\r\n" not in self.buffer:
            self.buffer += self.sock.recv(4096)
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.decode().split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
        return lines[0], headers.get("sec-websocket-extensions", "")

    def hello(self, token):
        """Upgrades without compression, says hello and returns the welcome."""
        self.upgrade("x-none")
        self.send(json.dumps({"type": "hello", "token": token}), compressed=False)
        return self.receive()[1]

    def send(self, text, compressed):
        self.send_frame(0x1, _deflate(text) if compressed else text.encode(), rsv1=compressed)

    def send_frame(self, opcode, payload, fin=True, rsv1=False, masked=True):
        """One frame as a client writes it (masked unless told otherwise, RFC 6455 5.3)."""
        first = (0x80 if fin else 0) | (0x40 if rsv1 else 0) | opcode
        mask_bit = 0x80 if masked else 0
        if len(payload) < 126:
            header = struct.pack("!BB", first, mask_bit | len(payload))
        elif len(payload) < 65536:
            header = struct.pack("!BBH", first, mask_bit | 126, len(payload))
        else:
            header = struct.pack("!BBQ", first, mask_bit | 127, len(payload))
        if masked:
            mask = os.urandom(4)
            payload = mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + payload)

    def frame(self):
        """The next frame of any kind: (opcode, payload)."""
        first, payload = self._frame()
        return first & 0x0F, payload

    def _frame(self):
        """The next frame: (its first byte, with FIN, RSV1 and the opcode; its payload)."""
        first, second = self._read(2)
        length = second & 0x7F
        if length == 126:
            length = struct.unpack("!H", self._read(2))[0]
        elif length == 127:
            length = struct.unpack("!Q", self._read(8))[0]
        return first, self._read(length)

    def close_code(self):
        """Reads past other frames to the server's close frame; its code, or None if the socket ends first."""
        try:
            while True:
                opcode, payload = self.frame()
                if opcode == 0x8:
                    return struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else None
        except (EOFError, OSError):
            return None

    def ended(self):
        """True when the server has closed the socket (what is left unread is skipped)."""
        try:
            while True:
                self.frame()
        except (EOFError, OSError):
            return True

    def _read(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("the server closed the socket")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def receive(self):
        """The next text frame as (was it compressed, its JSON); pings are skipped."""
        while True:
            first, payload = self._frame()
            if first & 0x0F != 0x1:
                continue
            compressed = bool(first & 0x40)
            return compressed, json.loads(_inflate(payload) if compressed else payload.decode())

    def close(self):
        self.sock.close()


def check_upgrade_path(check, server):
    """Only /ws upgrades; an upgrade request elsewhere is refused outright, not served as HTTP."""
    ws = RawSocket(server)
    try:
        status, _ = ws.upgrade("permessage-deflate", path="/api/me")
        check("a WebSocket upgrade on another path is refused (400)", status.startswith("HTTP/1.1 400"), status)
    finally:
        ws.close()
    ws = RawSocket(server)
    try:
        status, extensions = ws.upgrade("permessage-deflate; ; =; server_max_window_bits=abc, permessage-deflate; x=1, "
                                        "permessage-deflate; server_max_window_bits=10")
        check("malformed deflate offers are declined and the next good one taken (RFC 7692 5)",
              status.startswith("HTTP/1.1 101") and extensions.endswith("server_max_window_bits=10"), (status, extensions))
    finally:
        ws.close()


def check_deflate(check, server, token):
    """The server agrees to permessage-deflate without context on either side, reads a compressed hello and a
    second compressed message (so it did not keep context between them), and compresses what is worth it."""
    ws = RawSocket(server)
    try:
        status, extensions = ws.upgrade("permessage-deflate; client_max_window_bits")
        params = [p.strip() for p in extensions.split(";")]
        check("permessage-deflate is agreed without context takeover",
              status.startswith("HTTP/1.1 101") and params[0] == "permessage-deflate"
              and "server_no_context_takeover" in params and "client_no_context_takeover" in params, (status, extensions))
        ws.send(json.dumps({"type": "hello", "token": token}), compressed=True)
        compressed, welcome = ws.receive()
        check("a compressed hello is read; the welcome (over 128 bytes) comes back compressed",
              welcome.get("type") == "welcome" and compressed, (compressed, welcome))
        ws.send(json.dumps({"type": "ping", "seq": 7}), compressed=True)
        compressed, pong = ws.receive()
        check("a second compressed message is read on its own; a short answer goes out plain",
              pong == {"type": "pong", "seq": 7} and not compressed, (compressed, pong))
    finally:
        ws.close()
