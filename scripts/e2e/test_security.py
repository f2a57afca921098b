"""Attacks on a real `tandem serve` (TLS, SQLite file), each one a defect a probe found, kept as a check that failed
before its fix: a CSV cell that crashed the server, an invitation that opened an admin account, script stored in an
id, idle sockets that starved /health, login lockouts and user enumeration, old TLS, missing headers, a logout that
left the push socket open, calendar secrets in plain text, public metrics, silent re-parenting, formula injection in
exports, CR in ICS, and junk stored as data. Prints `e2e-security: N passed, N failed`."""
import asyncio
import json
import os
import socket
import sqlite3
import ssl
import statistics
import tempfile
import time

import warnings

import websockets

from tandem_client import Checks, PushClient, Server

check = Checks("e2e-security")
warnings.filterwarnings("ignore", category=DeprecationWarning)  # TLS 1.0 and 1.1 are asked for on purpose
METRICS_TOKEN = "metrics-secret-for-the-test"
FIRST_REQUEST_SECONDS = 2
PER_ADDRESS = 64
SECURITY_HEADERS = ["content-security-policy", "x-content-type-options", "strict-transport-security", "referrer-policy",
                    "x-frame-options"]


def request(server, method, path, body=None, token=None, content_type="application/json", source="127.0.0.1", raw=False):
    return server.request(method, path, body, token, content_type, source, raw)


def names_field(body):
    return isinstance(body, dict) and isinstance(body.get("error"), dict) and bool(body["error"].get("field"))


async def setup(server):
    admin = server.login("admin", server.admin_password)
    for unit in [{"id": "d1", "name": "武侯区", "level": "district"},
                 {"id": "s1", "name": "玉林街道", "level": "street", "parent": "d1"},
                 {"id": "ca", "name": "玉林社区", "level": "community", "parent": "s1"},
                 {"id": "cb", "name": "芳草社区", "level": "community", "parent": "s1"},
                 {"id": "s2", "name": "浆洗街道", "level": "street", "parent": "d1"}]:
        assert server.http("POST", "/api/orgs", unit, admin)[0] == 201
    assert server.http("POST", "/api/users", {"username": "coord-ca", "role": "coordinator", "orgUnit": "ca",
                                              "password": "coordinator-ca-pass"}, admin)[0] == 201
    assert server.http("POST", "/api/users", {"username": "coord-s1", "role": "coordinator", "orgUnit": "s1",
                                              "password": "coordinator-s1-pass"}, admin)[0] == 201
    return admin, server.login("coord-ca", "coordinator-ca-pass"), server.login("coord-s1", "coordinator-s1-pass")


def csv_numbers(server, coord):
    """Defect 1: `1e308` (and nan, inf, 1.6e17) in an hours column trapped the process."""
    for column in ["max_hours_week", "max_hours_day", "max_tasks_day"]:
        for value in ["1e308", "nan", "inf", "-inf", "1.6e17", "-5", "1e-400x"]:
            status, _, body = request(server, "POST", "/api/orgs/ca/people/import", f"id,name,role,{column}\nx1,X,volunteer,{value}\n",
                                      coord, "text/csv")
            errors = body.get("errors", []) if isinstance(body, dict) else []
            check(f"CSV {column}={value}: the row is refused naming the column", status == 207 and any(e["field"] == column for e in errors),
                  (status, body))
    status, _, _ = request(server, "GET", "/health")
    check("the server is alive after every hostile number", status == 200)
    status, _, body = request(server, "PUT", "/api/orgs/ca/people", [{"id": "x2", "name": "X", "role": "volunteer", "maxMinutesPerWeek": 1e308}], coord)
    check("JSON 1e308 for a whole number is 400 naming the field", status == 400 and "maxMinutesPerWeek" in body["error"]["field"], body)
    status, _, body = request(server, "PUT", "/api/orgs/ca/people", [{"id": "x2", "name": "X", "role": "volunteer", "maxMinutesPerDay": 99999999}], coord)
    check("an hours limit beyond a day is 400 naming the field", status == 400 and body["error"]["field"] == "[0].maxMinutesPerDay", body)


