"""One timeline per person across units, on the demo's real data. A solve made after another unit published plans
around it, and the community's coordinator sees the seats the street staffs, with who and why. Then, for twenty
weeks in turn, the street and one of its communities solve the same fresh week (each unaware of the other, so
their drafts overlap) and publish at the same moment: whichever comes second is checked against the first inside
its transaction, so no person ever holds two overlapping live offers and no seat two. Prints the publish
latencies and `e2e-timeline: N passed, N failed`.

`python3 test_timeline.py TANDEM [ROUNDS]`; scripts/bench-timeline runs it on a release build for the figures."""
import concurrent.futures
import datetime
import statistics
import sys
import tempfile
import time

from tandem_client import WEEK, Checks, PushClient, Server, solve_week

check = Checks("e2e-timeline")
STREET, COMMUNITY = "yulin", "fangcao"
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 20


def live_offers(server, token, week=WEEK):
    offers = []
    for unit in (STREET, "yulin-east", "yulin-west", COMMUNITY):
        status, body = server.http("GET", f"/api/orgs/{unit}/offers?week={week}", None, token)
        if status == 200:
            offers += [o for o in body if o["status"] in ("offered", "accepted")]
    return offers


def clashes(offers):
    """People with two overlapping live offers, and seats with two live offers."""
    by_person, by_seat, people, seats = {}, {}, set(), set()
    for o in offers:
        start = datetime.datetime.fromisoformat(o["details"]["start"])
        end = datetime.datetime.fromisoformat(o["details"]["end"])
        for other_start, other_end in by_person.get(o["person"], []):
            if other_start < end and start < other_end:
                people.add(o["person"])
        by_person.setdefault(o["person"], []).append((start, end))
        key = (o["task"], o["seat"])
        if key in by_seat:
            seats.add(key)
        by_seat[key] = o
    return people, seats


def publish(server, token, version):
    started = time.perf_counter()
    status, body = server.http("POST", f"/api/versions/{version}/publish", None, token)
    return status, body, (time.perf_counter() - started) * 1000


async def scenario(binary):
    server = Server(binary, tempfile.mkdtemp(prefix="tandem-timeline-"), command="demo", extra=["--no-publish"])
    server.start()
    try:
        token = server.login("coordinator", "tandem-demo")
        watcher = await PushClient(server, token).connect()
        # First in turn: the street publishes, then the community solves around it and publishes without a clash.
        street = await solve_week(server, token, watcher, STREET, seconds=3)
        status, body, _ = publish(server, token, street)
        check("the street publishes its week", status == 200, body)
        community = await solve_week(server, token, watcher, COMMUNITY, seconds=2)
        status, body, _ = publish(server, token, community)
        check("a community solved after the street's publish plans around it and publishes", status == 200, body)
        people, seats = clashes(live_offers(server, token))
        check("after both: nobody has two overlapping live offers and no seat has two", not people and not seats,
              (sorted(people)[:5], sorted(seats)[:5]))
        status, held = server.http("GET", f"/api/orgs/{COMMUNITY}/held-seats?week={WEEK}", None, token)
        check("the community sees the seats the street staffs, with who and why",
              status == 200 and held and all(o["orgUnit"] == STREET and o["person"] and o["why"] and o["why"]["zh"] for o in held),
              (status, len(held) if isinstance(held, list) else held))

        # Then, week after week, both solve before either publishes, and both publish at the same moment.
        latencies, outcomes, worst = [], {}, (set(), set())
        pool = concurrent.futures.ThreadPoolExecutor(2)
        for round_ in range(ROUNDS):
            week = (datetime.date.fromisoformat(WEEK) + datetime.timedelta(days=7 * (round_ + 1))).isoformat()
            street = await solve_week(server, token, watcher, STREET, week, seconds=1)
            community = await solve_week(server, token, watcher, COMMUNITY, week, seconds=1)
            results = list(pool.map(lambda v: publish(server, token, v), [street, community]))
            for status, body, ms in results:
                outcomes[status] = outcomes.get(status, 0) + 1
                if status == 200:
                    latencies.append(ms)
                elif status != 409 or body["error"]["field"] not in ("person", "seat"):
                    check("a publish that loses the race is refused with 409 naming person or seat", False, (status, body))
            people, seats = clashes(live_offers(server, token, week))
            if people or seats:
                worst = (worst[0] | people, worst[1] | seats)
        print(f"{ROUNDS} rounds of parallel publishes: outcomes {outcomes}; publish latency median "
              f"{statistics.median(latencies):.0f} ms, max {max(latencies):.0f} ms over {len(latencies)} publishes")
        check(f"{ROUNDS} parallel publishes: 0 people with overlapping live offers, 0 seats with two", worst == (set(), set()),
              (sorted(worst[0])[:5], sorted(worst[1])[:5]))
        # Each week one publish goes through; the other only when the two drafts happen not to meet.
        check("every week one of the two publishes goes through, and some second ones are refused",
              outcomes.get(200, 0) >= ROUNDS and outcomes.get(409, 0) > 0, outcomes)
        await watcher.close()
    finally:
        server.kill()


check.run(scenario)
