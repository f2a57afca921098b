#!/usr/bin/env python3
"""The peer: a CP-SAT model of the same problem and objective, written as well as we can.

Usage: cpsat.py PROBLEM.json --seconds N --workers N --out SCHEDULE.json

- One boolean per (seat requirement, eligible person): seats of one requirement are interchangeable, which removes
  their symmetry. Eligibility is computed here, independently, from the documented rules.
- Hard rules are constraints: one seat per task per person, no overlap including travel, hours per day and week,
  tasks per day, rest between days, consecutive days, weekends, total minutes, kind limits, successions.
- Objective: medium x 10^6 + soft, the lexicographic order the scorer uses in practice (one unfilled seat outweighs
  any soft total in these weeks): unfilled seats by priority; slot costs; fairness (minutes^2 / 3600, exact);
  continuity (distinct workers per client beyond the most seats one of its tasks has); travel between consecutive
  same-day tasks (exact, with "consecutive" indicators; pairs of a busy day with four days' worth of tasks between
  them are left out, so the model may undercount travel there — the scorer does not).
- The core problem only: plugin rules (tutor ratios, station cover...) are Tandem's own, so scripts/bench-solver
  runs Tandem with `--plugins none` and both optimise exactly what the scorer measures.
- Hinted with a greedy schedule (greedy.py: required seats by priority, each to the cheapest eligible person whose
  week keeps every hard rule), completed to every variable by a first short call, so CP-SAT starts from a full
  week; the greedy's time counts as model build. The peer answers with the better of the two calls' solutions
  (the second does not always find the hinted one again), or the greedy schedule if neither found one.
- Overlap is banned pairwise (a later task must start after an earlier one ends plus travel), which is the
  documented rule applied to every pair.
"""
import argparse
import json
import sys
import time

from ortools.sat.python import cp_model

from greedy import greedy
from problem import load, past_workers, minutes_of
from score import priority

MEDIUM = 1_000_000


