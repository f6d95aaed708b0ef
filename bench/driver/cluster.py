"""Relays and joins across processes (issue 13; bench/README.md "Cluster"): the relay and
latency scenarios with every 2-person room split over two server processes that share rooms
through Redis, and a join storm whose clients are spread over three, each beside the same
scenario on one process of the same cluster set-up, for Parley (`--redis`, PostgreSQL) and Node
socket.io with @socket.io/redis-adapter, in one run. CPU counts every server process and
redis-server (all on the server core). Its own section of docs/benchmarks.md, between markers,
replaced in place by `--only cluster`.
"""
import json
import os
import statistics
import subprocess
import tempfile
import time

from . import servers as servers_mod
from . import ttff

KEY = "cluster"
BEGIN, END = "<!-- bench:cluster -->", "<!-- /bench:cluster -->"
RUNS = 3

# (key, title, loadgen arguments, figures, process counts compared). Member i of a room
# connects to process i mod N, so with N processes every room spans them.
SCENARIOS = [
    ("relay", "Relay throughput (50 rooms of 2, 16 in flight per sender)",
     ["--scenario", "relay", "--rooms", "50", "--window", "16", "--duration", "5",
      "--warmup", "1"],
     [("messages_per_s", "relayed messages per second", "msg/s", 0),
      ("server_cpu_us_per_msg", "CPU per relayed message (servers + Redis)", "µs", 1)],
     (1, 2)),
    ("latency_2000", "One-way relay latency at 2,000 messages/s",
     ["--scenario", "latency", "--rate", "2000", "--rooms", "50", "--duration", "5",
      "--warmup", "1"],
     [("p50_ms", "p50 one-way latency", "ms", 2), ("p99_ms", "p99 one-way latency", "ms", 2),
      ("server_cpu_us_per_msg", "CPU per relayed message (servers + Redis)", "µs", 1)],
     (1, 2)),
    ("storm", "Join storm: 3,000 clients in rooms of 4, spread over the processes",
     ["--scenario", "storm", "--clients", "3000", "--room-size", "4"],
     [("converged_s", "time to full convergence", "s", 2),
      ("server_cpu_ms_per_client", "CPU per joined client (servers + Redis)", "ms", 3)],
     (1, 3)),
]


class Redis:
    """redis-server on a free loopback port, no persistence, on the server core."""

    def __init__(self, priority):
        self.port = servers_mod.free_port()
        self.url = f"redis://127.0.0.1:{self.port}"
        self.proc = servers_mod.popen(
            ["taskset", "-c", servers_mod.SERVER_CORE, "redis-server", "--port", str(self.port),
             "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            priority, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and subprocess.run(
                ["redis-cli", "-p", str(self.port), "ping"], capture_output=True,
                text=True).stdout.strip() != "PONG":
            time.sleep(0.05)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)


def cluster_specs(parley, redis_url, pg_url):
    """(name, label, spec) of each server in cluster mode."""
    ref = os.path.join(servers_mod.ROOT, "bench", "reference", "node", "server.mjs")
    return [
        ("node", "Node socket.io 4.8 + @socket.io/redis-adapter",
         servers_mod.ServerSpec("node", "node", ["node", ref, "--port", "{port}",
                                                 "--redis", redis_url])),
        ("parley", "Parley (--redis, PostgreSQL)",
         servers_mod.ServerSpec("parley", "parley",
                                [parley, "--port", "{port}", "--host", "127.0.0.1",
                                 "--store", pg_url, "--redis", redis_url, "--threads", "1"]
                                + servers_mod.PARLEY_UNLIMITED,
                                parley=True, env={"PARLEY_LOG_LEVEL": "warn"})),
    ]