def invitation_takeover(server, admin, coord):
    """Defect 2: an account named person-<id> was reused for the invitation of person <id>, whatever its role."""
    status, _ = server.http("POST", "/api/users", {"username": "person-ops", "role": "admin", "orgUnit": "d1", "password": "admin-ops-password"}, admin)
    check("an admin account named person-ops exists", status == 201)
    server.http("PUT", "/api/orgs/ca/people", [{"id": "ops", "name": "Ops", "role": "volunteer"}], coord)
    status, invitation = server.http("POST", "/api/people/ops/invitation", None, coord)
    check("the invitation is for a new volunteer account, not person-ops", status == 201 and invitation["user"]["username"] != "person-ops"
          and invitation["user"]["role"] == "volunteer" and invitation["user"]["orgUnit"] == "ca", invitation)
    status, session = server.http("POST", "/api/join", {"token": invitation["token"]})
    joined = session.get("user", {}) if status == 200 else {}
    check("joining gives exactly the person's role in the person's unit", joined.get("role") == "volunteer" and joined.get("orgUnit") == "ca"
          and joined.get("person") == "ops", session)
    token = session.get("token")
    status, units = server.http("GET", "/api/orgs", None, token)
    check("the joined volunteer sees only its own unit", status == 200 and [u["id"] for u in units] == ["ca"], units)
    status, _ = server.http("POST", "/api/users", {"username": "evil", "role": "admin", "orgUnit": "d1", "password": "evil-password-1"}, token)
    check("the joined volunteer cannot create accounts", status == 403)
    status, people = server.http("GET", "/api/orgs/s2/people", None, token)
    check("the joined volunteer reads no other street's people", status == 403)
    status, again = server.http("POST", "/api/people/ops/invitation", None, coord)
    check("a second invitation reuses the person's own invitation account", status == 201 and again["user"]["id"] == invitation["user"]["id"], again)


def stored_script(server, coord):
    """Defect 3: ids and titles were not validated and went into innerHTML."""
    hostile = 'x"><img src=x onerror=alert(1)>'
    task = {"id": hostile, "kind": "homeVisit", "site": {"lat": 30.6, "lon": 104.0}, "start": "2027-01-04T09:00",
            "end": "2027-01-04T10:00", "seats": [{"role": "volunteer", "count": 1}]}
    status, _, body = request(server, "PUT", "/api/orgs/ca/tasks", [task], coord)
    check("a task id with markup is 400 naming the id", status == 400 and body["error"]["field"] == "[0].id", body)
    status, _, body = request(server, "PUT", "/api/orgs/ca/people", [{"id": hostile, "name": "X", "role": "volunteer"}], coord)
    check("a person id with markup is 400 naming the id", status == 400 and body["error"]["field"] == "[0].id", body)
    pages = os.path.join(os.path.dirname(__file__), "..", "..", "public", "js")
    offenders = [name for name in os.listdir(pages) if name != "html.js" and "innerHTML" in open(os.path.join(pages, name), encoding="utf-8").read()]
    check("no page script but html.js assigns innerHTML", not offenders, offenders)
    status, headers, _ = request(server, "GET", "/index.html")
    check("the console is served with script-src 'self'", status == 200 and "script-src 'self'" in headers.get("content-security-policy", ""), headers)


