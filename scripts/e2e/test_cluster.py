"""Three `tandem serve` instances on one PostgreSQL: clients spread over all three, 5,000 events posted round-robin
to all three. Every client must get every event in its scope exactly once, in log order. One instance is killed
(SIGKILL) mid-burst, the one running a solve: its clients resume on another with nothing lost or repeated, and the
solve completes on another instance. Prints `e2e-cluster: N passed, N failed`.

Uses the PostgreSQL server in TANDEM_TEST_POSTGRES (scripts/test starts one), or starts its own with
scripts/postgres."""
import asyncio
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid

from tandem_client import WEEK, Checks, PushClient, Server, read_resuming

check = Checks("e2e-cluster")

TOTAL = 5_000
BATCH = 10
INSTANCES = 3
SOLVE_SECONDS = 6
LEASE_SECONDS = 3
HERE = os.path.dirname(os.path.abspath(__file__))


def postgres_server():
    """The server's URL, and how to stop it if this test started it."""
    given = os.environ.get("TANDEM_TEST_POSTGRES")
    if given:
        return given, lambda: None
    folder = tempfile.mkdtemp(prefix="tandem-cluster-pg-")
    script = os.path.join(HERE, "..", "postgres")
    url = subprocess.run([script, "start", folder, "55439"], check=True, capture_output=True, text=True).stdout.strip()
    return url, lambda: subprocess.run([script, "stop", folder], check=False)


