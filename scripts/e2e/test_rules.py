"""Rules per org unit on the demo's data: a labour rule set on the street (at most N days in a row) holds in the next
solve of the street and of its communities, and each version records the rules it was made with; a community's
own choice overrides the street's for it alone; a re-plan uses them too; bad values are refused with the field
named, and only managers may set rules. Prints `e2e-rules: N passed, N failed`."""
import datetime
import tempfile

from tandem_client import WEEK, Checks, PushClient, Server, solve_week

check = Checks("e2e-rules")
STREET, COMMUNITY, SISTER = "yulin", "fangcao", "yulin-east"


def longest_run(version, starts):
    """The most consecutive days any one person works in the version."""
    days = {}
    for a in version["schedule"]["assignments"]:
        days.setdefault(a["person"], set()).add(starts[a["task"]])
    best = 0
    for dates in days.values():
        for d in dates:
            if d - datetime.timedelta(days=1) in dates:
                continue
            run = 1
            while d + datetime.timedelta(days=run) in dates:
                run += 1
            best = max(best, run)
    return best


def task_dates(server, token, unit):
    _, records = server.http("GET", f"/api/orgs/{unit}/tasks", None, token)
    base = {r["task"]["id"]: datetime.date.fromisoformat(r["task"]["start"][:10]) for r in records}
    return lambda task: datetime.date.fromisoformat(task.split("@")[1]) if "@" in task else base[task]


class Dates(dict):
    def __init__(self, lookup):
        super().__init__()
        self.lookup = lookup

    def __missing__(self, task):
        return self.lookup(task)


async def solve(server, token, watcher, unit):
    version = await solve_week(server, token, watcher, unit)
    return server.http("GET", f"/api/versions/{version}", None, token)[1]


def put_rules(server, token, unit, body):
    return server.http("PUT", f"/api/orgs/{unit}/rules", body, token)


async def scenario(binary):
    server = Server(binary, tempfile.mkdtemp(prefix="tandem-rules-"), command="demo", extra=["--no-publish"])
    server.start()
    try:
        token = server.login("coordinator", "tandem-demo")
        watcher = await PushClient(server, token).connect()
        street_dates, community_dates = Dates(task_dates(server, token, STREET)), Dates(task_dates(server, token, COMMUNITY))

        before = await solve(server, token, watcher, STREET)
        run_before = longest_run(before, street_dates)
        limit = max(1, min(3, run_before - 1))
        check(f"without rules someone works {run_before} days in a row at the street", run_before > limit, run_before)

        status, setting = put_rules(server, token, STREET, {"labour": {"default": {"maxConsecutiveDays": limit}}})
        check("a coordinator sets the street's labour rule", status == 200 and setting["own"]["labour"]["default"]["maxConsecutiveDays"] == limit, setting)
        _, inherited = server.http("GET", f"/api/orgs/{COMMUNITY}/rules", None, token)
        check("the community inherits it", inherited["effective"]["labour"]["default"]["maxConsecutiveDays"] == limit
              and inherited["inherited"][-1]["org"] == STREET and inherited["own"] == {"weights": {}, "levels": {}, "labour": {}, "settings": {}},
              inherited)

        after = await solve(server, token, watcher, STREET)
        check(f"the street's next solve keeps everyone to {limit} days in a row", longest_run(after, street_dates) <= limit
              and after["schedule"]["score"]["hard"] == 0, (longest_run(after, street_dates), after["schedule"]["score"]))
        check("the version records the rules it was made with", after["rules"]["labour"]["default"]["maxConsecutiveDays"] == limit,
              after.get("rules"))
        community = await solve(server, token, watcher, COMMUNITY)
        check(f"so does the community's (a child of the street)", longest_run(community, community_dates) <= limit
              and community["rules"]["labour"]["default"]["maxConsecutiveDays"] == limit, longest_run(community, community_dates))

        status, own = put_rules(server, token, COMMUNITY, {"labour": {"default": {"maxConsecutiveDays": 6}}, "settings": {"maxStopsPerRound": 3}})
        _, sister = server.http("GET", f"/api/orgs/{SISTER}/rules", None, token)
        check("a community's own rule overrides the street's for it alone",
              status == 200 and own["effective"]["labour"]["default"]["maxConsecutiveDays"] == 6
              and own["effective"]["settings"]["maxStopsPerRound"] == 3
              and sister["effective"]["labour"]["default"]["maxConsecutiveDays"] == limit, (own.get("effective"), sister.get("effective")))

        # A re-plan after a decline uses the rules in force too.
        status, _ = server.http("POST", f"/api/versions/{after['id']}/publish", None, token)
        _, offers = server.http("GET", f"/api/orgs/{STREET}/offers?week={WEEK}", None, token)
        offered = [o for o in offers if o["status"] == "offered"]
        server.http("POST", f"/api/offers/{offered[0]['id']}/decline", None, token)
        replanned = await watcher.wait_for(lambda m: m.get("event") == "schedule.replanned", 60)
        _, version = server.http("GET", f"/api/versions/{replanned['data']['version']}", None, token)
        check("the re-plan records and keeps the rules", version["rules"]["labour"]["default"]["maxConsecutiveDays"] == limit
              and longest_run(version, street_dates) <= limit, (version.get("rules"), longest_run(version, street_dates)))

        bad = [({"labour": {"default": {"maxConsecutiveDays": 0}}}, "labour.default.maxConsecutiveDays"),
               ({"weights": {"noSuchRule": 5}}, "weights.noSuchRule"),
               ({"levels": {"noOverlap": "soft"}}, "levels.noOverlap"),
               ({"travelSpeedKmh": -4}, "travelSpeedKmh"),
               ({"maxDistanceFromHomeKm": 1e9}, "maxDistanceFromHomeKm"),
               ({"settings": {"maxStopsPerRound": -1}}, "settings.maxStopsPerRound"),
               ({"labour": {"default": {"minTotalMinutes": 600, "maxTotalMinutes": 300}}}, "labour.default.minTotalMinutes"),
               ({"levels": {"fairness": "loud"}}, "levels.fairness")]
        for body, field in bad:
            status, answer = put_rules(server, token, COMMUNITY, body)
            check(f"{body} is refused naming {field}", status == 400 and answer["error"]["field"] == field, (status, answer))
        _, unchanged = server.http("GET", f"/api/orgs/{COMMUNITY}/rules", None, token)
        check("a refused change changes nothing", unchanged["own"]["labour"]["default"]["maxConsecutiveDays"] == 6, unchanged["own"])
        social = server.login("social", "tandem-demo")
        status, answer = put_rules(server, social, COMMUNITY, {})
        check("a social worker may read but not set rules", status == 403
              and server.http("GET", f"/api/orgs/{COMMUNITY}/rules", None, social)[0] in (200, 403), (status, answer))
        status, cleared = put_rules(server, token, COMMUNITY, {})
        check("{} goes back to inheriting everything", status == 200
              and cleared["effective"]["labour"]["default"]["maxConsecutiveDays"] == limit, cleared.get("effective"))
        await watcher.close()
    finally:
        server.kill()


check.run(scenario)