def server_side_connections(port, peer):
    """Established TCP connections on the server's port from `peer`, read from /proc/net/tcp."""
    peer_hex = "".join(f"{int(part):02X}" for part in reversed(peer.split(".")))
    count = 0
    with open("/proc/net/tcp") as table:
        for line in table.readlines()[1:]:
            local, remote, state = line.split()[1:4]
            if state == "01" and int(local.split(":")[1], 16) == port and remote.split(":")[0] == peer_hex:
                count += 1
    return count


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def exhaustion(server):
    """Defect 4: 19,984 idle sockets reached the file limit and /health stopped answering. Here 2,000 idle sockets
    from 127.0.0.2 (30 times the per-address cap) while /health is asked from 127.0.0.1."""
    pid = server.process.pid
    baseline = len(os.listdir(f"/proc/{pid}/fd"))
    sockets = []
    for _ in range(2000):
        s = socket.socket()
        s.bind(("127.0.0.2", 0))
        s.setblocking(False)
        try:
            s.connect(("127.0.0.1", server.port))
        except BlockingIOError:
            pass
        sockets.append(s)
    time.sleep(0.5)
    held = len(os.listdir(f"/proc/{pid}/fd")) - baseline
    check(f"the server holds at most the per-address cap of idle sockets ({PER_ADDRESS})", held <= PER_ADDRESS + 5, held)
    latencies = []
    for _ in range(11):
        started = time.perf_counter()
        status, _, _ = request(server, "GET", "/health")
        latencies.append((time.perf_counter() - started) * 1000)
        assert status == 200
    check("/health answers in under 100 ms (median) while they are held", statistics.median(latencies) < 100, latencies)
    # A spinning core is a whole second of CPU a second, 2 s here whatever the machine's speed; refusing the
    # client's retried connections costs some, and more on a slow machine (0.89 s was seen on one running at about
    # 40% of its usual speed), so the line is drawn at three-quarters of a core.
    busy = cpu_seconds(pid)
    time.sleep(2)
    busy = cpu_seconds(pid) - busy
    check("no core spins while they are held (under 1.5 s of CPU in 2 s)", busy < 1.5, busy)
    # Seen from the server's side: a client socket the server never accepted (its accept queue was full) still
    # looks open to the client, so the kernel's table is the witness. Connections whose SYN the full queue dropped
    # arrive later as the client retries (after 1, 3, 7, 15 s), each admitted with its own deadline as the cap frees:
    # the server holds (as open files) at most the cap at any moment, and none once the retries are over. The
    # kernel's table also counts connections waiting in the accept queue, which hold no file of the server's.
    held_most, held_now, waited = 0, None, time.time()
    while time.time() - waited < 40:
        held_now = server_side_connections(server.port, "127.0.0.2")
        held_most = max(held_most, len(os.listdir(f"/proc/{pid}/fd")) - baseline)
        if held_now == 0 and time.time() - waited > FIRST_REQUEST_SECONDS + 1:
            break
        time.sleep(0.25)
    check("while they wait, the server never holds more than the cap of them", held_most <= PER_ADDRESS + 5, held_most)
    check("the server holds none of the idle sockets once their deadlines have passed", held_now == 0,
          (held_now, round(time.time() - waited, 1)))
    for s in sockets:
        s.close()
    # A TLS handshake completed, then nothing: the first-request deadline still applies.
    raw = socket.create_connection(("127.0.0.1", server.port))
    tls = server.context.wrap_socket(raw, server_hostname="localhost")
    tls.settimeout(FIRST_REQUEST_SECONDS + 3)
    started = time.time()
    try:
        ended = tls.recv(1) == b""
    except (ssl.SSLError, OSError):
        ended = True
    check("a TLS socket that sends no request is closed at the deadline", ended and time.time() - started < FIRST_REQUEST_SECONDS + 2.5)
    tls.close()
    # Slow headers: a request line, then nothing more.
    raw = socket.create_connection(("127.0.0.1", server.port))
    tls = server.context.wrap_socket(raw, server_hostname="localhost")
    tls.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
    tls.settimeout(FIRST_REQUEST_SECONDS + 3)
    try:
        ended = tls.recv(1) == b""
    except (ssl.SSLError, OSError):
        ended = True
    check("a request whose headers never end is closed at the deadline", ended)
    tls.close()
    time.sleep(0.5)
    check("descriptors are back to the baseline", len(os.listdir(f"/proc/{pid}/fd")) <= baseline + 3, len(os.listdir(f"/proc/{pid}/fd")) - baseline)


async def silent_push_socket(server):
    """A push socket that upgrades and never says hello is closed at the deadline."""
    socket_ = await websockets.connect(server.ws_uri(), ssl=server.context)
    started = time.time()
    try:
        await asyncio.wait_for(socket_.recv(), FIRST_REQUEST_SECONDS + 5)
        closed = False
    except websockets.ConnectionClosed:
        closed = True
    except asyncio.TimeoutError:
        closed = False
    check("a push socket without a hello is closed at the deadline", closed and time.time() - started < FIRST_REQUEST_SECONDS + 2)