def fresh_database(server_url):
    name = "tandem_cluster_" + uuid.uuid4().hex[:12]
    subprocess.run(["psql", server_url, "-qc", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    base, _, query = server_url.partition("?")
    return base.rsplit("/", 1)[0] + "/" + name + ("?" + query if query else "")


def seed(server, admin):
    for unit in [{"id": "d1", "name": "朝阳区", "level": "district"},
                 {"id": "s1", "name": "建外街道", "level": "street", "parent": "d1"},
                 {"id": "c1", "name": "永安里社区", "level": "community", "parent": "s1"},
                 {"id": "s2", "name": "呼家楼街道", "level": "street", "parent": "d1"}]:
        assert server.http("POST", "/api/orgs", unit, admin)[0] == 201
    week = json.loads(subprocess.run([sys.argv[1], "generate", "--people", "40", "--tasks", "120", "--seed", "7"],
                                     check=True, capture_output=True, text=True).stdout)
    status, body = server.http("PUT", "/api/orgs/c1/people", week["people"] + [{"id": "v1", "name": "张伟", "role": "volunteer"}], admin)
    assert status == 200, (status, body)
    status, body = server.http("PUT", "/api/orgs/c1/tasks", week["tasks"], admin)
    assert status == 200, (status, body)
    for name, unit in [("coord-s1", "s1"), ("coord-s2", "s2")]:
        assert server.http("POST", "/api/users", {"username": name, "role": "coordinator", "orgUnit": unit,
                                                  "password": "coordinator-pass"}, admin)[0] == 201
    _, invitation = server.http("POST", "/api/people/v1/invitation", None, admin)
    _, joined = server.http("POST", "/api/join", {"token": invitation["token"]})
    return {"admin": admin, "coord-s1": server.login("coord-s1", "coordinator-pass"),
            "coord-s2": server.login("coord-s2", "coordinator-pass"), "volunteer": joined["token"]}


async def scenario(binary):
    server_url, stop_postgres = postgres_server()
    try:
        await run(binary, fresh_database(server_url))
    finally:
        stop_postgres()


async def run(binary, database):
    extra = ["--database", database, "--lease", str(LEASE_SECONDS)]
    servers = [Server(binary, tempfile.mkdtemp(prefix=f"tandem-cluster-{i}-"), extra=extra).start() for i in range(INSTANCES)]
    dead = set()
    survivors = lambda: [s for s in servers if s not in dead]
    try:
        admin = servers[0].login("admin", servers[0].admin_password)
        check("three instances started on one PostgreSQL database, one admin between them",
              all(s.http("GET", "/api/orgs", None, admin)[0] == 200 for s in servers))
        tokens = seed(servers[1], admin)
        check("people and tasks written at one instance are read at another",
              len(servers[2].http("GET", "/api/orgs/c1/tasks", None, admin)[1]) > 50)

        clients = {}
        for i, s in enumerate(servers):
            for name, token in tokens.items():
                client = await PushClient(s, token).connect()
                client.resumes, client.name = [], f"{name}@{i}"
                clients[client.name] = client
        stop = asyncio.Event()
        def server_for(client):
            """The same instance while it lives; when it has died, another (the clients of a dead one spread)."""
            alive = survivors()
            return client.server if client.server in alive else alive[sum(map(ord, client.name)) % len(alive)]

        readers = [asyncio.create_task(read_resuming(c, stop, server_for)) for c in clients.values()]

        # A solve, submitted at one instance and taken by whichever is free: that instance is the one killed.
        status, job = servers[0].http("POST", "/api/orgs/c1/solves", {"week": WEEK, "seconds": SOLVE_SECONDS}, admin)
        check("a solve is queued", status == 202, (status, job))
        deadline, victim = time.time() + 20, None
        while victim is None and time.time() < deadline:
            victim = next((s for s in servers if s.metric("tandem_solve_running", 0) >= 1), None)
            await asyncio.sleep(0.05)
        check("one instance took the solve", victim is not None)
        victim = victim or servers[2]

        acknowledged, kill_at = [], TOTAL * 2 // 5
        loop = asyncio.get_running_loop()
        pool = concurrent.futures.ThreadPoolExecutor(INSTANCES)
        turn = [0]

        def post(n):
            unit = "s2" if n % 5 == 4 else "s1"
            alive = survivors()
            target = alive[turn[0] % len(alive)]
            turn[0] += 1
            return target.http("POST", f"/api/orgs/{unit}/notices", {"text": f"通知 {n}", "repeatCount": BATCH}, admin)

        async def producer(lane):
            n = lane
            while len(acknowledged) < TOTAL:
                try:
                    status, body = await loop.run_in_executor(pool, post, n)
                    if status == 201:
                        acknowledged.extend(body["seqs"])
                        n += INSTANCES
                except Exception:
                    await asyncio.sleep(0.05)  # the instance died: lost or committed, never acknowledged

        async def killer():
            while len(acknowledged) < kill_at:
                await asyncio.sleep(0.001)
            await asyncio.sleep(0.007)  # inside a request, not between two
            dead.add(victim)
            victim.kill()

        started = time.time()
        await asyncio.gather(*(producer(lane) for lane in range(INSTANCES)), killer())
        burst = time.time() - started
        await asyncio.sleep(2)

        check(f"{TOTAL} events acknowledged round-robin across the instances in {burst:.1f} s", len(acknowledged) >= TOTAL,
              len(acknowledged))
        check("the instance running the solve was killed mid-burst", victim in dead and victim.process.poll() is not None)
        # The solve: its lease runs out and another instance runs it to the end.
        alive = survivors()[0]
        deadline, final = time.time() + LEASE_SECONDS + SOLVE_SECONDS * 4 + 30, None
        while time.time() < deadline:
            final = alive.http("GET", f"/api/solves/{job['id']}", None, admin)[1]
            if final.get("status") in ("done", "failed", "cancelled"):
                break
            await asyncio.sleep(0.5)
        check("the killed instance's solve completed on another instance", final and final.get("status") == "done", final)
        await asyncio.sleep(1)
        stop.set()
        await asyncio.gather(*readers)

        moved = [c for c in clients.values() if c.resumes]
        check("the killed instance's clients (and only they) resumed on another instance, completely",
              len(moved) == len(tokens) and all(all(c.resumes) for c in moved)
              and all(c.server is not victim for c in moved), [(c.name, c.resumes) for c in moved])
        admin_seen = None
        for client in clients.values():
            replay = await PushClient(alive, tokens[client.name.split("@")[0]]).connect_from(0, client.epoch)
            await replay.drain(1.0)
            await replay.close()
            got, truth = [m["seq"] for m in client.events], [m["seq"] for m in replay.events]
            check(f"{client.name}: every event in its scope once, in log order ({len(got)} events)",
                  got == truth and len(got) == len(set(got)), (len(got), len(truth)))
            if client.name == "admin@0":
                admin_seen = set(got)
        check("every acknowledged event reached the clients", set(acknowledged) <= (admin_seen or set()),
              len(set(acknowledged) - (admin_seen or set())))
        notices = [m for m in clients["admin@0"].events if m["event"] == "notice.posted"]
        s2 = sum(1 for m in notices if m["data"]["orgUnit"] == "s2")
        for i in range(INSTANCES):
            seen = sum(1 for m in clients[f"coord-s2@{i}"].events if m["event"] == "notice.posted")
            check(f"scopes hold across instances: s2's coordinator on instance {i} saw exactly s2's notices", seen == s2, (seen, s2))
        progress = {name: sum(1 for m in c.live if m.get("type") == "solve.progress" and m.get("job") == job["id"])
                    for name, c in clients.items() if name.startswith("admin@")}
        check("the solve's live progress reached the coordinators of every instance, not only the one solving",
              all(count > 0 for count in progress.values()), progress)
        finished = [m for m in clients["admin@1"].events if m["event"] == "solve.finished" and m["data"]["id"] == job["id"]]
        check("the solve's end reached clients on every instance (once)", len(finished) == 1, len(finished))
        for client in clients.values():
            await client.close()
    finally:
        for s in servers:
            s.kill()


if __name__ == "__main__":
    check.run(scenario)
