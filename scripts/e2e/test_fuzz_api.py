"""Fuzzes every operation of a real `tandem serve` from its own /openapi.json with schemathesis: data that fits the
schema and data that breaks it, as an admin, a community coordinator, a volunteer and nobody. The gate: no answer
is a 5xx, every 4xx is JSON naming the field, and the server is alive at the end. Bounded by examples per
operation (TANDEM_FUZZ_EXAMPLES, default 20). Prints `e2e-fuzz-api: N passed, N failed`."""
import collections
import json
import os
import tempfile
import time
import warnings

import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable

from tandem_client import Checks, Server

warnings.filterwarnings("ignore")
check = Checks("e2e-fuzz-api")
EXAMPLES = int(os.environ.get("TANDEM_FUZZ_EXAMPLES", "20"))
# Ending the fuzzer's own session would turn every later case into a 401 about nothing.
SKIPPED_WITH_TOKEN = {("POST", "/api/logout")}


def prepare(server):
    admin = server.login("admin", server.admin_password)
    for unit in [{"id": "d1", "name": "武侯区", "level": "district"}, {"id": "s1", "name": "玉林街道", "level": "street", "parent": "d1"},
                 {"id": "ca", "name": "玉林社区", "level": "community", "parent": "s1"}]:
        server.http("POST", "/api/orgs", unit, admin)
    server.http("POST", "/api/users", {"username": "coord-ca", "role": "coordinator", "orgUnit": "ca", "password": "coordinator-pass"}, admin)
    server.http("PUT", "/api/orgs/ca/people", [{"id": "v1", "name": "张伟", "role": "volunteer"}], admin)
    _, invitation = server.http("POST", "/api/people/v1/invitation", None, admin)
    volunteer = server.http("POST", "/api/join", {"token": invitation["token"]})[1]["token"]
    return {"admin": admin, "coordinator": server.login("coord-ca", "coordinator-pass"), "volunteer": volunteer, "anonymous": None}


def fuzz(schema, base, cafile, caller, token, mode, tally, bad):
    session = requests.Session()
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    for result in schema.get_all_operations():
        operation = result.ok()
        key = (operation.method.upper(), operation.path)
        if token and key in SKIPPED_WITH_TOKEN:
            continue

        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case):
            response = case.call(base_url=base, session=session, headers=headers, timeout=60, verify=cafile)
            tally[response.status_code // 100] += 1
            label = f"{caller} {mode.value} {key[0]} {key[1]}"
            if response.status_code >= 500:
                bad.append(f"{label}: {response.status_code} {response.text[:200]}")
            elif response.status_code >= 400:
                try:
                    error = response.json()["error"]
                    named = isinstance(error.get("field"), str) and error["field"] != "" and isinstance(error.get("reason"), str)
                except (ValueError, KeyError, TypeError):
                    named = False
                if not named:
                    bad.append(f"{label}: {response.status_code} without a JSON error naming the field: {response.text[:200]}")
        try:
            run()
        except Unsatisfiable:
            pass


async def scenario(binary):
    data = tempfile.mkdtemp(prefix="tandem-fuzz-api-")
    server = Server(binary, data).start()
    try:
        tokens = prepare(server)
        base = f"https://127.0.0.1:{server.port}"
        cafile = os.path.join(data, "tls-cert.pem")
        document = requests.get(base + "/openapi.json", verify=cafile).json()
        schema = schemathesis.openapi.from_dict(document)
        operations = sum(1 for _ in schema.get_all_operations())
        check("the OpenAPI document lists every operation", operations > 30, operations)
        tally, bad = collections.Counter(), []
        started = time.time()
        for caller, token in tokens.items():
            for mode in schemathesis.GenerationMode:
                fuzz(schema, base, cafile, caller, token, mode, tally, bad)
        print(f"fuzzed {sum(tally.values())} requests in {time.time() - started:.0f} s: "
              + ", ".join(f"{k}xx {v}" for k, v in sorted(tally.items())))
        check("requests were made in every mode and role", sum(tally.values()) > operations * 8, dict(tally))
        check("no answer was a 5xx", tally[5] == 0, [b for b in bad if " 5" in b][:10])
        check("every 4xx is JSON naming the field", not bad, bad[:10])
        status, _ = server.http("GET", "/health")
        check("the server is alive and answers after the fuzzing", status == 200 and server.process.poll() is None)
    finally:
        server.kill()


check.run(scenario)
