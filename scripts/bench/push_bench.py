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


def main():
    binary, connections, workers, broadcasts = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    data = tempfile.mkdtemp(prefix="tandem-bench-push-")
    server = Server(binary, data).start()
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
    per = [connections // workers + (1 if i < connections % workers else 0) for i in range(workers)]
    outs = [os.path.join(data, f"worker{i}.json") for i in range(workers)]
    started = time.time()
    # The load client: `tandem bench push-load` (Swift, NIO) by default; TANDEM_BENCH_CLIENT=python uses
    # push_worker.py, whose own per-message cost on this 2-core machine shows up in the latencies.
    deflate = os.environ.get("TANDEM_BENCH_COMPRESSION") != "none"
    def command(n, out):
        if os.environ.get("TANDEM_BENCH_CLIENT") == "python":
            return [sys.executable, os.path.join(os.path.dirname(__file__), "push_worker.py"), str(server.port),
                    session["token"], str(n), cafile, out, str(broadcasts), "300"]
        # --token=VALUE: a token may begin with "-", which would read as an option.
        return [binary, "bench", "push-load", "--port", str(server.port), f"--token={session['token']}", "--connections", str(n),
                "--cafile", cafile, "--broadcasts", str(broadcasts), "--out", out] + (["--deflate"] if deflate else [])
    procs = [subprocess.Popen(command(n, out), stdout=subprocess.PIPE, text=True) for n, out in zip(per, outs)]
    opened = failed = 0
    for p in procs:
        parts = p.stdout.readline().split()
        if parts and parts[0] == "ready":
            opened += int(parts[1]); failed += int(parts[2])
    connect_seconds = time.time() - started
    time.sleep(2)
    loaded = rss_kb(server.process.pid)
    held = server.metric("tandem_push_connections", -1)

    cpu_before = cpu_seconds(server.process.pid)
    load_cpu_before = sum(cpu_seconds(p.pid) for p in procs)
    for _ in range(broadcasts):
        server.http("POST", "/api/orgs/s1/notices", {"text": repr(time.time())}, admin)
        time.sleep(float(os.environ.get("TANDEM_BENCH_SPACING", "2")))  # one broadcast at a time, not a backlog
    for p in procs:
        p.wait(timeout=600)
    # The load processes share the two cores: their CPU over the broadcasts shows how much of the latency is theirs.
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    load_cpu = usage.ru_utime + usage.ru_stime - load_cpu_before
    # Heartbeats and idle sockets cost next to nothing over these seconds: this is the broadcasts' CPU.
    server_cpu = cpu_seconds(server.process.pid) - cpu_before
    latencies = []
    for out in outs:
        with open(out) as f:
            latencies += json.load(f)["latencies"]
    server.kill()
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(len(latencies) * q))] * 1000 if latencies else float("nan")
    client = "python websockets" if os.environ.get("TANDEM_BENCH_CLIENT") == "python" else "tandem bench push-load"
    print(f"connections_requested {connections} load_processes {workers} client {client} deflate {deflate}")
    print(f"connections_opened {opened} failed {failed} held_by_server {int(held)} (connect phase {connect_seconds:.1f} s)")
    print(f"server_rss_mb idle {idle / 1024:.1f} loaded {loaded / 1024:.1f}")
    if opened:
        print(f"memory_per_connection_kb {(loaded - idle) / opened:.1f}")
    print(f"broadcasts {broadcasts} deliveries {len(latencies)} of {broadcasts * opened}")
    print(f"server_cpu_ms_per_broadcast {1000 * server_cpu / max(1, broadcasts):.0f} "
          f"load_client_cpu_ms_per_broadcast {1000 * load_cpu / max(1, broadcasts):.0f}")
    print(f"fanout_latency_ms p50 {pick(0.5):.1f} p99 {pick(0.99):.1f} max {pick(1.0):.1f}")


if __name__ == "__main__":
    main()
