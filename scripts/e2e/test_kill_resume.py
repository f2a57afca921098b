"""Kill -9 during a burst of 10,000 events, restart, and check that every push client resumes with zero lost and
zero duplicated events: each client's stream (across the crash) must equal a full replay of what it may see, and
every event the server acknowledged before dying must be there. Prints `e2e-kill: N passed, N failed`."""
import asyncio
import concurrent.futures
import socket
import tempfile

from tandem_client import Checks, PushClient, Server, read_resuming

check = Checks("e2e-kill")

TOTAL = 10_000
BATCH = 50


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def scenario(binary):
    data = tempfile.mkdtemp(prefix="tandem-kill-")
    port = free_port()
    server = Server(binary, data).start(port)
    admin = server.login("admin", server.admin_password)
    for unit in [{"id": "d1", "name": "朝阳区", "level": "district"},
                 {"id": "s1", "name": "建外街道", "level": "street", "parent": "d1"},
                 {"id": "c1", "name": "永安里社区", "level": "community", "parent": "s1"},
                 {"id": "s2", "name": "呼家楼街道", "level": "street", "parent": "d1"}]:
        server.http("POST", "/api/orgs", unit, admin)
    server.http("PUT", "/api/orgs/c1/people", [{"id": "v1", "name": "张伟", "role": "volunteer"}], admin)
    for name, unit in [("coord-s1", "s1"), ("coord-s2", "s2")]:
        server.http("POST", "/api/users", {"username": name, "role": "coordinator", "orgUnit": unit, "password": "coordinator-pass"}, admin)
    status, invitation = server.http("POST", "/api/people/v1/invitation", None, admin)
    status, joined = server.http("POST", "/api/join", {"token": invitation["token"]})
    tokens = {"admin": admin, "coord-s1": server.login("coord-s1", "coordinator-pass"),
              "coord-s2": server.login("coord-s2", "coordinator-pass"), "volunteer": joined["token"]}
    clients = {}
    for name, token in tokens.items():
        client = await PushClient(server, token).connect()
        client.resumes = []
        clients[name] = client
    stop = asyncio.Event()
    readers = [asyncio.create_task(read_resuming(c, stop)) for c in clients.values()]

    acknowledged, killed_at, restarted = [], None, False
    loop = asyncio.get_running_loop()
    pool = concurrent.futures.ThreadPoolExecutor(1)
    server_up = asyncio.Event()
    server_up.set()

    def post(unit, n):
        return server.http("POST", f"/api/orgs/{unit}/notices", {"text": f"通知 {n}", "repeatCount": BATCH}, admin)

    async def producer():
        n = 0
        while len(acknowledged) < TOTAL:
            await server_up.wait()
            unit = "s2" if n % 5 == 4 else "s1"
            try:
                status, body = await loop.run_in_executor(pool, post, unit, n)
                if status == 201:
                    acknowledged.extend(body["seqs"])
                    n += 1
            except Exception:
                await asyncio.sleep(0.05)  # the server is down: the request was lost or committed, never acknowledged

    async def killer():
        nonlocal killed_at, restarted
        while len(acknowledged) < TOTAL * 2 // 5:
            await asyncio.sleep(0.001)
        await asyncio.sleep(0.013)  # land inside a request, not between two
        killed_at = len(acknowledged)
        server_up.clear()
        server.kill()  # SIGKILL: no shutdown, nothing flushed beyond what each commit made durable
        await asyncio.sleep(0.5)
        server.start(port)
        restarted = True
        server_up.set()

    await asyncio.gather(producer(), killer())
    await asyncio.sleep(2)
    stop.set()
    await asyncio.gather(*readers)

    check("the server was killed mid-burst and restarted", restarted and killed_at and killed_at < TOTAL)
    check(f"{TOTAL} events were acknowledged", len(acknowledged) >= TOTAL, len(acknowledged))
    for name, client in clients.items():
        check(f"{name} reconnected after the crash and the resume was complete",
              client.resumes and all(client.resumes), client.resumes)
        replay = await PushClient(server, tokens[name]).connect_from(0, client.epoch)
        await replay.drain(1.0)
        await replay.close()
        got, truth = [m["seq"] for m in client.events], [m["seq"] for m in replay.events]
        check(f"{name}: no event lost and none twice ({len(got)} events across the crash)",
              got == truth and len(got) == len(set(got)), (len(got), len(truth)))
    admin_seen = {m["seq"] for m in clients["admin"].events}
    check("every acknowledged event survived the kill", set(acknowledged) <= admin_seen, len(set(acknowledged) - admin_seen))
    by_unit = {}
    for m in clients["admin"].events:
        by_unit[m["data"]["orgUnit"]] = by_unit.get(m["data"]["orgUnit"], 0) + 1
    s1_count = sum(1 for m in clients["coord-s1"].events if m["event"] == "notice.posted")
    s2_count = sum(1 for m in clients["coord-s2"].events if m["event"] == "notice.posted")
    check("scopes held through the crash: each street's coordinator saw exactly their street's notices",
          s1_count == by_unit.get("s1") and s2_count == by_unit.get("s2"), (s1_count, s2_count, by_unit))
    check("the volunteer in c1 saw exactly the street's notices", len(clients["volunteer"].events) == by_unit.get("s1"))
    for client in clients.values():
        await client.close()
    server.kill()


if __name__ == "__main__":
    check.run(scenario)
