"""Minimal disruption on the demo's real week: twenty declines, one at a time, each answered by a re-plan. A decline
changes its own seat and at most three other people's offers (median at most one); nobody who accepted is moved;
and the re-plan's summary (what the console's diff line shows) counts exactly what changed in the offers. Prints
the figures and `e2e-declines: N passed, N failed`."""
import random
import statistics
import tempfile

from tandem_client import NOW, WEEK, Checks, PushClient, Server, day

check = Checks("e2e-declines")
STREET = "yulin"
DECLINES = 20
MOST_MOVED = 3


def live_seats(server, token):
    _, offers = server.http("GET", f"/api/orgs/{STREET}/offers?week={WEEK}", None, token)
    return {(o["task"], o["seat"]): o for o in offers if o["status"] in ("offered", "accepted")}


def seat_diff(before, after):
    """Per seat: (added, removed, moved) as the console counts them, from two maps seat -> person."""
    added = sum(1 for s in after if s not in before)
    removed = sum(1 for s in before if s not in after)
    moved = sum(1 for s in after if s in before and before[s] != after[s])
    return added, removed, moved


def others_moved(before, after, declined):
    """People other than the decliner whose live offers changed; taking the declined seat alone is not a move."""
    people = set()
    for seat in set(before) | set(after):
        was, now = before.get(seat, {}).get("person"), after.get(seat, {}).get("person")
        if was == now and before.get(seat, {}).get("id") == after.get(seat, {}).get("id"):
            continue
        if seat == (declined["task"], declined["seat"]):
            continue  # the decliner leaves it, and whoever takes it is its refill
        people.update(p for p in (was, now) if p)
    people.discard(declined["person"])
    return people


async def scenario(binary):
    # Before the week starts, and midweek with Monday to Thursday noon frozen.
    for now in (NOW, day(3, "12:00:00+08:00")):
        await declines(binary, now)


async def declines(binary, now):
    server = Server(binary, tempfile.mkdtemp(prefix="tandem-declines-"), command="demo", now=now, extra=["--seconds", "5"])
    server.start()
    try:
        coordinator = server.login("coordinator", "tandem-demo")
        watcher = await PushClient(server, coordinator).connect()
        published = await watcher.wait_for(lambda m: m.get("event") == "schedule.published" and m["data"]["orgUnit"] == STREET, 180)
        last_version = published["data"]["version"]
        await watcher.drain()
        rng = random.Random(18)
        # A third of the offers accepted first, as a real week has by midweek: those people must never move.
        seats = live_seats(server, coordinator)
        for offer in rng.sample(sorted(seats.values(), key=lambda o: o["id"]), len(seats) // 3):
            server.http("POST", f"/api/offers/{offer['id']}/accept", None, coordinator)
        moved_counts, wrong_lines, accepted_moved, refilled = [], [], [], 0
        for round_ in range(DECLINES):
            before = live_seats(server, coordinator)
            open_offers = sorted((o for o in before.values() if o["status"] == "offered"), key=lambda o: o["id"])
            declined = rng.choice(open_offers)
            status, _ = server.http("POST", f"/api/offers/{declined['id']}/decline", None, coordinator)
            if status != 200:
                check(f"decline {round_ + 1} at {now} is taken", False, status)
            # The push client keeps every event it has seen: only a version newer than the last one is this re-plan.
            replanned = await watcher.wait_for(
                lambda m: m.get("event") == "schedule.replanned" and m["data"]["version"] > last_version
                and declined["person"] in (m["data"].get("reason") or ""), 60)
            last_version = replanned["data"]["version"]
            after = live_seats(server, coordinator)
            people = others_moved(before, after, declined)
            moved_counts.append(len(people))
            if (declined["task"], declined["seat"]) in after:
                refilled += 1
            accepted_moved += [s for s, o in before.items() if o["status"] == "accepted" and after.get(s, {}).get("id") != o["id"]]
            # The console's line comes from the version and the one it replaced; it must match the offers.
            summary = replanned["data"]
            real = seat_diff({s: o["person"] for s, o in before.items()}, {s: o["person"] for s, o in after.items()})
            shown = (summary["added"], summary["removed"], summary["moved"])
            if shown != real or sorted(summary["peopleMoved"]) != sorted(people):
                wrong_lines.append((round_ + 1, shown, real, summary["peopleMoved"], sorted(people)))
        median = statistics.median(moved_counts)
        print(f"clock {now}: other people moved per decline: median {median}, max {max(moved_counts)}, all {moved_counts}; "
              f"declined seat refilled {refilled} of {DECLINES}")
        check(f"{now}: median other people moved is at most 1 ({median})", median <= 1, moved_counts)
        check(f"{now}: no decline moves more than {MOST_MOVED} other people ({max(moved_counts)})", max(moved_counts) <= MOST_MOVED, moved_counts)
        check(f"{now}: nobody who accepted is moved", not accepted_moved, accepted_moved[:5])
        check(f"{now}: every re-plan's summary counts the real change (added, removed, moved, who)", not wrong_lines, wrong_lines[:3])
        await watcher.close()
    finally:
        server.kill()
        for line in server.log:
            if "re-plan" in line or "error" in line:
                print("server:", line.rstrip())


check.run(scenario)