def login(server):
    """Defect 5: lockout per address locked everyone; known and unknown users answered at different speeds."""
    admin = server.login("admin", server.admin_password)
    server.http("POST", "/api/users", {"username": "alice", "role": "coordinator", "orgUnit": "ca", "password": "alice-password"}, admin)
    server.http("POST", "/api/users", {"username": "bob", "role": "coordinator", "orgUnit": "ca", "password": "bob-password-1"}, admin)
    for _ in range(5):
        request(server, "POST", "/api/login", {"username": "alice", "password": "wrong"}, source="127.0.0.5")
    status, headers, body = request(server, "POST", "/api/login", {"username": "alice", "password": "alice-password"}, source="127.0.0.5")
    check("after 5 failures that user from that address waits (429 with Retry-After)", status == 429 and headers.get("retry-after", "").isdigit()
          and names_field(body), (status, headers.get("retry-after"), body))
    status, _, _ = request(server, "POST", "/api/login", {"username": "bob", "password": "bob-password-1"}, source="127.0.0.5")
    check("another user behind the same address still signs in", status == 200, status)
    status, _, _ = request(server, "POST", "/api/login", {"username": "alice", "password": "alice-password"}, source="127.0.0.6")
    check("the locked user still signs in from another address", status == 200, status)
    for _ in range(10):
        request(server, "POST", "/api/login", {"username": "bob", "password": "wrong"}, source="127.0.0.7")
    status, _, _ = request(server, "POST", "/api/login", {"username": "bob", "password": "bob-password-1"}, source="127.0.0.8")
    check("refused attempts from one address do not lock the account elsewhere", status == 200, status)

    def timed(username, source):
        started = time.perf_counter()
        request(server, "POST", "/api/login", {"username": username, "password": "wrong-password"}, source=source)
        return time.perf_counter() - started
    known = [timed("admin", f"127.0.1.{i}") for i in range(4)]
    unknown = [timed(f"nobody{i}", f"127.0.2.{i}") for i in range(4)]
    ratio = statistics.median(known) / statistics.median(unknown)
    check("a known and an unknown username take the same time (ratio within 0.5–2)", 0.5 <= ratio <= 2, (known, unknown))


def tls_and_headers(server):
    """Defect 6: TLS 1.0/1.1 accepted, no security headers."""
    for version in [ssl.TLSVersion.TLSv1, ssl.TLSVersion.TLSv1_1]:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        context.set_ciphers("ALL:@SECLEVEL=0")
        context.minimum_version = context.maximum_version = version
        refused = False
        try:
            with socket.create_connection(("127.0.0.1", server.port)) as raw, context.wrap_socket(raw) as tls:
                tls.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
                refused = tls.recv(1) == b""
        except (ssl.SSLError, OSError) as error:
            refused = "version" in str(error).lower() or "alert" in str(error).lower()
        check(f"{version.name} is refused by the server", refused)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.load_verify_locations(os.path.join(server.data_dir, "tls-cert.pem"))
    context.minimum_version = context.maximum_version = ssl.TLSVersion.TLSv1_2
    with socket.create_connection(("127.0.0.1", server.port)) as raw, context.wrap_socket(raw, server_hostname="localhost") as tls:
        check("TLS 1.2 is accepted", tls.version() == "TLSv1.2")
    for path in ["/", "/index.html", "/js/console.js", "/health", "/api/me", "/no-such-route", "/openapi.json", "/calendar/x.ics"]:
        status, headers, body = request(server, "GET", path)
        missing = [h for h in SECURITY_HEADERS if h not in headers]
        check(f"GET {path} ({status}) carries every security header", not missing, missing)
        if status >= 400:
            check(f"GET {path} ({status}) answers JSON naming the field", names_field(body), body)


async def sessions(server, admin):
    """Defect 7: logout left the push socket open; calendar tokens in plain text; /metrics public."""
    token = server.login("coord-ca", "coordinator-ca-pass")
    client = await PushClient(server, token).connect()
    status, _ = server.http("POST", "/api/logout", None, token)
    code = None
    try:
        while True:
            await asyncio.wait_for(client.socket.recv(), 5)
    except websockets.ConnectionClosed as closed:
        code = closed.rcvd.code if closed.rcvd else None
    except asyncio.TimeoutError:
        pass
    check("logout closes that session's push socket with code 4001", status == 204 and code == 4001, code)
    other = await PushClient(server, admin).connect()
    server.http("POST", "/api/orgs/ca/notices", {"text": "still here"}, admin)
    message = await other.wait_for(lambda m: m.get("event") == "notice.posted", 10)
    check("another session's socket stays open and receives events", message is not None)
    await other.close()
    socket_ = await websockets.connect(server.ws_uri(), ssl=server.context)
    await socket_.send(json.dumps({"type": "hello", "token": token}))
    try:
        reply = json.loads(await asyncio.wait_for(socket_.recv(), 5))
    except (websockets.ConnectionClosed, asyncio.TimeoutError):
        reply = {}
    check("the logged-out token opens no socket", reply.get("type") != "welcome", reply)
    await socket_.close()

    status, feed = server.http("POST", "/api/me/calendar", None, admin)
    secret = feed["url"].split("/")[-1].removesuffix(".ics")
    database = sqlite3.connect(os.path.join(server.data_dir, "tandem.sqlite"))
    stored = [row[0] for row in database.execute("SELECT calendar_token FROM users")]
    database.close()
    check("no calendar secret is stored as it is", status == 201 and all(secret not in value for value in stored), stored[:3])

    status, _, body = request(server, "GET", "/metrics")
    check("/metrics without the token is 401", status == 401 and names_field(body), status)
    status, _, body = request(server, "GET", "/metrics", token=METRICS_TOKEN)
    check("/metrics with the token answers", status == 200 and "tandem_" in body, status)


