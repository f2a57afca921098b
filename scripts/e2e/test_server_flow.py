"""End-to-end: a real `tandem serve` (TLS, SQLite file) driven over HTTPS and WSS the way a coordinator and
volunteers use it: org tree, CSV import, solve, publish, offers pushed, decline -> re-plan -> next person, accept
-> pinned, attendance -> time bank, calendar feed, scope checks and bad input. Prints `e2e-server: N passed, N failed`."""
import signal
import tempfile

from raw_deflate import RawSocket, check_deflate, check_upgrade_path
from slow_client import check_slow_client
from ws_framing import check_client_hangs_up, check_framing, check_heartbeat
from tandem_client import Checks, PushClient, Server, WEEK

check = Checks("e2e-server")

PEOPLE_CSV = """id,name,role,credentials,skills,languages,lat,lon,availability,max_hours_week
sw1,王芳,socialWorker,socialWorkerCertificate:2@2027-12-31,,zh,39.905,116.45,mon-sun 07:00-21:00,40
sw2,李强,socialWorker,socialWorkerCertificate:1@2027-12-31,,zh,39.906,116.452,mon-sun 07:00-21:00,40
v1,张伟,volunteer,foodHygiene@2027-06-30;firstAid,,zh,39.904,116.451,mon-sun 07:00-21:00,20
v2,刘洋,volunteer,foodHygiene@2027-06-30,,zh,39.907,116.449,mon-sun 07:00-21:00,20
v3,陈静,volunteer,foodHygiene@2027-06-30,,zh,39.903,116.453,mon-sun 07:00-21:00,20
v4,杨磊,volunteer,firstAid,,zh,39.905,116.447,mon-sun 07:00-21:00,20
v5,赵敏,volunteer,foodHygiene@2027-06-30;firstAid,,zh,39.908,116.45,mon-sun 07:00-21:00,20
v6,黄丽,volunteer,firstAid,,zh,39.902,116.448,mon-sun 07:00-21:00,20
bad1,坏行,wizard,,,,39.9,116.4,,
"""
TASKS_CSV = """id,kind,title,date,start,end,lat,lon,site,seats,priority,client,field.meal,field.canteenLat,field.canteenLon,field.dietaryNote,field.station
meal-mon,mealDelivery,午餐送餐 Lunch round,2026-11-30,11:00,12:30,39.905,116.45,社区食堂,volunteer:1:foodHygiene,7,elder-01,lunch,39.904,116.449,低盐,
meal-wed,mealDelivery,午餐送餐 Lunch round,2026-12-02,11:00,12:30,39.905,116.45,社区食堂,volunteer:1:foodHygiene,7,elder-01,lunch,39.904,116.449,低盐,
visit-tue,homeVisit,入户探访 Home visit,2026-12-01,14:00,15:30,39.906,116.451,独居老人家,socialWorker:1:socialWorkerCertificate;volunteer:1,red,elder-02,,,,,
station-thu,stationShift,户外劳动者服务站,2026-12-03,09:00,13:00,39.904,116.449,暖心驿站,volunteer:2:firstAid,5,,,,,,station-1
bad-task,homeVisit,,2026-12-41,15:00,16:00,39.9,116.4,,volunteer:1,5,,,,,,
"""


