"""A greedy schedule to hint the CP-SAT peer with: required seats by priority (highest first, then by start), each
given the cheapest eligible person whose week still keeps every hard rule, checked with the scorer's person rules."""
from problem import past_workers
from score import person_rules, priority

# Rules that more work can only mend, never break: left out of the check so a partial week is not refused.
LOWER_BOUNDS = {"minTotalMinutes", "minConsecutiveDays"}


def greedy(m):
    """Seat index -> person index."""
    past = past_workers(m)
    position = {id(s): i for i, s in enumerate(m.seats)}
    weeks = [[] for _ in m.people]
    chosen, holding = {}, set()  # holding: (person, task id), one seat per task each
    order = sorted((i for i, s in enumerate(m.seats) if not s.req.get("optional")),
                   key=lambda i: (-priority(m.seats[i].task), m.start(m.seats[i].task), i))
    for i in order:
        s = m.seats[i]
        options = sorted((m.slot_cost(p, s.task, s.req, past.get(s.task.get("client"))), pi)
                         for pi, p in enumerate(m.people)
                         if (pi, s.task_id) not in holding and not m.ineligible(p, s.task, s.req))
        for _, pi in options:
            trial = sorted(weeks[pi] + [s], key=lambda x: (m.start(x.task), position[id(x)]))
            broken = []
            person_rules(m, m.people[pi], trial,
                         lambda cid, n: broken.append(cid) if n and cid not in LOWER_BOUNDS and m.weight(cid)[0] == "hard" else None)
            if not broken:
                weeks[pi] = trial
                chosen[i] = pi
                holding.add((pi, s.task_id))
                break
    return chosen
