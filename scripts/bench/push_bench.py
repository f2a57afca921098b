"""scripts/bench-push: holds N wss connections to a real `tandem serve` from separate load processes, broadcasts
notices, and prints connections held, server memory per connection and fan-out latency p50/p99."""
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "e2e"))
from tandem_client import Server  # noqa: E402


def cpu_seconds(pid):
    """User + system CPU time the process has used so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def load_command(binary, client, port, token, n, cafile, broadcasts, out, deflate, raw=False):
    """The load client: scripts/bench/push_load.c (built by scripts/bench-push) by default, the leanest;
    TANDEM_BENCH_CLIENT=swift uses `tandem bench push-load` (NIO) and =python push_worker.py, whose own
    per-message costs on this 2-core machine show up in the latencies."""
    if client == "python":
        return [sys.executable, os.path.join(os.path.dirname(__file__), "push_worker.py"), str(port),
                token, str(n), cafile, out, str(broadcasts), "300"]
    if client == "swift":
        # --token=VALUE: a token may begin with "-", which would read as an option.
        return [binary, "bench", "push-load", "--port", str(port), f"--token={token}", "--connections", str(n),
                "--cafile", cafile, "--broadcasts", str(broadcasts), "--out", out] + (["--deflate"] if deflate else [])
    return [os.environ["TANDEM_PUSH_LOAD"], str(port), token, str(n), cafile, str(broadcasts), out] \
        + (["--deflate"] if deflate else []) + (["--raw"] if raw else [])


def start_load(commands):
    """Starts the load processes; returns them with the connections opened and failed once all have settled."""
    # The load stands in for clients on other machines: at nice 19 it takes no core the server's event loops want,
    # so the fan-out is the server's own. TANDEM_BENCH_LOAD_NICE=0 shares the cores evenly instead.
    niceness = int(os.environ.get("TANDEM_BENCH_LOAD_NICE", "19"))
    procs = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True, preexec_fn=lambda: os.nice(niceness))
             for command in commands]
    opened = failed = 0
    for p in procs:
        parts = p.stdout.readline().split()
        if parts and parts[0] == "ready":
            opened += int(parts[1]); failed += int(parts[2])
    return procs, opened, failed


class LoadCPU:
    """The load processes' CPU from now until they have exited (they share the two cores with the server)."""
    def __init__(self, procs):
        self.procs = procs
        self.before = sum(cpu_seconds(p.pid) for p in procs)
        # Children that ended before (the build, when scripts/bench-push exec'd this) count in RUSAGE_CHILDREN too.
        self.earlier = resource.getrusage(resource.RUSAGE_CHILDREN)

    def wait(self):
        for p in self.procs:
            p.wait(timeout=600)
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime - self.earlier.ru_utime - self.earlier.ru_stime - self.before


def percentiles(values):
    values = sorted(values)
    pick = lambda q: values[min(len(values) - 1, int(len(values) * q))] * 1000 if values else float("nan")
    return f"p50 {pick(0.5):.1f} p99 {pick(0.99):.1f} max {pick(1.0):.1f}"


def print_latencies(outs, broadcasts, opened):
    """Prints the delivery count; returns the latency lines. The C load client times a notice twice: when its bytes
    reached the client's socket (the kernel's receive time stamp: the fan-out latency) and when the client had
    decrypted and read it (which adds the load process's own wait for a core on this shared machine)."""
    latencies, handled, stamped = [], [], 0
    for out in outs:
        with open(out) as f:
            result = json.load(f)
        latencies += result["latencies"]
        handled += result.get("handled", [])
        stamped += result.get("stamped", 0)
    print(f"broadcasts {broadcasts} deliveries {len(latencies)} of {broadcasts * opened}")
    if handled:
        print(f"kernel_arrival_stamps {stamped} of {len(latencies)}")
    lines = f"fanout_latency_ms {percentiles(latencies)}"
    if handled:
        lines += f"\nread_by_client_latency_ms {percentiles(handled)}"
    return lines