def run_once(loadgen, spec, processes, scenario_args, redis, priority):
    """`processes` servers of `spec` on one Redis; the scenario with its rooms split over
    them. Returns (result, error)."""
    started = [servers_mod.RunningServer(spec, priority) for _ in range(processes)]
    try:
        for srv in started:
            err = srv.wait_ready()
            if err:
                return None, f"{spec.name} did not start: {err}"
        pids = [str(s.pid) for s in started] + [str(redis.proc.pid)]
        argv = ["taskset", "-c", "1", loadgen] + scenario_args + [
            "--port", str(started[0].port), "--server-pid", ",".join(pids)]
        if len(started) > 1:
            argv += ["--also-ports", ",".join(str(s.port) for s in started[1:])]
        if spec.parley:
            argv += ["--parley", "1"]
        gen = servers_mod.popen(argv, priority, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
        stdout, stderr = gen.communicate(timeout=180)
        lines = stdout.strip().splitlines()
        if not lines:
            return None, f"bench_loadgen exit {gen.returncode}: {stderr.strip()[-300:]}"
        result = json.loads(lines[-1])
        for srv in started:
            if srv.proc.poll() is not None:
                result.setdefault("error", f"a server exited: {srv.log_tail()}")
        if result.get("failures"):
            result.setdefault("error", f"{result['failures']} clients failed: "
                              f"{json.dumps(result.get('failure_reasons'))}")
        return result, result.get("error")
    finally:
        for srv in started:
            srv.stop()


def start_postgres(log):
    folder = tempfile.mkdtemp(prefix="parley-bench-pg-")
    os.rmdir(folder)
    out = subprocess.run([os.path.join(servers_mod.ROOT, "scripts", "postgres.sh"), "start",
                          folder], capture_output=True, text=True, check=False)
    env = dict(line.replace("export ", "", 1).split("=", 1) for line in out.stdout.splitlines()
               if line.startswith("export "))
    url = env.get("PARLEY_TEST_PG_URL", "").strip("'\"")
    if not url:
        log(f"cluster: PostgreSQL did not start: {out.stderr.strip()[-300:]}")
    return folder, url


def run(loadgen, parley, priority, command, log, runs=RUNS):
    """The section (markdown), or a short one saying why it was not measured."""
    if not os.access(parley, os.X_OK):
        return not_measured(f"{parley} is not built")
    folder, pg_url = start_postgres(log)
    if not pg_url:
        return not_measured("PostgreSQL did not start (scripts/postgres.sh)")
    redis = Redis(priority)
    load = [load_average()]
    results = {}
    try:
        for key, _, args, _, counts in SCENARIOS:
            for name, _, spec in cluster_specs(parley, redis.url, pg_url):
                for processes in counts:
                    cell = results.setdefault(key, {}).setdefault(f"{name}/{processes}", [])
                    for run_no in range(runs):
                        log(f"cluster: {key} on {name}, {processes} process(es), run {run_no + 1}")
                        result, err = run_once(loadgen, spec, processes, args, redis, priority)
                        if err:
                            log(f"  error: {err}")
                            cell.append({"error": err})
                        elif result:
                            log("  " + json.dumps(result))
                            cell.append(result)
    finally:
        redis.stop()
        subprocess.run([os.path.join(servers_mod.ROOT, "scripts", "postgres.sh"), "stop", folder],
                       capture_output=True, check=False)
    load.append(load_average())
    return render(results, command, load, cluster_specs(parley, "", ""), runs)


def load_average():
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


def median_of(runs, field):
    values = [r[field] for r in runs if "error" not in r and field in r]
    return statistics.median(values) if values else None


def render(results, command, load, specs, runs):
    labels = {name: label for name, label, _ in specs}
    out = [BEGIN, "## Cluster: relays and joins across processes (issue 13)", "",
           f"Generated by `{command}`: {runs} runs per cell, medians; load average {load[0]} at "
           f"start and {load[1]} at end. Every server process and redis-server run on core 0, "
           "bench_loadgen on core 1. \"1 process\": every member of a room on one process of "
           "the cluster set-up (Redis attached); with N processes member i of each room connects "
           "to process i mod N: in the relays member 2k on the first and 2k+1 on the second, so "
           "every relay crosses processes; in the storm each room of 4 spans all three. CPU sums "
           "the server processes and redis-server (/proc utime+stime).", ""]
    for key, title, _, figures, counts in SCENARIOS:
        out += [f"### {title}", "",
                "| figure | " + " | ".join(f"{labels[n]}, {p} process{'es' if p > 1 else ''}"
                                          for n in labels for p in counts) + " |",
                "|---|" + "---|" * (len(counts) * len(labels))]
        for field, text, unit, digits in figures:
            cells = []
            for name in labels:
                for processes in counts:
                    value = median_of(results[key][f"{name}/{processes}"], field)
                    cells.append("—" if value is None else f"{value:,.{digits}f}")
            out.append(f"| {text} ({unit}) | " + " | ".join(cells) + " |")
        out.append("")
        errors = [f"{n}: {r['error']}" for n, runs in results[key].items() for r in runs
                  if "error" in r]
        if errors:
            out += ["Runs that failed: " + "; ".join(errors[:6]), ""]
    relay = results["relay"]
    ours, theirs = (median_of(relay.get(f"{n}/2", []), "server_cpu_us_per_msg")
                    for n in ("parley", "node"))
    if ours and theirs:
        met = "met" if ours <= theirs / 2 else "not met"
        out += [f"Target (issue 13): cross-process CPU per message at most 1/2 of Node's with "
                f"its adapter: Parley {ours:,.1f} µs against Node {theirs:,.1f} µs "
                f"({ours / theirs:.2f}×): **{met}**.", ""]
    out.append(END)
    return "\n".join(out) + "\n"


def not_measured(why):
    return (f"{BEGIN}\n## Cluster: relays and joins across processes (issue 13)\n\n"
            f"Not measured: {why}.\n{END}\n")


def splice(text, section):
    """`text` with its cluster section replaced by `section` (appended if it had none)."""
    return ttff.splice(text, section, BEGIN, END)


def previous_section(path):
    """The cluster section of the report at `path`, or None."""
    return ttff.previous_section(path, BEGIN, END)
