"""Reads a Tandem problem JSON and derives what both the scorer and the CP-SAT model need, independently of the
Swift code: seats, eligibility, slot costs, conflicts. Follows docs/problem-format.md."""
import json
import math
from dataclasses import dataclass, field
from datetime import date, datetime

DEFAULTS = {  # constraint id: (level, weight), as in docs/problem-format.md
    "eligibility": ("hard", 1), "unfilledSeat": ("medium", 100), "optionalSeat": ("soft", 1), "preference": ("soft", 20),
    "homeDistance": ("soft", 1), "familiarFace": ("soft", 30), "disruption": ("soft", 200), "noOverlap": ("hard", 1),
    "maxMinutesPerDay": ("hard", 1), "maxMinutesPerWeek": ("hard", 1), "maxTasksPerDay": ("hard", 1), "minRest": ("hard", 1),
    "maxConsecutiveDays": ("hard", 1), "minConsecutiveDays": ("hard", 1), "minConsecutiveDaysOff": ("hard", 1),
    "maxWeekends": ("hard", 1), "minTotalMinutes": ("hard", 1), "maxTotalMinutes": ("hard", 1), "maxTasksOfKind": ("hard", 1),
    "forbiddenSuccession": ("hard", 1), "request": ("soft", 1), "fairness": ("soft", 1), "travel": ("soft", 1),
    "continuity": ("soft", 60),
}


_MINUTES = {}


def minutes_of(text):  # "YYYY-MM-DDTHH:MM" -> minutes since 1970-01-01 (cached: the same strings recur)
    v = _MINUTES.get(text)
    if v is None:
        d = datetime.strptime(text, "%Y-%m-%dT%H:%M")
        v = _MINUTES[text] = (d.date() - date(1970, 1, 1)).days * 1440 + d.hour * 60 + d.minute
    return v


def day_number(text):
    return (date.fromisoformat(text) - date(1970, 1, 1)).days


def distance_km(a, b):  # haversine
    r = 6371.0
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dp, dl = p2 - p1, math.radians(b[1] - a[1])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(h))


@dataclass
class Seat:
    task: dict
    task_id: str
    seat: int
    req: dict
    group: int  # seats of one requirement share a group


@dataclass
class Model:
    p: dict
    people: list
    tasks: dict
    seats: list
    groups: list  # (task, req, [seat indices])
    horizon_start: int
    days: int
    rules: dict = field(default_factory=dict)
    _travel: dict = field(default_factory=dict)

    def weight(self, cid):
        level, w = DEFAULTS[cid]
        return self.rules.get("levels", {}).get(cid, level), self.rules.get("weights", {}).get(cid, w)

    def labour(self, person):
        lab = self.rules.get("labour", {})
        return lab.get(person.get("labourGroup") or "default", lab.get("default"))

    def start(self, t):
        return minutes_of(t["start"]) - self.horizon_start * 1440

    def end(self, t):
        return minutes_of(t["end"]) - self.horizon_start * 1440

    def travel_minutes(self, t1, t2):
        a, b = (t1["site"]["lat"], t1["site"]["lon"]), (t2["site"]["lat"], t2["site"]["lon"])
        if a == b:
            return 0
        key = (a, b)
        v = self._travel.get(key)
        if v is None:
            v = self._travel[key] = math.ceil(distance_km(a, b) * 60 / self.rules.get("travelSpeedKmh", 15) - 1e-9)
        return v

    def weekday(self, minute):  # ISO weekday of an absolute minute
        return (minute // 1440 + 3) % 7 + 1

    def ineligible(self, person, t, req):
        if req.get("role") and req["role"] != person["role"]:
            return "role"
        tdate = minutes_of(t["start"]) // 1440
        for need in req.get("credentials", []):
            kind, lvl = (need, 0) if isinstance(need, str) else (need["kind"], need.get("minLevel") or 0)
            ok = False
            for c in person.get("credentials", []):
                if c["kind"] != kind:
                    continue
                if c.get("validFrom") and tdate < day_number(c["validFrom"]):
                    continue
                if c.get("validTo") and tdate > day_number(c["validTo"]):
                    continue
                if (c.get("level") or 0) >= lvl:
                    ok = True
            if not ok:
                return "credential"
        if any(s not in person.get("skills", []) for s in req.get("skills", [])):
            return "skill"
        if req.get("languages") and not set(req["languages"]) & set(person.get("languages", [])):
            return "language"
        lab = self.labour(person)
        if lab and lab.get("maxTasksOfKind", {}).get(t["kind"]) == 0:
            return "kind"
        s, e = minutes_of(t["start"]), minutes_of(t["end"])
        if person.get("availability"):
            day0 = s // 1440 * 1440
            if not any(self.weekday(s) in w["days"] and s >= day0 + hm(w["start"]) and e <= day0 + hm(w["end"])
                       for w in person["availability"]):
                return "unavailable"
        for b in person.get("blockouts", []):
            if minutes_of(b["start"]) < e and s < minutes_of(b["end"]):
                return "blockout"
        limit = self.rules.get("maxDistanceFromHomeKm")
        if limit is not None and person.get("home"):
            h = person["home"]
            if distance_km((h["lat"], h["lon"]), (t["site"]["lat"], t["site"]["lon"])) > limit:
                return "far"
        return None

    def slot_cost(self, person, t, req, past):
        """Soft slot-scope cost of an eligible person in a seat of t (no disruption: the generated weeks have no
        current schedule; disruption is added by the caller)."""
        prefs = person.get("preferences", {})
        wish = 0
        if t["kind"] in prefs.get("preferredKinds", []):
            wish -= 1
        if t["kind"] in prefs.get("dislikedKinds", []):
            wish += 1
        s, e = minutes_of(t["start"]), minutes_of(t["end"])
        day0 = s // 1440 * 1440
        if any(self.weekday(s) in w["days"] and s < day0 + hm(w["end"]) and e > day0 + hm(w["start"]) for w in prefs.get("avoidedTimes", [])):
            wish += 1
        pt = prefs.get("preferredTimes", [])
        if pt and not any(self.weekday(s) in w["days"] and s >= day0 + hm(w["start"]) and e <= day0 + hm(w["end"]) for w in pt):
            wish += 1
        cost = wish * self.weight("preference")[1]
        if person.get("home"):
            h = person["home"]
            km = distance_km((h["lat"], h["lon"]), (t["site"]["lat"], t["site"]["lon"]))
            cost += round(km * 60 / self.rules.get("travelSpeedKmh", 15)) * self.weight("homeDistance")[1]
        if past and person["id"] not in past:
            cost += self.weight("familiarFace")[1]
        if req.get("optional") and req.get("fillCost", 0) > 0:
            cost += req["fillCost"] * self.weight("optionalSeat")[1]
        return cost


def hm(text):
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def load(path):
    p = json.load(open(path, encoding="utf-8"))
    tasks = {t["id"]: t for t in p["tasks"]}
    seats, groups = [], []
    for t in p["tasks"]:
        n = 0
        for req in t["seats"]:
            idx = []
            for _ in range(req.get("count", 1)):
                idx.append(len(seats))
                seats.append(Seat(t, t["id"], n, req, len(groups)))
                n += 1
            groups.append((t, req, idx))
    return Model(p, p["people"], tasks, seats, groups, day_number(p["horizon"]["start"]), p["horizon"]["days"], p.get("rules", {}))


def past_workers(m):
    past = {}
    for h in m.p.get("history", []):
        if h.get("client"):
            past.setdefault(h["client"], set()).add(h["person"])
    return past