def build(m):
    model = cp_model.CpModel()
    past = past_workers(m)
    people = m.people
    y = {}  # (group, person index) -> bool
    cost = []  # (coef, var)
    by_person = {}  # person -> [(group, task)]
    unfilled = {}
    for g, (t, req, seats) in enumerate(m.groups):
        vars_here = []
        for pi, person in enumerate(people):
            if m.ineligible(person, t, req):
                continue
            v = model.NewBoolVar(f"y{g}_{pi}")
            y[(g, pi)] = v
            vars_here.append(v)
            c = m.slot_cost(person, t, req, past.get(t.get("client")))
            if c:
                cost.append((c, v))
            by_person.setdefault(pi, []).append((g, t))
        u = model.NewIntVar(0, len(seats), f"u{g}")
        model.Add(sum(vars_here) + u == len(seats))
        unfilled[g] = u
        if not req.get("optional"):
            level, w = m.weight("unfilledSeat")
            cost.append((priority(t) * w * (MEDIUM if level == "medium" else 1), u))

    fairness_w = m.weight("fairness")[1]
    travel_w = m.weight("travel")[1]
    for pi, items in by_person.items():
        person = people[pi]
        lab = m.labour(person) or {}
        items.sort(key=lambda gt: (m.start(gt[1]), gt[0]))
        tasks = {}
        for g, t in items:
            tasks.setdefault(t["id"], []).append(y[(g, pi)])
        for vs in tasks.values():
            if len(vs) > 1:
                model.Add(sum(vs) <= 1)  # one seat per task
        # per task: x = assigned to any seat of it
        tx = {}
        for tid, vs in tasks.items():
            if len(vs) == 1:
                tx[tid] = vs[0]
            else:
                x = model.NewBoolVar("")
                model.Add(x == sum(vs))
                tx[tid] = x
        tlist = sorted({t["id"]: t for _, t in items}.values(), key=lambda t: (m.start(t), t["id"]))
        days = {}
        for t in tlist:
            days.setdefault(m.start(t) // 1440, []).append(t)
        # no overlap with travel: pairwise
        for i, a in enumerate(tlist):
            for b in tlist[i + 1:]:
                if m.start(b) >= m.end(a) + 24 * 60:
                    break
                if m.start(b) < m.end(a) + m.travel_minutes(a, b):
                    model.AddBoolOr([tx[a["id"]].Not(), tx[b["id"]].Not()])
        for d, ts in days.items():
            if person.get("maxMinutesPerDay") is not None:
                model.Add(sum((m.end(t) - m.start(t)) * tx[t["id"]] for t in ts) <= person["maxMinutesPerDay"])
            if person.get("maxTasksPerDay") is not None:
                model.Add(sum(tx[t["id"]] for t in ts) <= person["maxTasksPerDay"])
        if person.get("maxMinutesPerWeek") is not None:
            weeks = {}
            for t in tlist:
                weeks.setdefault(m.start(t) // 1440 // 7, []).append(t)
            for ts in weeks.values():
                model.Add(sum((m.end(t) - m.start(t)) * tx[t["id"]] for t in ts) <= person["maxMinutesPerWeek"])
        if lab.get("minRestMinutes") is not None:
            for d, ts in days.items():
                for a in ts:
                    for b in days.get(d + 1, []):
                        if m.start(b) - m.end(a) < lab["minRestMinutes"]:
                            model.AddBoolOr([tx[a["id"]].Not(), tx[b["id"]].Not()])
        work = {}
        for d, ts in days.items():
            w = model.NewBoolVar("")
            model.AddMaxEquality(w, [tx[t["id"]] for t in ts])
            work[d] = w
        if lab.get("maxConsecutiveDays") is not None:
            k = lab["maxConsecutiveDays"]
            for start in range(0, m.days - k):
                window = [work[d] for d in range(start, start + k + 1) if d in work]
                if len(window) == k + 1:
                    model.Add(sum(window) <= k)
        if lab.get("maxWeekends") is not None:
            wk = {}
            for d, w in work.items():
                if (m.horizon_start + d + 3) % 7 >= 5:
                    wk.setdefault((m.horizon_start + d) - ((m.horizon_start + d + 3) % 7), []).append(w)
            flags = []
            for ws in wk.values():
                f = model.NewBoolVar("")
                model.AddMaxEquality(f, ws)
                flags.append(f)
            model.Add(sum(flags) <= lab["maxWeekends"])
        total = sum((m.end(t) - m.start(t)) * tx[t["id"]] for t in tlist)
        if lab.get("maxTotalMinutes") is not None:
            model.Add(total <= lab["maxTotalMinutes"])
        if (lab.get("minTotalMinutes") or 0) > 0:
            model.Add(total >= lab["minTotalMinutes"])
        if fairness_w:
            bound = sum(m.end(t) - m.start(t) for t in tlist)
            mv = model.NewIntVar(0, bound, "")
            model.Add(mv == total)
            sq = model.NewIntVar(0, bound * bound, "")
            model.AddMultiplicationEquality(sq, [mv, mv])
            f = model.NewIntVar(0, bound * bound // 3600 + 1, "")
            model.AddDivisionEquality(f, sq, 3600)
            cost.append((fairness_w, f))
        if travel_w:
            cap = person.get("maxTasksPerDay") or 99
            for d, ts in days.items():
                for i, a in enumerate(ts):
                    for j in range(i + 1, len(ts)):
                        b = ts[j]
                        if m.start(b) < m.end(a):
                            continue  # they overlap: never both worked
                        tm = m.travel_minutes(a, b)
                        if tm == 0:
                            continue
                        between = [tx[c["id"]] for c in ts[i + 1:j] if m.start(c) >= m.end(a) and m.end(c) <= m.start(b)]
                        if len(between) >= 4 * cap:
                            break  # far apart in a day full of tasks: consecutive only through a long chain
                        # z >= a and b both worked with nothing between them
                        z = model.NewBoolVar("")
                        model.Add(z >= tx[a["id"]] + tx[b["id"]] - 1 - sum(between))
                        cost.append((travel_w * tm, z))
    # continuity
    cw = m.weight("continuity")[1]
    if cw:
        clients = {}
        for g, (t, req, seats) in enumerate(m.groups):
            if t.get("client"):
                clients.setdefault(t["client"], []).append(g)
        for c, gs in clients.items():
            allowance = max(sum(len(m.groups[h][2]) for h in gs if m.groups[h][0]["id"] == m.groups[g][0]["id"]) for g in gs)
            used = []
            for pi in range(len(people)):
                vs = [y[(g, pi)] for g in gs if (g, pi) in y]
                if not vs:
                    continue
                u = model.NewBoolVar("")
                model.AddMaxEquality(u, vs)
                used.append(u)
            if len(used) > allowance:
                extra = model.NewIntVar(0, len(used), "")
                model.Add(extra >= sum(used) - allowance)
                cost.append((cw, extra))
    model.Minimize(sum(c * v for c, v in cost))
    # Hint a greedy schedule (greedy.py: by priority, every hard rule kept) so the search starts from a full week.
    start = greedy(m)
    hinted = {(m.seats[i].group, pi) for i, pi in start.items()}
    for key, v in y.items():
        model.AddHint(v, 1 if key in hinted else 0)
    return model, y, start


def solve(model, seconds, workers, fix_to_hint=False):
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, seconds)
    solver.parameters.num_workers = workers
    solver.parameters.fix_variables_to_their_hinted_value = fix_to_hint
    return solver, solver.Solve(model)


def complete_hint(model, solver):
    """Hints every variable with its value in `solver`'s solution. CP-SAT mostly starts from a complete hint (not
    always: hence the better-of-two answer), where a hint of the seat variables alone was lost in 10 s (180300
    medium against the greedy's own 68600 on the 600-seat week)."""
    variables = [model.GetIntVarFromProtoIndex(i) for i in range(len(model.Proto().variables))]
    values = [solver.Value(v) for v in variables]
    model.ClearHints()
    for v, value in zip(variables, values):
        model.AddHint(v, value)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("problem")
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    started = time.time()
    m = load(a.problem)
    model, y, start = build(m)
    built = time.time() - started
    # The same search time as Tandem (building the model and the greedy start in Python is not counted against the
    # peer), in two calls: a short one that completes the greedy hint (every seat variable fixed to it), then the
    # search from that complete hint for the rest of the time. The better of the two answers is the peer's.
    clock = time.time()
    found = lambda status: status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    first, status = solve(model, a.seconds / 4, a.workers, fix_to_hint=True)
    best = None  # (objective, assignments, status)
    if found(status):
        best = (first.ObjectiveValue(), assignments_of(m, y, first), "greedy start completed")
        complete_hint(model, first)
    solver, status = solve(model, a.seconds - (time.time() - clock), a.workers)
    if found(status) and (best is None or solver.ObjectiveValue() < best[0]):
        best = (solver.ObjectiveValue(), assignments_of(m, y, solver), solver.StatusName(status))
    if best is None:
        # No solution from CP-SAT in its time: the peer answers with its greedy start.
        best = (None, [assignment(m, i, pi) for i, pi in start.items()], f"{solver.StatusName(status)}, greedy start")
    objective, assignments, answer = best
    json.dump({"assignments": assignments, "status": answer, "buildSeconds": round(built, 2)},
              open(a.out, "w"), ensure_ascii=False)
    print(f"cp-sat status {answer} objective {objective} build {built:.2f}s", file=sys.stderr)


def assignment(m, seat_index, pi):
    s = m.seats[seat_index]
    return {"task": s.task_id, "seat": s.seat, "person": m.people[pi]["id"]}


def assignments_of(m, y, solver):
    assignments = []
    for g, (t, req, seats) in enumerate(m.groups):
        chosen = [pi for pi in range(len(m.people)) if (g, pi) in y and solver.Value(y[(g, pi)])]
        assignments += [assignment(m, seat_index, pi) for seat_index, pi in zip(seats, chosen)]
    return assignments


if __name__ == "__main__":
    main()