async def units_and_exports(server, admin, coord_street):
    """Defects 8 and 9: silent re-parenting; formula injection in schedule.csv; CR in the ICS feed."""
    person = {"id": "p-ca", "name": "王芳", "role": "volunteer"}
    server.http("PUT", "/api/orgs/ca/people", [person], admin)
    status, _, body = request(server, "PUT", "/api/orgs/cb/people", [dict(person, name="moved")], coord_street)
    check("an id held by another unit is 409", status == 409, body)
    check("the 409 does not name the other unit", "ca" not in body["error"]["reason"].split() and "玉林社区" not in body["error"]["reason"], body)
    _, people = server.http("GET", "/api/orgs/ca/people", None, admin)
    check("the person stays where it was, unchanged", any(p["id"] == "p-ca" and p["name"] == "王芳" for p in people), people)
    status, _, body = request(server, "POST", "/api/orgs/cb/people/import", "id,name,role\np-ca,moved,volunteer\n", coord_street, "text/csv")
    check("a CSV row with another unit's id is refused in the row report", status == 207 and body["errors"][0]["field"] == "id", body)

    formula = "=CMD|' /C calc'!A0"
    server.http("PUT", "/api/orgs/cb/people", [{"id": "v-cb", "name": formula, "role": "volunteer"}], admin)
    task = {"id": "t-cb", "kind": "homeVisit", "title": "+SUM(1)", "notes": "bring keys\rand\r\nthe form", "site": {"lat": 30.6, "lon": 104.0},
            "start": "2027-01-05T09:00", "end": "2027-01-05T10:00", "seats": [{"role": "volunteer", "count": 1}]}
    status, _ = server.http("PUT", "/api/orgs/cb/tasks", [task], admin)
    check("a task with a formula title and CR in its notes is stored", status == 200)
    watcher = await PushClient(server, admin).connect()
    status, job = server.http("POST", "/api/orgs/cb/solves", {"week": "2027-01-04", "seconds": 0.5}, admin)
    done = await watcher.wait_for(lambda m: m.get("event") == "solve.finished" and m["data"]["id"] == job["id"], 60)
    version = done["data"]["version"]
    server.http("POST", f"/api/versions/{version}/publish", None, admin)
    await watcher.close()
    status, _, csv = request(server, "GET", f"/api/versions/{version}/schedule.csv", token=admin)
    cells = [cell for line in csv.lstrip("\ufeff").splitlines()[1:] for cell in line.split(",")]
    dangerous = [c for c in cells if c[:1] in "=+-@\t\r" or c[:2] in ('"=', '"+', '"-', '"@')]
    check("no exported cell starts a formula", status == 200 and formula[1:4] in csv and not dangerous, dangerous)
    status, invitation = server.http("POST", "/api/people/v-cb/invitation", None, admin)
    volunteer = server.http("POST", "/api/join", {"token": invitation["token"]})[1]["token"]
    _, feed = server.http("POST", "/api/me/calendar", None, volunteer)
    status, _, ics = request(server, "GET", feed["url"], raw=True)
    bare_cr = ics.replace(b"\r\n", b"").count(b"\r")
    check("the ICS feed escapes CR and LF in notes", status == 200 and b"bring keys" in ics and bare_cr == 0, ics[-400:])