async def scenario(binary):
    data = tempfile.mkdtemp(prefix="tandem-e2e-")
    server = Server(binary, data).start()
    clients = []
    try:
        admin = server.login("admin", server.admin_password)
        for unit in [{"id": "chaoyang", "name": "朝阳区", "level": "district"},
                     {"id": "jianwai", "name": "建外街道", "level": "street", "parent": "chaoyang"},
                     {"id": "c1", "name": "永安里社区", "level": "community", "parent": "jianwai"},
                     {"id": "other", "name": "呼家楼街道", "level": "street", "parent": "chaoyang"}]:
            status, body = server.http("POST", "/api/orgs", unit, admin)
            check(f"create org unit {unit['id']}", status == 201, body)
        status, body = server.http("POST", "/api/orgs", {"id": "x", "name": "X", "level": "community", "parent": "chaoyang"}, admin)
        check("a district cannot hold a community directly (400, field level)", status == 400 and body["error"]["field"] == "level", body)
        status, _ = server.http("POST", "/api/users", {"username": "coord", "displayName": "周协调", "role": "coordinator",
                                                      "orgUnit": "jianwai", "password": "coordinator-pass"}, admin)
        check("admin creates a street coordinator", status == 201)
        server.http("POST", "/api/users", {"username": "coord-other", "role": "coordinator", "orgUnit": "other",
                                           "password": "coordinator-pass"}, admin)
        coord = server.login("coord", "coordinator-pass")
        other = server.login("coord-other", "coordinator-pass")

        status, body = server.http("POST", "/api/orgs/c1/people/import", PEOPLE_CSV, coord, "text/csv")
        check("people CSV: good rows imported, bad row reported (207)",
              status == 207 and body["imported"] == 8 and any(e["line"] == 10 and e["field"] == "role" for e in body["errors"]), body)
        status, body = server.http("POST", "/api/orgs/c1/tasks/import", TASKS_CSV, coord, "text/csv")
        check("tasks CSV: good rows imported, a bad date reported by line and column",
              status == 207 and body["imported"] == 4 and any(e["line"] == 6 and e["field"] == "date" for e in body["errors"]), body)
        status, body = server.http("POST", "/api/orgs/c1/people/import", PEOPLE_CSV, other, "text/csv")
        check("a coordinator of another street may not import here (403)", status == 403, body)

        tokens = {}
        for person in ["v1", "v2", "v3", "v4", "v5", "v6", "sw1", "sw2"]:
            status, invitation = server.http("POST", f"/api/people/{person}/invitation", None, coord)
            status2, session = server.http("POST", "/api/join", {"token": invitation["token"]})
            tokens[person] = session["token"]
        check("volunteers join by invitation", len(tokens) == 8)
        status, body = server.http("POST", "/api/join", {"token": invitation["token"]})
        check("an invitation works once (second use 401)", status == 401 and body["error"]["field"] == "token", body)

        watcher = await PushClient(server, coord).connect()
        people = {p: await PushClient(server, t).connect() for p, t in tokens.items()}
        clients = [watcher, *people.values()]

        status, body = server.http("POST", "/api/orgs/c1/solves", {"week": "2026-12-01", "seconds": 1}, coord)
        check("a week must start on Monday (400, field week)", status == 400 and body["error"]["field"] == "week", body)
        status, job = server.http("POST", "/api/orgs/c1/solves", {"week": WEEK, "seconds": 2}, coord)
        check("solve starts as a job (202)", status == 202 and job["status"] == "queued", job)
        progress = await watcher.wait_for(lambda m: m["type"] == "solve.progress", 30)
        check("solve progress is pushed live", progress["job"] == job["id"])
        finished = await watcher.wait_for(lambda m: m.get("event") == "solve.finished", 60)
        version = finished["data"]["version"]
        status, draft = server.http("GET", f"/api/versions/{version}", None, coord)
        assignments = draft["schedule"]["assignments"]
        check("the draft fills every seat (6 seats)", len(assignments) == 6 and not draft["schedule"]["unfilled"], (assignments, draft["schedule"]["unfilled"], draft["schedule"].get("warnings"), [e["summary"]["en"] for e in draft["schedule"]["explanations"]]))
        status, _ = server.http("POST", f"/api/versions/{version}/publish", None, other)
        check("another street's coordinator cannot publish it (403)", status == 403)
        status, published = server.http("POST", f"/api/versions/{version}/publish", None, coord)
        check("coordinator publishes the draft", status == 200 and published["status"] == "published", published)

        expected = {(a["task"], a["seat"], a["person"]) for a in assignments}
        got = set()
        for person, client in people.items():
            count = sum(1 for a in assignments if a["person"] == person)
            for _ in range(count):
                message = await client.wait_for(lambda m: m.get("event") == "offer.created" and (m["data"]["task"], m["data"]["seat"], m["data"]["person"]) not in got, 10)
                got.add((message["data"]["task"], message["data"]["seat"], message["data"]["person"]))
            await client.drain(0.3)
            foreign = [m for m in client.events if m["data"].get("person") not in (None, person)]
            check(f"{person} receives only their own offers", not foreign, foreign)
        check("every assignment arrived as an offer to its person", got == expected, (got, expected))

        meal = next(a for a in assignments if a["task"] == "meal-mon")
        decliner = meal["person"]
        offer = next(m for m in people[decliner].events if m.get("event") == "offer.created" and m["data"]["task"] == "meal-mon")
        await people[decliner].socket.send('{"type":"decline","offer":"%s"}' % offer["data"]["id"])
        declined = await watcher.wait_for(lambda m: m.get("event") == "offer.declined" and m["data"]["id"] == offer["data"]["id"], 10)
        check("the coordinator sees the decline live", declined["data"]["status"] == "declined")
        replanned = await watcher.wait_for(lambda m: m.get("event") == "schedule.replanned", 30)
        check("a decline re-plans with few people moved (<= 3 besides the new one)",
              len(replanned["data"]["peopleAffected"]) <= 4, replanned["data"])
        successor = next((m for m in watcher.events if m.get("event") == "offer.created" and m["data"]["task"] == "meal-mon"
                          and m["seq"] > declined["seq"]), None)
        check("the declined seat is offered to someone else", successor and successor["data"]["person"] != decliner, successor)
        if successor:
            new_person = successor["data"]["person"]
            pushed = await people[new_person].wait_for(lambda m: m.get("event") == "offer.created" and m["data"]["task"] == "meal-mon"
                                                      and m["seq"] > declined["seq"], 10)
            check("the next person gets the offer on their own socket", pushed["data"]["person"] == new_person)

        visit = next(a for a in assignments if a["task"] == "visit-tue" and a["person"].startswith("v"))
        status, mine = server.http("GET", "/api/me/offers", None, tokens[visit["person"]])
        visit_offer = next(o for o in mine if o["task"] == "visit-tue" and o["status"] == "offered")
        status, accepted = server.http("POST", f"/api/offers/{visit_offer['id']}/accept", None, tokens[visit["person"]])
        check("a volunteer accepts over HTTPS", status == 200 and accepted["status"] == "accepted", accepted)
        status, again = server.http("POST", f"/api/offers/{visit_offer['id']}/decline", None, tokens[visit["person"]])
        check("an answered offer cannot be answered again (409)", status == 409, again)
        status, body = server.http("POST", f"/api/offers/{visit_offer['id']}/accept", None, tokens["v6" if visit["person"] != "v6" else "v5"])
        check("nobody answers someone else's offer (403)", status == 403, body)

        station = [a for a in assignments if a["task"] == "station-thu"]
        station_person = station[0]["person"]
        status, mine = server.http("GET", "/api/me/offers", None, tokens[station_person])
        station_offer = next(o for o in mine if o["task"] == "station-thu" and o["status"] == "offered")
        server.http("POST", f"/api/offers/{station_offer['id']}/decline", None, tokens[station_person])
        second = await watcher.wait_for(lambda m: m.get("event") == "schedule.replanned" and m["seq"] > replanned["seq"], 30)
        status, offers = server.http("GET", f"/api/orgs/c1/offers?week={WEEK}", None, coord)
        kept = next(o for o in offers if o["id"] == visit_offer["id"])
        check("an accepted assignment stays pinned through a re-plan", kept["status"] == "accepted", kept)
        check("the second re-plan left the accepted person in place", visit["person"] not in second["data"]["peopleAffected"] or
              any(o["person"] == visit["person"] and o["status"] == "offered" and o["task"] != "visit-tue" for o in offers), second["data"])

        status, body = server.http("GET", f"/api/orgs/c1/offers?week={WEEK}", None, tokens["v1"])
        check("a volunteer cannot list the community's offers (403)", status == 403, body)
        status, body = server.http("POST", f"/api/offers/{visit_offer['id']}/checkout", None, tokens[visit["person"]])
        check("check-out before check-in is refused (409)", status == 409, body)
        server.http("POST", f"/api/offers/{visit_offer['id']}/checkin", None, tokens[visit["person"]])
        status, body = server.http("POST", f"/api/offers/{visit_offer['id']}/checkout", None, tokens[visit["person"]])
        check("check-out credits the time bank", status == 200 and body["credited"] is not None, body)
        status, body = server.http("POST", f"/api/offers/{visit_offer['id']}/checkout", None, tokens[visit["person"]])
        check("a second check-out credits nothing (409)", status == 409, body)
        status, hours = server.http("GET", "/api/me/hours", None, tokens[visit["person"]])
        check("the ledger holds exactly one entry for the visit", len([e for e in hours["entries"] if e["offer"] == visit_offer["id"]]) == 1, hours)

        status, state = server.http("GET", "/api/me/calendar", None, tokens[visit["person"]])
        check("no calendar link is active before one is made, and none is shown", status == 200 and state.get("active") is False and state.get("url") is None, state)
        status, link = server.http("POST", "/api/me/calendar", None, tokens[visit["person"]])
        status, ics = server.http("GET", link["url"], None, None)
        check("the calendar feed lists the accepted visit", status == 200 and "BEGIN:VEVENT" in ics and "STATUS:CONFIRMED" in ics, ics[:300])
        status, renewed = server.http("POST", "/api/me/calendar", None, tokens[visit["person"]])
        old_status, _ = server.http("GET", link["url"], None, None)
        new_status, _ = server.http("GET", renewed["url"], None, None)
        check("a new calendar link replaces the old one", old_status == 404 and new_status == 200, (old_status, new_status))
        status, body = server.http("GET", "/calendar/not-a-token.ics", None, None)
        check("an unknown calendar secret is 404", status == 404)
        status, csv = server.http("GET", f"/api/versions/{version}/schedule.csv", None, coord)
        check("the schedule exports as CSV with names", status == 200 and "张伟" in csv or "刘洋" in csv or "陈静" in csv, csv[:200])

        status, body = server.http("PUT", "/api/orgs/c1/tasks", [{"id": "t9", "kind": "homeVisit", "site": {"lat": 39.9, "lon": 116.4},
                                   "start": "2026-12-01T10:00", "end": "2026-12-01T09:00", "seats": [{"count": 1}]}], coord)
        check("bad JSON task: 400 naming [0].end", status == 400 and body["error"]["field"] == "[0].end", body)
        status, body = server.http("PUT", "/api/orgs/c1/people", '[{"id": "p", "name": "x", "role": 7}]', coord)
        check("wrong JSON type: 400 naming the field", status == 400 and body["error"]["field"] == "[0].role", body)
        status, rec = server.http("GET", f"/api/versions/{version}/seats/meal-mon/0/candidates?count=3", None, coord)
        check("the best candidates for a seat come with their cost and words",
              status == 200 and 1 <= len(rec["candidates"]) <= 3 and all("delta" in c and c["summary"]["zh"] for c in rec["candidates"]), rec)
        check("candidates are ranked by score change", status == 200 and [c["delta"] for c in rec["candidates"]] ==
              sorted((c["delta"] for c in rec["candidates"]), key=lambda d: (d["hard"], d["medium"], d["soft"])), rec)
        status, body = server.http("GET", f"/api/versions/{version}/seats/meal-mon/0/candidates", None, tokens["v1"])
        check("volunteers cannot ask for candidates (403)", status == 403, body)
        status, body = server.http("GET", f"/api/versions/{version}/seats/nope/0/candidates", None, coord)
        check("an unknown seat is 404 naming the field", status == 404 and body["error"]["field"] == "task", body)
        status, spec = server.http("GET", "/openapi.json", None, None)
        try:
            from openapi_spec_validator import validate
            validate(spec)
            valid = True
        except Exception as error:
            valid = error
        check("the served OpenAPI document is valid OpenAPI 3.1", valid is True, valid)

        status, body = server.http("GET", "/api/me", None, "nonsense")
        check("an unknown token is 401", status == 401)
        status, metrics = server.http("GET", "/metrics", None, None)
        check("metrics are exposed in Prometheus format", status == 200 and "tandem_push_connections" in metrics, metrics[:200])
        check_deflate(check, server, next(iter(tokens.values())))
        check_upgrade_path(check, server)
        check_framing(check, server, next(iter(tokens.values())))
        check_client_hangs_up(check, server, next(iter(tokens.values())))
        check_heartbeat(check, binary)
        for client in clients:
            await client.close()
        clients = []
        check_slow_client(check, server, coord, "c1", tokens["v1"])
        listener = RawSocket(server)
        listener.hello(tokens["v2"])
        server.process.send_signal(signal.SIGTERM)
        goodbye = listener.close_code()
        listener.close()
        try:
            code = server.process.wait(timeout=30)
        except Exception:
            code = None
        check("on SIGTERM a connected client is told to go away (1001) before the socket closes", goodbye == 1001, goodbye)
        check("SIGTERM shuts the server down cleanly (exit 0)", code == 0, (code, "".join(server.log[-5:])))
    finally:
        for client in clients:
            await client.close()
        server.kill()


if __name__ == "__main__":
    check.run(scenario)
