"""Mutation fuzzing of both CSV imports (people and tasks) on a real `tandem serve`: valid spreadsheets bent by
seeded random mutations (flipped bytes, hostile numbers, dates and times, control characters, broken quotes,
other encodings, huge cells and rows). The gate: no 5xx and no crash; each answer is 200, 207 with every rejected
row naming its column, or a 4xx JSON error naming the field; nothing stored breaks the input rules; the valid
file still imports afterwards. TANDEM_FUZZ_CSV_CASES sets the cases per import (default 250).
Prints `e2e-fuzz-csv: N passed, N failed`."""
import collections
import os
import random
import re
import tempfile

from tandem_client import Checks, Server

check = Checks("e2e-fuzz-csv")
CASES = int(os.environ.get("TANDEM_FUZZ_CSV_CASES", "250"))
ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")

PEOPLE = ("id,name,role,org,credentials,skills,languages,lat,lon,availability,max_hours_day,max_hours_week,max_tasks_day,team\n"
          "p1,张伟,volunteer,ca,firstAid@2027-06-30,cooking;driving,zh;en,30.64,104.04,mon-fri 08:00-18:00,8,20,2,红队\n"
          "p2,李娜,socialWorker,ca,socialWorkerCertificate:2@2028-01-01,,zh,30.65,104.05,sat 09:00-12:00,,,,\n")
TASKS = ("id,kind,title,org,date,start,end,lat,lon,site,seats,priority,client,recurrence,notes\n"
         "t1,homeVisit,探访王奶奶,ca,2027-01-05,09:00,10:30,30.64,104.04,王家,socialWorker:1:socialWorkerCertificate;volunteer:1,red,c1,once,带上血压计\n"
         "t2,groupActivity,书法课,ca,2027-01-06,14:00,16:00,30.65,104.05,活动室,volunteer:2,5,,weekly,\n")

HOSTILE = ["1e308", "-1e308", "nan", "NaN", "inf", "-inf", "1.6e17", "99999999999999999999", "-0", "1e-400", "0x10", "١٢",
           "0000-00-00", "0000-01-01", "9999-12-31", "2027-02-30", "24:00", "99:99", "-1:00", "23:59:59", "", " ", "\"",
           "\"\"\"", "=CMD|' /C calc'!A0", "<img src=x onerror=alert(1)>", "../../etc/passwd", "\x00", "\x1b[31m", "\u202e",
           "a" * 5000, "名" * 2000, "volunteer:0", "volunteer:100000", "any:1:::::", ":::", ";;;;", "mon-sun 25:00-26:00",
           "x:1@2027-13-01", "socialWorker:-1", "\r", "\r\n", "\n\n\n", ",,,,,,"]


def mutate(text, rng):
    lines = text.split("\n")
    if len(lines) < 3:  # an earlier mutation left no rows: start again from a valid row
        lines = [lines[0], "p1,x,volunteer", ""]
        text = "\n".join(lines)
    choice = rng.randrange(10)
    if choice == 0:  # a hostile value in a random cell
        row = rng.randrange(1, len(lines) - 1)
        cells = lines[row].split(",")
        cells[rng.randrange(len(cells))] = rng.choice(HOSTILE)
        lines[row] = ",".join(cells)
        return "\n".join(lines).encode("utf-8", "surrogatepass")
    if choice == 1:  # flipped bytes
        data = bytearray(text.encode())
        for _ in range(rng.randrange(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)
    if choice == 2:  # broken quoting
        position = rng.randrange(len(text))
        return (text[:position] + "\"" * rng.randrange(1, 4) + text[position:]).encode()
    if choice == 3:  # another encoding
        return text.encode(rng.choice(["gb18030", "utf-16", "utf-16-le", "latin-1" if text.isascii() else "gb18030"]), "replace")
    if choice == 4:  # a header changed, doubled or dropped
        header = lines[0].split(",")
        action = rng.randrange(3)
        if action == 0:
            header[rng.randrange(len(header))] = rng.choice(HOSTILE)
        elif action == 1:
            header.append(rng.choice(header))
        else:
            header.pop(rng.randrange(len(header)))
        lines[0] = ",".join(header)
        return "\n".join(lines).encode("utf-8", "surrogatepass")
    if choice == 5:  # many rows, some repeated ids
        return (lines[0] + "\n" + "\n".join(lines[1 + rng.randrange(len(lines) - 2)] for _ in range(rng.randrange(50, 2000)))).encode()
    if choice == 6:  # very wide rows
        return (lines[0] + "," * rng.randrange(100, 5000) + "\n" + lines[1] + ",x" * rng.randrange(100, 5000)).encode()
    if choice == 7:  # line endings mixed
        return "".join(c + (rng.choice(["\r", "\r\n", ""]) if c == "\n" else "") for c in text).encode()
    if choice == 8:  # several hostile values at once
        out = text
        for _ in range(rng.randrange(2, 6)):
            out = mutate(out, rng).decode("utf-8", "replace")
        return out.encode()
    return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 3000)))  # noise


