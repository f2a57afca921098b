"""End-to-end: the push benchmark's own tools still work, at a size a test can afford. scripts/bench/push_load.c is
compiled; scripts/bench/push_bench.py then runs it against a real `tandem serve` (the upgrade, permessage-deflate,
the hello, every notice timed twice) and against `tandem bench push-floor`, and every notice must arrive with sane
times. The figures themselves belong to `scripts/bench-push`, not to a test.
Prints `e2e-bench-push: N passed, N failed`."""
import os
import re
import subprocess
import sys
import tempfile

from tandem_client import Checks

check = Checks("e2e-bench-push")
HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.join(HERE, "..", "bench")


def run_bench(binary, client, connections, processes, broadcasts, floor=False):
    environment = dict(os.environ, TANDEM_PUSH_LOAD=client, TANDEM_BENCH_SPACING="0.5")
    if floor:
        environment["TANDEM_BENCH_FLOOR"] = "1"
    result = subprocess.run([sys.executable, os.path.join(BENCH, "push_bench.py"), binary, str(connections),
                             str(processes), str(broadcasts)], env=environment, capture_output=True, text=True,
                            timeout=300)
    return result.returncode, result.stdout + result.stderr


def figures(output, name):
    """p50, p99 and max of one latency line, in ms."""
    found = re.search(rf"^{name} p50 ([0-9.]+) p99 ([0-9.]+) max ([0-9.]+)$", output, re.M)
    return tuple(float(x) for x in found.groups()) if found else None


async def scenario(binary):
    client = os.path.join(tempfile.mkdtemp(prefix="tandem-push-load-"), "push_load")
    compiled = subprocess.run(["cc", "-O2", "-std=c11", "-Wall", "-Werror", "-o", client,
                               os.path.join(BENCH, "push_load.c"), "-lssl", "-lcrypto", "-lz"],
                              capture_output=True, text=True)
    if not check("the load client compiles without a warning", compiled.returncode == 0, compiled.stderr):
        return

    status, output = run_bench(binary, client, 60, 2, 3)
    check("the benchmark against tandem serve finishes", status == 0, output)
    check("every connection opens and is held by the server",
          "connections_opened 60 failed 0 held_by_server 60" in output, output)
    check("every notice reaches every connection", "deliveries 180 of 180" in output, output)
    fanout, read = figures(output, "fanout_latency_ms"), figures(output, "read_by_client_latency_ms")
    check("it prints the fan-out latency and the read-by-client latency", fanout and read, output)
    if fanout and read:
        check("latencies are positive and ordered (p50 ≤ p99 ≤ max)", 0 < fanout[0] <= fanout[1] <= fanout[2], fanout)
        check("a notice reaches 60 sockets within seconds, not minutes", fanout[2] < 10000, fanout)
    check("every notice's arrival is the kernel's receive stamp of its record",
          "kernel_arrival_stamps 180 of 180" in output, output)
    check("it prints memory per connection and the CPU of both sides",
          re.search(r"^memory_per_connection_kb [0-9.]+$", output, re.M)
          and re.search(r"^server_cpu_ms_per_broadcast \d+ load_client_cpu_ms_per_broadcast \d+$", output, re.M),
          output)

    status, output = run_bench(binary, client, 40, 2, 2, floor=True)
    check("the floor (push-floor and the raw client) finishes", status == 0, output)
    check("every floor notice reaches every connection", "deliveries 80 of 80" in output, output)
    check("the floor prints its latencies", figures(output, "fanout_latency_ms") is not None, output)


if __name__ == "__main__":
    check.run(scenario)
