"""A small client for a real `tandem serve`: starts it, talks HTTPS with the server's own certificate, and opens
WebSocket sessions. Used by the end-to-end tests in scripts/test."""
import asyncio
import datetime
import http.client
import json
import os
import re
import signal
import ssl
import subprocess
import threading
import time

import websockets


# The clock every test server starts on (`--now`): Monday 00:30 of the test week in Shanghai, before any of its
# tasks, whatever the real date. Tests take their week and days from it.
NOW = os.environ.get("TANDEM_TEST_NOW", "2026-11-30T00:30:00+08:00")
_local_now = datetime.datetime.fromisoformat(NOW)
WEEK = (_local_now.date() - datetime.timedelta(days=_local_now.weekday())).isoformat()


def day(n, time=None):
    """The test week's day `n` (0 is Monday) as YYYY-MM-DD, or with `time` as a local date-time."""
    date = (datetime.date.fromisoformat(WEEK) + datetime.timedelta(days=n)).isoformat()
    return f"{date}T{time}" if time else date


class Server:
    def __init__(self, binary, data_dir, admin_password="correct-horse-battery", extra=(), command="serve", now=NOW):
        self.binary, self.data_dir, self.admin_password, self.extra = binary, data_dir, admin_password, list(extra)
        self.command = command
        if now:
            self.extra += ["--now", now]
        self.process, self.port, self.log = None, None, []

    def start(self, port=0):
        env = dict(os.environ, TANDEM_ADMIN_PASSWORD=self.admin_password)
        self.process = subprocess.Popen(
            [self.binary, self.command, "--port", str(port), "--data", self.data_dir,
             *(["--log-level", "warning"] if self.command == "serve" else []), *self.extra],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        deadline = time.time() + 60
        while time.time() < deadline:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError("tandem serve exited early:\n" + "".join(self.log))
            self.log.append(line)
            found = re.search(r"listening on https://[^:]+:(\d+)", line)
            if found:
                self.port = int(found.group(1))
            if line.strip() == "tandem: ready":
                break
        else:
            raise RuntimeError("tandem serve did not become ready")
        # Keep reading what the server prints, so a chatty server never blocks on a full pipe and a test can show it.
        threading.Thread(target=lambda out: self.log.extend(out), args=(self.process.stdout,), daemon=True).start()
        self.context = ssl.create_default_context(cafile=os.path.join(self.data_dir, "tls-cert.pem"))
        return self

    def kill(self, sig=signal.SIGKILL):
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=30)

    def http(self, method, path, body=None, token=None, content_type="application/json"):
        status, _, parsed = self.request(method, path, body, token, content_type)
        return status, parsed

    def request(self, method, path, body=None, token=None, content_type="application/json", source="127.0.0.1", raw=False):
        """One HTTPS request from the loopback address `source`: status, headers (lower-case names), and the body
        parsed as JSON when it is JSON (text otherwise, bytes with `raw`)."""
        connection = http.client.HTTPSConnection("127.0.0.1", self.port, context=self.context, timeout=30, source_address=(source, 0))
        headers = {}
        if token:
            headers["Authorization"] = "Bearer " + token
        data = None
        if body is not None:
            data = body if isinstance(body, bytes) else body.encode() if isinstance(body, str) else json.dumps(body).encode()
            headers["Content-Type"] = content_type
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        payload = response.read()
        connection.close()
        kind = response.getheader("Content-Type") or ""
        fields = {name.lower(): value for name, value in response.getheaders()}
        if raw:
            return response.status, fields, payload
        return response.status, fields, (json.loads(payload) if "json" in kind and payload else payload.decode("utf-8", "replace"))

    def metric(self, name, default=None):
        """The value of one Prometheus metric from /metrics, or `default` when it is not there."""
        _, metrics = self.http("GET", "/metrics", None, None)
        return next((float(line.split()[-1]) for line in metrics.splitlines() if line.startswith(name)), default)

    def login(self, username, password):
        status, body = self.http("POST", "/api/login", {"username": username, "password": password})
        assert status == 200, (status, body)
        return body["token"]

    def ws_uri(self):
        return f"wss://127.0.0.1:{self.port}/ws"