def fuzz(server, token, path, seed_text, rng, tally, bad):
    for n in range(CASES):
        body = mutate(seed_text, rng)
        status, answer = server.http("POST", path, body, token, content_type="text/csv")
        tally[status] += 1
        if status >= 500 or status in (200, 207) and not isinstance(answer, dict):
            bad.append((n, status, str(answer)[:200]))
        elif status == 207 and not all(e.get("field") and e.get("reason") and e.get("line", 0) >= 1 for e in answer["errors"]):
            bad.append((n, status, "a rejected row without its column: " + str(answer["errors"][:3])[:200]))
        elif 400 <= status < 500 and not (isinstance(answer, dict) and answer.get("error", {}).get("field")):
            bad.append((n, status, "an error without its field: " + str(answer)[:200]))


async def scenario(binary):
    data = tempfile.mkdtemp(prefix="tandem-fuzz-csv-")
    server = Server(binary, data).start()
    try:
        admin = server.login("admin", server.admin_password)
        for unit in [{"id": "d1", "name": "武侯区", "level": "district"}, {"id": "s1", "name": "玉林街道", "level": "street", "parent": "d1"},
                     {"id": "ca", "name": "玉林社区", "level": "community", "parent": "s1"}]:
            server.http("POST", "/api/orgs", unit, admin)
        server.http("POST", "/api/users", {"username": "coord-s1", "role": "coordinator", "orgUnit": "s1", "password": "coordinator-pass"}, admin)
        coord = server.login("coord-s1", "coordinator-pass")
        for path, seed in [("/api/orgs/s1/people/import", PEOPLE), ("/api/orgs/s1/tasks/import", TASKS)]:
            status, report = server.http("POST", path, seed, coord, content_type="text/csv")
            check(f"the valid file imports ({path})", status == 200 and report["imported"] == 2, report)
        rng = random.Random(20261201)
        for path, seed in [("/api/orgs/s1/people/import", PEOPLE), ("/api/orgs/s1/tasks/import", TASKS)]:
            tally, bad = collections.Counter(), []
            fuzz(server, coord, path, seed, rng, tally, bad)
            print(f"{path}: {CASES} cases, answers {dict(sorted(tally.items()))}")
            check(f"{path}: no 5xx", not any(s >= 500 for s in tally), dict(tally))
            check(f"{path}: every answer names the column or field", not bad, bad[:5])
            check(f"{path}: some mutants are refused and some accepted", tally[207] + tally[400] > 0 and tally[200] + tally[207] > 0, dict(tally))
        check("the server never crashed", server.process.poll() is None)
        status, people = server.http("GET", "/api/orgs/s1/people", None, coord)
        status_tasks, tasks = server.http("GET", "/api/orgs/s1/tasks", None, coord)
        broken = [p["id"] for p in people if not ID.match(p["id"]) or not (1 <= len(p["name"]) <= 100)
                  or any(ord(c) < 32 for c in p["name"])]
        broken += [t["task"]["id"] for t in tasks if not ID.match(t["task"]["id"]) or len(t["task"].get("title") or "") > 200
                   or not ("2000" <= t["task"]["start"][:4] <= "2100")]
        check("nothing stored breaks the input rules", status == 200 and status_tasks == 200 and not broken, broken[:10])
        for path, seed in [("/api/orgs/s1/people/import", PEOPLE), ("/api/orgs/s1/tasks/import", TASKS)]:
            status, report = server.http("POST", path, seed, coord, content_type="text/csv")
            check(f"the valid file still imports afterwards ({path})", status == 200 and report["imported"] == 2, report)
        _, people = server.http("GET", "/api/orgs/s1/people", None, coord)
        check("the seed's people read back as imported", any(p["id"] == "p1" and p["name"] == "张伟" and p["skills"] == ["cooking", "driving"]
                                                            for p in people))
    finally:
        server.kill()


check.run(scenario)
