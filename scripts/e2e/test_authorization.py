"""Authorisation matrix against a real `tandem serve`: every endpoint x role (admin, street coordinator, social
worker, volunteer, anonymous) x a target inside or outside the role's scope, each answer as expected.
State-changing calls that are allowed are made to fail after the access check where repeating them would change
the setup (an answered offer -> 409), so a 409 means "allowed", a 403 "refused". Prints `e2e-authz: N passed, N failed`."""
import itertools
import tempfile

from tandem_client import Checks, PushClient, Server, WEEK

check = Checks("e2e-authz", show_passes=False)

counter = itertools.count()


def person_csv(pid):
    return f"id,name,role\n{pid},测试{pid},volunteer\n"


def task_csv(tid):
    return f"id,kind,date,start,end,lat,lon,seats\n{tid},homeVisit,2026-12-01,09:00,10:00,39.9,116.4,volunteer:1\n"


async def setup(server):
    admin = server.login("admin", server.admin_password)
    for unit in [{"id": "d1", "name": "朝阳区", "level": "district"},
                 {"id": "s1", "name": "建外街道", "level": "street", "parent": "d1"},
                 {"id": "c1", "name": "永安里社区", "level": "community", "parent": "s1"},
                 {"id": "s2", "name": "呼家楼街道", "level": "street", "parent": "d1"},
                 {"id": "c2", "name": "关东店社区", "level": "community", "parent": "s2"}]:
        status, _ = server.http("POST", "/api/orgs", unit, admin)
        assert status == 201
    ids = {}
    for c, n in [("c1", "1"), ("c2", "2")]:
        people = [{"id": f"v{n}", "name": f"志愿者{n}", "role": "volunteer", "credentials": []},
                  {"id": f"sw{n}", "name": f"社工{n}", "role": "socialWorker"}]
        assert server.http("PUT", f"/api/orgs/{c}/people", people, admin)[0] == 200
        tasks = [{"id": f"t{n}", "kind": "homeVisit", "site": {"lat": 39.9, "lon": 116.4}, "start": "2026-12-01T09:00",
                  "end": "2026-12-01T10:00", "seats": [{"role": "volunteer", "count": 1}]}]
        assert server.http("PUT", f"/api/orgs/{c}/tasks", tasks, admin)[0] == 200
    server.http("POST", "/api/users", {"username": "coord-s1", "role": "coordinator", "orgUnit": "s1", "password": "coordinator-pass"}, admin)
    server.http("POST", "/api/users", {"username": "sw-c1", "role": "socialWorker", "orgUnit": "c1", "person": "sw1",
                                       "password": "socialworker-pass"}, admin)
    tokens = {"admin": admin, "coordinator": server.login("coord-s1", "coordinator-pass"),
              "socialWorker": server.login("sw-c1", "socialworker-pass"), "anonymous": None}
    for n in ["1", "2"]:
        status, invitation = server.http("POST", f"/api/people/v{n}/invitation", None, admin)
        tokens[f"v{n}"] = server.http("POST", "/api/join", {"token": invitation["token"]})[1]["token"]
    tokens["volunteer"] = tokens["v1"]
    watcher = await PushClient(server, admin).connect()
    for c, n in [("c1", "1"), ("c2", "2")]:
        status, job = server.http("POST", f"/api/orgs/{c}/solves", {"week": WEEK, "seconds": 0.5}, admin)
        done = await watcher.wait_for(lambda m: m.get("event") == "solve.finished" and m["data"]["id"] == job["id"], 60)
        version = done["data"]["version"]
        assert server.http("POST", f"/api/versions/{version}/publish", None, admin)[0] == 200
        ids[f"job_{c}"], ids[f"version_{c}"] = job["id"], version
        offer = next(o for o in server.http("GET", f"/api/orgs/{c}/offers?week={WEEK}", None, admin)[1] if o["person"] == f"v{n}")
        assert server.http("POST", f"/api/offers/{offer['id']}/accept", None, tokens[f"v{n}"])[0] == 200
        ids[f"offer_{c}"] = offer["id"]
    await watcher.close()
    return tokens, ids


ROLES = ["admin", "coordinator", "socialWorker", "volunteer", "anonymous"]