class PushClient:
    """One WebSocket session that remembers the last sequence number, so it can resume after a reconnect."""

    def __init__(self, server, token):
        self.server, self.token = server, token
        self.events, self.live, self.since, self.epoch, self.welcome = [], [], None, None, None
        self.socket = None

    async def connect(self):
        self.socket = await websockets.connect(self.server.ws_uri(), ssl=self.server.context, compression="deflate",
                                               max_size=2 ** 22)
        hello = {"type": "hello", "token": self.token}
        if self.since is not None:
            hello.update(since=self.since, epoch=self.epoch)
        await self.socket.send(json.dumps(hello))
        self.welcome = json.loads(await asyncio.wait_for(self.socket.recv(), 10))
        assert self.welcome["type"] == "welcome", self.welcome
        self.epoch = self.welcome["epoch"]
        if self.since is None:
            self.since = self.welcome["tail"]
        return self

    async def connect_from(self, since, epoch):
        self.since, self.epoch = since, epoch
        return await self.connect()

    async def next_message(self, timeout):
        message = json.loads(await asyncio.wait_for(self.socket.recv(), timeout))
        if message["type"] == "event":
            assert message["seq"] > self.since, f"event {message['seq']} after {self.since}: out of order or repeated"
            self.since = message["seq"]
            self.events.append(message)
        else:
            self.live.append(message)
        return message

    async def wait_for(self, predicate, timeout=30):
        deadline = time.time() + timeout
        for message in self.events + self.live:
            if predicate(message):
                return message
        while time.time() < deadline:
            message = await self.next_message(max(0.01, deadline - time.time()))
            if predicate(message):
                return message
        raise TimeoutError("no matching message")

    async def drain(self, quiet=0.5):
        try:
            while True:
                await self.next_message(quiet)
        except (asyncio.TimeoutError, TimeoutError):
            pass

    async def close(self):
        if self.socket:
            await self.socket.close()


async def read_resuming(client, stop, server_for=None):
    """Reads `client` until `stop` is set; whenever its connection drops, reconnects and resumes from its last
    offset, at the server `server_for(client)` names (default: the same one), and records in `client.resumes`
    whether each resume was complete."""
    client.resumes = getattr(client, "resumes", [])
    while not stop.is_set():
        try:
            await client.next_message(0.5)
        except (asyncio.TimeoutError, TimeoutError):
            continue
        except AssertionError:
            raise
        except Exception:
            await client.close()
            while not stop.is_set():
                if server_for:
                    client.server = server_for(client)
                try:
                    await client.connect()
                    client.resumes.append(client.welcome["recovered"])
                    break
                except Exception:
                    await asyncio.sleep(0.2)


async def solve_week(server, token, watcher, unit, week=WEEK, seconds=3):
    """Starts a solve job and waits on `watcher` (a PushClient) until it has finished; returns the draft's version id."""
    status, job = server.http("POST", f"/api/orgs/{unit}/solves", {"week": week, "seconds": seconds}, token)
    assert status in (200, 201, 202), (status, job)
    done = await watcher.wait_for(lambda m: m.get("event") in ("solve.finished", "solve.failed") and m["data"]["id"] == job["id"], 120)
    assert done["event"] == "solve.finished", done
    return done["data"]["version"]


class Checks:
    """Named checks of one end-to-end script, closing with the `NAME: N passed, N failed` line scripts/test reads."""

    def __init__(self, name, show_passes=True):
        self.name, self.show_passes, self.results = name, show_passes, []

    def __call__(self, label, condition, detail=""):
        self.results.append((label, bool(condition)))
        if condition and self.show_passes:
            print("ok   " + label)
        elif not condition:
            print(f"FAIL {label}  {detail}")
        return condition

    def run(self, scenario):
        """Runs the async `scenario(binary)` with the binary named on the command line, then reports and exits."""
        import sys
        import traceback
        try:
            asyncio.run(scenario(sys.argv[1]))
        except Exception:
            traceback.print_exc()
            self.results.append(("scenario ran to the end", False))
        passed = sum(1 for _, ok in self.results if ok)
        print(f"{self.name}: {passed} passed, {len(self.results) - passed} failed")
        sys.exit(0 if passed == len(self.results) else 1)
