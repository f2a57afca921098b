"""The live loop on the real clock, with the demo's own data: `tandem demo` started on the Wednesday of its week at
09:30 (Shanghai), its clock running 240 times faster, so 45 s here are three hours there. What has started, or
starts within the two-hour offer lead time, is frozen: it is never offered, and an answer to it is refused; offers
expire at their deadline (an hour before the start) and the re-plans they cause never offer a frozen seat again, so
the number of offers made stays bounded (no loop). Prints `e2e-live-clock: N passed, N failed`."""
import datetime
import tempfile
import time

from tandem_client import Checks, PushClient, Server

check = Checks("e2e-live-clock")
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
START = datetime.datetime(2026, 12, 2, 9, 30, tzinfo=SHANGHAI)  # the Wednesday of the week of 2026-11-30
SPEED = 240
LEAD = datetime.timedelta(hours=2)
RUN_SECONDS = 45
STREET = "yulin"


def local(text):
    return datetime.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def local_start(task_id, tasks):
    """The start of a task of the week: a weekly occurrence is `TEMPLATE@DATE`."""
    base, _, date = task_id.partition("@")
    start = tasks[base]["start"]
    return local(f"{date}T{start.split('T')[1]}" if date else start)


async def scenario(binary):
    data = tempfile.mkdtemp(prefix="tandem-live-clock-")
    server = Server(binary, data, command="demo", now=START.isoformat(),
                    extra=["--seconds", "3", "--week", "2026-11-30", "--clock-speed", str(SPEED), "--expiry-sweep", "0.5"])
    started_real = time.time()
    server.start()

    def server_now():
        return START + datetime.timedelta(seconds=(time.time() - started_real) * SPEED)

    try:
        coordinator = server.login("coordinator", "tandem-demo")
        _, records = server.http("GET", f"/api/orgs/{STREET}/tasks", None, coordinator)
        tasks = {r["task"]["id"]: r["task"] for r in records}
        watcher = await PushClient(server, coordinator).connect()
        published = await watcher.wait_for(lambda m: m.get("event") == "schedule.published", 120)
        first_version = published["data"]["version"]
        _, offers = server.http("GET", f"/api/orgs/{STREET}/offers?week=2026-11-30", None, coordinator)
        at_publish = server_now()
        early = [o for o in offers if local(o["details"]["start"]) < START + LEAD]
        check("the first publish offers many seats", len(offers) > 50, len(offers))
        check("no seat of a task that started or starts within the lead time is offered", not early,
              [(o["task"], o["details"]["start"]) for o in early[:5]])
        late_deadline = [o for o in offers if datetime.datetime.fromisoformat(o["deadline"].replace("Z", "+00:00"))
                         > local(o["details"]["start"]) - datetime.timedelta(minutes=59)]
        check("every deadline leaves an hour to re-plan before the start", not late_deadline,
              [(o["details"]["start"], o["deadline"]) for o in late_deadline[:5]])

        created, expired, frozen_offers = [], [], []
        deadline = time.time() + RUN_SECONDS
        while time.time() < deadline:
            try:
                message = await watcher.next_message(max(0.05, deadline - time.time()))
            except (TimeoutError, Exception) as error:  # the run's end, not a failure
                if isinstance(error, TimeoutError) or type(error).__name__ == "TimeoutError":
                    break
                raise
            event = message.get("event")
            if event == "offer.created":
                created.append(message["data"])
                # Ten simulated minutes of slack: the server's clock and this estimate of it differ by a few seconds.
                if local(message["data"]["details"]["start"]) < server_now() + LEAD - datetime.timedelta(minutes=10):
                    frozen_offers.append(message["data"])
            elif event == "offer.expired":
                expired.append(message["data"])
        simulated = server_now() - at_publish
        print(f"simulated {simulated}: {len(offers)} offers at publish, {len(expired)} expired, {len(created)} made since")
        check("about three simulated hours passed", simulated > datetime.timedelta(hours=2), simulated)
        check("offers expired at their deadlines", len(expired) > 0, len(expired))
        check("no re-plan offered a frozen seat", not frozen_offers, [(o["task"], o["details"]["start"]) for o in frozen_offers[:5]])
        check("the offers made stay bounded: at most one new offer per expired one (no loop)", len(created) <= len(expired),
              (len(created), len(expired)))

        _, offers = server.http("GET", f"/api/orgs/{STREET}/offers?week=2026-11-30", None, coordinator)
        now = server_now()
        started = [o for o in offers if local(o["details"]["start"]) < now - datetime.timedelta(minutes=10)]
        check("some offered tasks have started by now", started, now)
        if started:
            status, body = server.http("POST", f"/api/offers/{started[0]['id']}/accept", None, coordinator)
            check("accepting a started task is refused (409 naming the task)", status == 409 and body["error"]["field"] == "task", body)
            status, body = server.http("POST", f"/api/offers/{started[-1]['id']}/decline", None, coordinator)
            check("declining a started task is refused (409 naming the task)", status == 409 and body["error"]["field"] == "task", body)
        _, versions = server.http("GET", f"/api/orgs/{STREET}/versions?week=2026-11-30", None, coordinator)
        check("re-plans made new versions after the first", any(v["id"] > first_version for v in versions), [v["id"] for v in versions])
        # Every version, solved or re-planned, explains every seat in both languages, and exports every seat.
        gaps = []
        for row in versions:
            _, version = server.http("GET", f"/api/versions/{row['id']}", None, coordinator)
            schedule = version["schedule"]
            seats = {(a["task"], a["seat"]) for a in schedule["assignments"]} | {(u["task"], u["seat"]) for u in schedule["unfilled"]}
            explained = {(e["task"], e["seat"]) for e in schedule["explanations"] if e["summary"]["en"] and e["summary"]["zh"]}
            _, csv = server.http("GET", f"/api/versions/{row['id']}/schedule.csv", None, coordinator)
            rows = len(csv.lstrip("\ufeff").strip().splitlines()) - 1
            # Optional seats left empty are neither assigned nor unfilled, but they are explained and exported too.
            if not seats <= explained or rows != len(schedule["explanations"]):
                gaps.append((row["id"], row["origin"], len(seats), len(explained), rows))
        check("every version explains 100% of its seats in zh and en, and schedule.csv lists them all", not gaps, gaps)
        frozen_empty = [e for e in schedule["explanations"] if e.get("person") is None and local_start(e["task"], tasks) < START]
        check("an empty seat of a task that had started says why nobody is there",
              frozen_empty and all("started" in e["summary"]["en"] and "已开始" in e["summary"]["zh"] for e in frozen_empty),
              [e["summary"] for e in frozen_empty[:3]])
        await watcher.close()
    finally:
        server.kill()


check.run(scenario)