def split(connections, workers):
    return [connections // workers + (1 if i < connections % workers else 0) for i in range(workers)]


def floor(binary, connections, workers, broadcasts, client):
    """TANDEM_BENCH_FLOOR=1: the same load against `tandem bench push-floor`, NIO and NIOSSL without Tandem."""
    if client != "c":
        sys.exit("push floor: only the C load client speaks the floor's bare TLS (--raw)")
    data = tempfile.mkdtemp(prefix="tandem-bench-floor-")
    spacing = os.environ.get("TANDEM_BENCH_SPACING", "2")
    server = subprocess.Popen([binary, "bench", "push-floor", "--data", data, "--connections", str(connections),
                               "--broadcasts", str(broadcasts), "--spacing", spacing], stdout=subprocess.PIPE, text=True)
    port = int(server.stdout.readline().split()[1])
    outs = [os.path.join(data, f"worker{i}.json") for i in range(workers)]
    cafile = os.path.join(data, "tls-cert.pem")
    procs, opened, failed = start_load([load_command(binary, client, port, "-", n, cafile, broadcasts, out, False, raw=True)
                                        for n, out in zip(split(connections, workers), outs)])
    if failed:
        server.kill()
        sys.exit(f"push floor: {failed} connections failed")
    load = LoadCPU(procs)
    load_cpu = load.wait()
    server_line = server.stdout.readline().strip()
    server.wait(timeout=60)
    print(f"floor: tandem bench push-floor (NIO + NIOSSL only) connections {connections} load_processes {workers}")
    latency = print_latencies(outs, broadcasts, opened)
    print(f"{server_line} load_client_cpu_ms_per_broadcast {1000 * load_cpu / max(1, broadcasts):.0f}")
    print(latency)


def main():
    binary, connections, workers, broadcasts = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    client = os.environ.get("TANDEM_BENCH_CLIENT", "c")
    if os.environ.get("TANDEM_BENCH_FLOOR"):
        return floor(binary, connections, workers, broadcasts, client)
    data = tempfile.mkdtemp(prefix="tandem-bench-push-")
    # Every load connection comes from 127.0.0.1 and is unauthenticated until its hello: the per-address cap on
    # such sockets (a defence against one client holding thousands) would refuse the load's ramp.
    server = Server(binary, data, extra=["--max-pending-per-address", str(connections + 1000),
                                         "--max-pending-total", str(connections + 1000)]).start()
    admin = server.login("admin", server.admin_password)
    for unit in [{"id": "d1", "name": "朝阳区", "level": "district"},
                 {"id": "s1", "name": "建外街道", "level": "street", "parent": "d1"}]:
        server.http("POST", "/api/orgs", unit, admin)
    server.http("PUT", "/api/orgs/s1/people", [{"id": "v1", "name": "张伟", "role": "volunteer"}], admin)
    _, invitation = server.http("POST", "/api/people/v1/invitation", None, admin)
    _, session = server.http("POST", "/api/join", {"token": invitation["token"]})
    server.http("POST", "/api/orgs/s1/notices", {"text": str(time.time())}, admin)  # warm up the push path
    time.sleep(1)
    idle = rss_kb(server.process.pid)

    cafile = os.path.join(data, "tls-cert.pem")
    outs = [os.path.join(data, f"worker{i}.json") for i in range(workers)]
    deflate = os.environ.get("TANDEM_BENCH_COMPRESSION") != "none"
    started = time.time()
    procs, opened, failed = start_load([load_command(binary, client, server.port, session["token"], n, cafile, broadcasts,
                                                     out, deflate) for n, out in zip(split(connections, workers), outs)])
    connect_seconds = time.time() - started
    time.sleep(2)
    loaded = rss_kb(server.process.pid)
    held = server.metric("tandem_push_connections", -1)

    cpu_before = cpu_seconds(server.process.pid)
    load = LoadCPU(procs)
    for _ in range(broadcasts):
        server.http("POST", "/api/orgs/s1/notices", {"text": repr(time.time())}, admin)
        time.sleep(float(os.environ.get("TANDEM_BENCH_SPACING", "2")))  # one broadcast at a time, not a backlog
    load_cpu = load.wait()
    # Heartbeats and idle sockets cost next to nothing over these seconds: this is the broadcasts' CPU.
    server_cpu = cpu_seconds(server.process.pid) - cpu_before
    server.kill()
    name = {"python": "python websockets", "swift": "tandem bench push-load"}.get(client, "push_load (C)")
    print(f"connections_requested {connections} load_processes {workers} client {name} deflate {deflate}")
    print(f"connections_opened {opened} failed {failed} held_by_server {int(held)} (connect phase {connect_seconds:.1f} s)")
    print(f"server_rss_mb idle {idle / 1024:.1f} loaded {loaded / 1024:.1f}")
    if opened:
        print(f"memory_per_connection_kb {(loaded - idle) / opened:.1f}")
    latency = print_latencies(outs, broadcasts, opened)
    print(f"server_cpu_ms_per_broadcast {1000 * server_cpu / max(1, broadcasts):.0f} "
          f"load_client_cpu_ms_per_broadcast {1000 * load_cpu / max(1, broadcasts):.0f}")
    print(latency)


if __name__ == "__main__":
    main()
