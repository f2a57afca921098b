"""scripts/bench-cluster: three `tandem serve` instances (release build) on one PostgreSQL, CONNECTIONS wss connections
held at each (from separate load processes, scripts/bench/push_load.c), notices posted at one instance at RATE a
second. Prints the delivery latency from a notice's post at instance A to its frame at clients of A (local) and of
B and C (cross-instance), p50 and p99, then the log's events a second at saturation (posters on every instance, as
fast as they are answered)."""
import concurrent.futures
import http.client
import json
import multiprocessing
import os
import queue
import ssl
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "e2e"))
from push_bench import load_command, percentiles, start_load  # noqa: E402
from tandem_client import Server  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
MEASURED = 100  # connections per instance whose user receives the notices; the rest of each instance's are idle


class KeepAlive:
    """One HTTPS connection kept open for many requests (a poster that reconnects per request would measure TLS)."""

    def __init__(self, port, cafile, token):
        self.port, self.token = port, token
        self.context = ssl.create_default_context(cafile=cafile)
        self.connection = None

    def post(self, path, body):
        if self.connection is None:
            self.connection = http.client.HTTPSConnection("127.0.0.1", self.port, context=self.context, timeout=30)
        self.connection.request("POST", path, body=json.dumps(body).encode(),
                                headers={"Authorization": "Bearer " + self.token, "Content-Type": "application/json"})
        response = self.connection.getresponse()
        payload = response.read()
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return response.status, payload


def saturate(port, cafile, token, batch, seconds, results):
    """One poster process: notices as fast as they are answered; puts (events, transactions) acknowledged."""
    client = KeepAlive(port, cafile, token)
    events = transactions = 0
    deadline = time.time() + seconds
    while time.time() < deadline:
        status, _ = client.post("/api/orgs/s2/notices", {"text": "load", "repeatCount": batch})
        if status == 201:
            events += batch
            transactions += 1
    results.put((events, transactions))


def cpu_seconds(pids):
    """User and system CPU the processes have used so far (Linux /proc)."""
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def main():
    binary, connections, rate, events = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
    folder = tempfile.mkdtemp(prefix="tandem-bench-cluster-")
    script = os.path.join(HERE, "..", "postgres")
    # A folder of its own: the cluster's owner (postgres, when this runs as root) must reach it.
    pg_folder = tempfile.mkdtemp(prefix="tandem-bench-cluster-pg-")
    server_url = subprocess.run([script, "start", pg_folder, "55437"], check=True, capture_output=True, text=True).stdout.strip()
    servers = []
    try:
        extra = ["--database", server_url, "--max-pending-per-address", str(connections + 1000),
                 "--max-pending-total", str(connections + 1000)]
        servers = [Server(binary, os.path.join(folder, f"instance{i}"), extra=extra).start() for i in range(3)]
        a = servers[0]
        admin = a.login("admin", a.admin_password)
        for unit in [{"id": "d1", "name": "朝阳区", "level": "district"},
                     {"id": "s1", "name": "建外街道", "level": "street", "parent": "d1"},
                     {"id": "s2", "name": "呼家楼街道", "level": "street", "parent": "d1"}]:
            a.http("POST", "/api/orgs", unit, admin)
        for name, unit in [("coord-s1", "s1"), ("coord-s2", "s2")]:
            a.http("POST", "/api/users", {"username": name, "role": "coordinator", "orgUnit": unit, "password": "coordinator-pass"}, admin)
        measured_token, idle_token = a.login("coord-s1", "coordinator-pass"), a.login("coord-s2", "coordinator-pass")

        # Per instance: MEASURED connections of s1's coordinator (they receive each notice) and the rest idle
        # (s2's coordinator: nothing posted to s2 until the end, when one notice releases them).
        outs, commands = [], []
        for i, s in enumerate(servers):
            cafile = os.path.join(s.data_dir, "tls-cert.pem")
            out = os.path.join(folder, f"measured{i}.json")
            outs.append(out)
            commands.append(load_command(binary, "c", s.port, measured_token, MEASURED, cafile, events, out, True))
            commands.append(load_command(binary, "c", s.port, idle_token, connections - MEASURED, cafile, 1,
                                         os.path.join(folder, f"idle{i}.json"), True))
        started = time.time()
        procs, opened, failed = start_load(commands)
        print(f"instances 3 connections_requested {3 * connections} opened {opened} failed {failed} "
              f"(connect phase {time.time() - started:.1f} s)")
        time.sleep(2)
        held = [int(s.metric("tandem_push_connections", -1)) for s in servers]
        print(f"held_by_instance {held}")

        # Four posting connections, so a slow answer never holds back the next notice: each is sent when due.
        cafile_a = os.path.join(a.data_dir, "tls-cert.pem")
        posters = queue.Queue()
        for _ in range(4):
            posters.put(KeepAlive(a.port, cafile_a, admin))
        acks, late = [], 0

        def post_one():
            poster = posters.get()
            try:
                sent = time.time()
                poster.post("/api/orgs/s1/notices", {"text": repr(sent)})
                acks.append(time.time() - sent)
            finally:
                posters.put(poster)

        begin = time.time()
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            for n in range(events):
                pause = begin + n / rate - time.time()
                if pause > 0:
                    time.sleep(pause)
                else:
                    late += 1
                pool.submit(post_one)
        posted_for = time.time() - begin
        KeepAlive(a.port, cafile_a, admin).post("/api/orgs/s2/notices", {"text": repr(time.time())})  # releases the idle
        for p in procs:
            p.wait(timeout=600)
        print(f"posted {events} notices at instance A in {posted_for:.1f} s ({events / posted_for:.0f}/s; {late} sent late)")
        print(f"post_to_ack_at_A_ms {percentiles(acks)}")
        local, cross = [], []
        for i, out in enumerate(outs):
            with open(out) as f:
                result = json.load(f)
            (local if i == 0 else cross).extend(result["latencies"])
        print(f"deliveries local {len(local)} of {MEASURED * events} cross {len(cross)} of {2 * MEASURED * events}")
        print(f"local_delivery_ms (post at A -> frame at a client of A) {percentiles(local)}")
        print(f"cross_instance_delivery_ms (post at A -> frame at a client of B or C) {percentiles(cross)}")

        # Saturation: posters on every instance, no push clients left; one event per transaction, then ten, then fifty.
        for batch in (1, 10, 50):
            results = multiprocessing.Queue()
            seconds = 10
            posters = [multiprocessing.Process(target=saturate, args=(s.port, os.path.join(s.data_dir, "tls-cert.pem"), admin,
                                                                      batch, seconds, results))
                       for s in servers for _ in range(4)]
            servers_cpu = cpu_seconds([s.process.pid for s in servers])
            for p in posters:
                p.start()
            totals = [results.get(timeout=120) for _ in posters]
            servers_cpu = cpu_seconds([s.process.pid for s in servers]) - servers_cpu
            for p in posters:
                p.join()
            logged, transactions = sum(t[0] for t in totals), sum(t[1] for t in totals)
            print(f"saturation events_per_transaction {batch}: log_events_per_s {logged / seconds:.0f} "
                  f"transactions_per_s {transactions / seconds:.0f} servers_cpu_ms_per_transaction "
                  f"{1000 * servers_cpu / max(transactions, 1):.2f} ({len(posters)} posters over 3 instances, {seconds} s)")
    finally:
        for s in servers:
            s.kill()
        subprocess.run([script, "stop", pg_folder], check=False)


if __name__ == "__main__":
    main()