def matrix(ids):
    """(name, method, path(scope), body(scope), content type, {role: (inside, outside)})."""
    manager = {"admin": (None, None), "coordinator": (None, 403), "socialWorker": (403, 403), "volunteer": (403, 403), "anonymous": (401, 401)}
    staff = {"admin": (200, 200), "coordinator": (200, 403), "socialWorker": (200, 403), "volunteer": (403, 403), "anonymous": (401, 401)}
    anyone = {r: (200, 200) for r in ROLES[:-1]} | {"anonymous": (401, 401)}
    own_offer = {"admin": (409, 409), "coordinator": (409, 403), "socialWorker": (403, 403), "volunteer": (409, 403), "anonymous": (401, 401)}
    fill = lambda table, ok: {r: tuple(ok if v is None else v for v in pair) for r, pair in table.items()}
    street = lambda c: "s1" if c == "c1" else "s2"
    return [
        ("list org units", "GET", lambda c: "/api/orgs", None, None, anyone),
        ("create an org unit", "POST", lambda c: "/api/orgs",
         lambda c: {"id": f"n{next(counter)}", "name": "新社区", "level": "community", "parent": street(c)}, None, fill(manager, 201)),
        ("create a user", "POST", lambda c: "/api/users",
         lambda c: {"username": f"user{next(counter)}", "role": "coordinator", "orgUnit": c, "password": "long-enough-pass"}, None,
         fill(manager, 201)),
        ("invite a person", "POST", lambda c: f"/api/people/{'v1' if c == 'c1' else 'v2'}/invitation", None, None, fill(manager, 201)),
        ("list people", "GET", lambda c: f"/api/orgs/{c}/people", None, None, staff),
        ("put people", "PUT", lambda c: f"/api/orgs/{c}/people",
         lambda c: [{"id": f"p{next(counter)}", "name": "新人", "role": "volunteer"}], None, fill(manager, 200)),
        ("import people", "POST", lambda c: f"/api/orgs/{c}/people/import", lambda c: person_csv(f"p{next(counter)}"), "text/csv",
         fill(manager, 200)),
        ("list tasks", "GET", lambda c: f"/api/orgs/{c}/tasks", None, None, staff),
        ("put tasks", "PUT", lambda c: f"/api/orgs/{c}/tasks",
         lambda c: [{"id": f"x{next(counter)}", "kind": "homeVisit", "site": {"lat": 39.9, "lon": 116.4},
                     "start": "2026-12-08T09:00", "end": "2026-12-08T10:00", "seats": [{"count": 1}]}], None, fill(manager, 200)),
        ("import tasks", "POST", lambda c: f"/api/orgs/{c}/tasks/import", lambda c: task_csv(f"x{next(counter)}"), "text/csv",
         fill(manager, 200)),
        ("start a solve", "POST", lambda c: f"/api/orgs/{c}/solves", lambda c: {"week": "2026-12-07", "seconds": 0.1}, None,
         fill(manager, 202)),
        ("read a solve job", "GET", lambda c: f"/api/solves/{ids['job_' + c]}", None, None, staff),
        ("cancel a finished solve", "POST", lambda c: f"/api/solves/{ids['job_' + c]}/cancel", None, None, fill(manager, 409)),
        ("list versions", "GET", lambda c: f"/api/orgs/{c}/versions", None, None, staff),
        ("check a person for a seat", "GET",
         lambda c: f"/api/versions/{ids['version_' + c]}/seats/t{c[1]}/0/check?person=v{c[1]}", None, None, staff),
        ("pin a person to a seat", "POST", lambda c: f"/api/versions/{ids['version_' + c]}/seats/t{c[1]}/0/pin",
         lambda c: {"person": f"v{c[1]}"}, None, fill(manager, 201)),
        ("read a unit's plugin setting", "GET", lambda c: f"/api/orgs/{c}/plugins", None, None, staff),
        ("list a unit's plugins", "GET", lambda c: f"/api/plugins?org={c}", None, None,
         staff | {"volunteer": (200, 403)}),
        ("set a unit's plugins", "PUT", lambda c: f"/api/orgs/{c}/plugins", lambda c: {"enabled": None}, None, fill(manager, 200)),
        ("read a unit's rules", "GET", lambda c: f"/api/orgs/{c}/rules", None, None, staff),
        ("set a unit's rules", "PUT", lambda c: f"/api/orgs/{c}/rules", lambda c: {}, None, fill(manager, 200)),
        ("seats other units staff", "GET", lambda c: f"/api/orgs/{c}/held-seats?week={WEEK}", None, None, staff),
        ("read a version", "GET", lambda c: f"/api/versions/{ids['version_' + c]}", None, None, staff),
        ("publish a published version", "POST", lambda c: f"/api/versions/{ids['version_' + c]}/publish", None, None, fill(manager, 409)),
        ("export a version as CSV", "GET", lambda c: f"/api/versions/{ids['version_' + c]}/schedule.csv", None, None, staff),
        ("list a week's offers", "GET", lambda c: f"/api/orgs/{c}/offers?week={WEEK}", None, None, staff),
        ("accept an answered offer", "POST", lambda c: f"/api/offers/{ids['offer_' + c]}/accept", None, None, own_offer),
        ("decline an answered offer", "POST", lambda c: f"/api/offers/{ids['offer_' + c]}/decline", None, None, own_offer),
        ("check out before check-in", "POST", lambda c: f"/api/offers/{ids['offer_' + c]}/checkout", None, None, own_offer),
        ("post a notice", "POST", lambda c: f"/api/orgs/{c}/notices", lambda c: {"text": "通知"}, None, fill(manager, 201)),
        ("my offers", "GET", lambda c: "/api/me/offers", None, None, anyone),
        ("my hours", "GET", lambda c: "/api/me/hours", None, None, anyone),
        ("my calendar link", "GET", lambda c: "/api/me/calendar", None, None, anyone),
        ("who am I", "GET", lambda c: "/api/me", None, None, anyone),
        ("health", "GET", lambda c: "/health", None, None, {r: (200, 200) for r in ROLES}),
        ("OpenAPI document", "GET", lambda c: "/openapi.json", None, None, {r: (200, 200) for r in ROLES}),
        ("metrics", "GET", lambda c: "/metrics", None, None, {r: (200, 200) for r in ROLES}),
    ]


async def scenario(binary):
    server = Server(binary, tempfile.mkdtemp(prefix="tandem-authz-")).start()
    try:
        tokens, ids = await setup(server)
        cells = 0
        for name, method, path, body, kind, expected in matrix(ids):
            for role in ROLES:
                for scope, c in [("inside", "c1"), ("outside", "c2")]:
                    want = expected[role][0 if scope == "inside" else 1]
                    payload = body(c) if body else None
                    status, answer = server.http(method, path(c), payload, tokens[role], kind or "application/json")
                    cells += 1
                    check(f"{name} as {role} {scope}: {want}", status == want, (status, answer if status >= 400 else ""))
                    if status >= 400 and not (isinstance(answer, dict) and answer.get("error", {}).get("reason")):
                        check(f"{name} as {role} {scope}: the refusal says why in JSON", False, answer)
        print(f"authorisation matrix: {cells} cells")
    finally:
        server.kill()


if __name__ == "__main__":
    check.run(scenario)
