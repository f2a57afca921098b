#!/usr/bin/env python3
"""Independent scorer: the (hard, medium, soft) score of a schedule for a problem, computed from the documented
rules (docs/problem-format.md) without any of Tandem's code. Used to judge Tandem and its peers alike.

Usage: score.py PROBLEM.json SCHEDULE.json  -> prints {"hard": .., "medium": .., "soft": .., "shares": {..}}"""
import json
import math
import sys

from problem import load, past_workers, day_number, minutes_of

PRIORITY = {"red": 10, "yellow": 6, "green": 3}


def priority(t):
    p = t.get("priority", 5)
    return PRIORITY[p] if isinstance(p, str) else p


def hours_up(minutes):
    return 0 if minutes <= 0 else math.ceil(minutes / 60)


def score(m, assignments):
    total = {"hard": 0, "medium": 0, "soft": 0}
    shares = {}

    def add(cid, magnitude):
        if magnitude:
            level, w = m.weight(cid)
            total[level] += magnitude * w
            shares[cid] = shares.get(cid, 0) + magnitude * w

    people = {p["id"]: p for p in m.people}
    held = {(a["task"], a["seat"]): a["person"] for a in assignments}
    current = {(a["task"], a["seat"]): a["person"] for a in m.p.get("currentSchedule", [])}
    past = past_workers(m)
    timelines = {}
    for s in m.seats:
        who = held.get((s.task_id, s.seat))
        if (s.task_id, s.seat) in current and current[(s.task_id, s.seat)] != who:
            add("disruption", 1)
        if who is None:
            if not s.req.get("optional"):
                add("unfilledSeat", priority(s.task))
            continue
        person = people[who]
        if m.ineligible(person, s.task, s.req):
            add("eligibility", 1)
        add_soft = m.slot_cost(person, s.task, s.req, past.get(s.task.get("client")))
        shares["slot"] = shares.get("slot", 0) + add_soft
        total["soft"] += add_soft
        timelines.setdefault(who, []).append(s)

    for pid, person in people.items():
        seats = sorted(timelines.get(pid, []), key=lambda s: (m.start(s.task), m.seats.index(s)))
        person_rules(m, person, seats, add)

    seats_of_task = {}
    for s in m.seats:
        seats_of_task[s.task_id] = seats_of_task.get(s.task_id, 0) + 1
    clients = {}  # client -> (workers met, the most seats one of its tasks has)
    for s in m.seats:
        c = s.task.get("client")
        if c:
            workers, allowance = clients.get(c, (set(), 1))
            clients[c] = (workers, max(allowance, seats_of_task[s.task_id]))
            who = held.get((s.task_id, s.seat))
            if who:
                workers.add(who)
    # A client may meet as many workers as its largest task has seats; each one more costs.
    for c, (workers, allowance) in clients.items():
        add("continuity", max(0, len(workers) - allowance))
    return total, shares


def person_rules(m, person, seats, add):
    starts = [m.start(s.task) for s in seats]
    ends = [m.end(s.task) for s in seats]
    days = [st // 1440 for st in starts]
    kinds = [s.task["kind"] for s in seats]
    mins = [e - s for s, e in zip(starts, ends)]
    # no overlap, with travel from the task that ends last so far
    latest = 0
    for i in range(1, len(seats)):
        if starts[i] < ends[latest] + m.travel_minutes(seats[latest].task, seats[i].task):
            add("noOverlap", 1)
        if ends[i] > ends[latest]:
            latest = i
    add("travel", sum(m.travel_minutes(seats[i - 1].task, seats[i].task) for i in range(1, len(seats)) if days[i] == days[i - 1]))
    by_day = {}
    for i, d in enumerate(days):
        by_day.setdefault(d, []).append(i)
    if person.get("maxMinutesPerDay") is not None:
        add("maxMinutesPerDay", sum(hours_up(sum(mins[i] for i in idx) - person["maxMinutesPerDay"]) for idx in by_day.values()))
    if person.get("maxMinutesPerWeek") is not None:
        weeks = {}
        for i, d in enumerate(days):
            weeks[d // 7] = weeks.get(d // 7, 0) + mins[i]
        add("maxMinutesPerWeek", sum(hours_up(v - person["maxMinutesPerWeek"]) for v in weeks.values()))
    if person.get("maxTasksPerDay") is not None:
        add("maxTasksPerDay", sum(max(0, len(idx) - person["maxTasksPerDay"]) for idx in by_day.values()))
    total = sum(mins)
    add("fairness", total * total // 3600)
    lab = m.labour(person) or {}
    worked = sorted(by_day)
    if lab.get("minRestMinutes") is not None:
        for a, b in zip(worked, worked[1:]):
            if min(starts[i] for i in by_day[b]) - max(ends[i] for i in by_day[a]) < lab["minRestMinutes"]:
                add("minRest", 1)
    runs = []
    for d in worked:
        if runs and runs[-1][1] == d - 1:
            runs[-1][1] = d
        else:
            runs.append([d, d])
    if lab.get("maxConsecutiveDays") is not None:
        add("maxConsecutiveDays", sum(max(0, b - a + 1 - lab["maxConsecutiveDays"]) for a, b in runs))
    if (lab.get("minConsecutiveDays") or 0) > 1:
        add("minConsecutiveDays", sum(max(0, lab["minConsecutiveDays"] - (b - a + 1)) for a, b in runs if a > 0 and b < m.days - 1))
    if (lab.get("minConsecutiveDaysOff") or 0) > 1:
        add("minConsecutiveDaysOff", sum(max(0, lab["minConsecutiveDaysOff"] - (r2[0] - r1[1] - 1)) for r1, r2 in zip(runs, runs[1:])))
    if lab.get("maxWeekends") is not None:
        weekends = {(m.horizon_start + d) - ((m.horizon_start + d + 3) % 7) for d in worked if (m.horizon_start + d + 3) % 7 >= 5}
        add("maxWeekends", max(0, len(weekends) - lab["maxWeekends"]))
    if (lab.get("minTotalMinutes") or 0) > 0:
        add("minTotalMinutes", hours_up(lab["minTotalMinutes"] - total))
    if lab.get("maxTotalMinutes") is not None:
        add("maxTotalMinutes", hours_up(total - lab["maxTotalMinutes"]))
    for kind, limit in lab.get("maxTasksOfKind", {}).items():
        if limit > 0:
            add("maxTasksOfKind", max(0, kinds.count(kind) - limit))
    forbidden = {(f["first"], f["then"]) for f in lab.get("forbiddenSuccessions", [])}
    for d in worked:
        if d + 1 in by_day:
            add("forbiddenSuccession", sum(1 for i in by_day[d] for j in by_day[d + 1] if (kinds[i], kinds[j]) in forbidden))
    for r in person.get("preferences", {}).get("requests", []):
        d = day_number(r["date"]) - m.horizon_start
        n = sum(1 for i in by_day.get(d, []) if kinds[i] == r["kind"])
        add("request", (r["weight"] if n == 0 else 0) if r["wanted"] else r["weight"] * n)


def main(argv):
    m = load(argv[0])
    sched = json.load(open(argv[1], encoding="utf-8"))
    total, shares = score(m, sched["assignments"])
    print(json.dumps({**total, "shares": shares}, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