def junk(server, coord):
    """Defect 10: junk accepted and stored; GBK CSV refused; 413 without JSON."""
    base = {"name": "X", "role": "volunteer"}
    for bad in [" ", "\u0000", "../../etc/passwd", "a" * 5000, "a/b", "x@2027-01-04", ""]:
        status, _, body = request(server, "PUT", "/api/orgs/ca/people", [dict(base, id=bad)], coord)
        check(f"person id {bad[:20]!r} is 400 naming the id", status == 400 and body["error"]["field"] == "[0].id", body)
    for name in ["", "   ", "a\u0000b", "x" * 101, "line\nbreak"]:
        status, _, body = request(server, "PUT", "/api/orgs/ca/people", [dict(base, id="junk1", name=name)], coord)
        check(f"name {name[:12]!r} is 400 naming the name", status == 400 and body["error"]["field"] == "[0].name", body)
    big = "名" * ((3 << 20) // 3)
    status, _, body = request(server, "POST", "/api/orgs/ca/people/import", f"id,name,role\nbig,{big},volunteer\n", coord, "text/csv")
    check("a 3 MB name in a CSV row is refused naming the name", status == 207 and body["errors"][0]["field"] == "name", str(body)[:200])
    task = {"id": "junk-task", "kind": "nonsense", "site": {"lat": 30.6, "lon": 104.0}, "start": "2027-01-04T09:00",
            "end": "2027-01-04T10:00", "seats": [{"role": "volunteer", "count": 1}]}
    status, _, body = request(server, "PUT", "/api/orgs/ca/tasks", [task], coord)
    check("an unknown task kind is 400 naming the kind", status == 400 and body["error"]["field"] == "[0].kind" and "homeVisit" in body["error"]["reason"], body)
    status, _, body = request(server, "PUT", "/api/orgs/ca/tasks", [dict(task, kind="homeVisit", start="0000-01-03T09:00", end="0000-01-03T10:00")], coord)
    check("a task in year 0000 is 400 naming the date", status == 400 and body["error"]["field"] in ("[0].start", "[0].end"), body)
    status, _, body = request(server, "PUT", "/api/orgs/ca/tasks", [dict(task, kind="homeVisit", title="t" * 201)], coord)
    check("a 201-character title is 400 naming the title", status == 400 and body["error"]["field"] == "[0].title", body)
    status, _, body = request(server, "GET", "/api/orgs/ca/people", token=coord)
    check("nothing of the junk was stored", status == 200 and not any(p["id"] in ("junk1", "big") for p in body), [p["id"] for p in body])
    gbk = "id,name,role,skills\ngbk1,张三,volunteer,烹饪\n".encode("gb18030")
    status, _, body = request(server, "POST", "/api/orgs/ca/people/import", gbk, coord, "text/csv")
    check("a GB18030 CSV is read and says so", status == 200 and body.get("encoding") == "GB18030" and body["imported"] == 1, body)
    _, _, people = request(server, "GET", "/api/orgs/ca/people", token=coord)
    check("its Chinese name arrives intact", any(p["id"] == "gbk1" and p["name"] == "张三" and p["skills"] == ["烹饪"] for p in people))
    status, _, body = request(server, "POST", "/api/orgs/ca/people/import", b"id,name,role\n\xff\xfe\xfa,x,volunteer\n\x81", coord, "text/csv")
    check("bytes that are neither UTF-8 nor GB18030 are 400 naming the body", status == 400 and body["error"]["field"] == "body", body)
    status, _, body = request(server, "PUT", "/api/orgs/ca/people", b"[" + b" " * (5 << 20) + b"]", coord)
    check("a body over the limit is 413 with a JSON body naming the field", status == 413 and names_field(body), (status, str(body)[:100]))


async def scenario(binary):
    data = tempfile.mkdtemp(prefix="tandem-security-")
    os.environ["TANDEM_METRICS_TOKEN"] = METRICS_TOKEN
    server = Server(binary, data, extra=["--first-request-timeout", str(FIRST_REQUEST_SECONDS),
                                         "--max-pending-per-address", str(PER_ADDRESS)]).start()
    del os.environ["TANDEM_METRICS_TOKEN"]
    try:
        admin, coord, coord_street = await setup(server)
        csv_numbers(server, coord)
        invitation_takeover(server, admin, coord)
        stored_script(server, coord)
        exhaustion(server)
        await silent_push_socket(server)
        login(server)
        tls_and_headers(server)
        await sessions(server, admin)
        await units_and_exports(server, admin, coord_street)
        junk(server, coord)
        check("the server never crashed", server.process.poll() is None)
    finally:
        server.kill()


check.run(scenario)
