#!/usr/bin/env python3
"""Runs every bench scenario against every server (Node socket.io, Flask-SocketIO, Parley),
then the browser's time to first frame (scenario `ttff`, driver/ttff.py), and writes
docs/benchmarks.md. Usually started by scripts/bench.sh, which builds first.

  bench/run.py --loadgen build-bench/bench/bench_loadgen --parley build/server/parley-server
               [--quick] [--out docs/benchmarks.md] [--servers node,flask,parley]
               [--only ttff]   # the browser bench alone: replaces its section of --out
               [--only sfu]    # mesh against SFU in Chromium: the same
               [--only cluster]  # relays and a join storm across processes: the same
               [--only recording]  # a recording's processing time per minute: the same
"""
import argparse
import atexit
import datetime
import json
import os
import platform
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from driver import plan as plan_mod  # noqa: E402
from driver import cluster, profile, recording, report, sfu, ttff  # noqa: E402
from driver import servers as servers_mod  # noqa: E402

LOADGEN_CORE = "1"
FD_LIMIT = 200_000  # 60,000 clients on each side plus headroom; inherited by the servers


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True,
                              timeout=10).stdout.strip()
    except subprocess.SubprocessError:
        return ""


def machine():
    lscpu = dict(line.split(":", 1) for line in sh("lscpu").splitlines() if ":" in line)
    mem = sh("awk '/MemTotal/ {printf \"%.1f GiB\", $2/1048576}' /proc/meminfo")
    ref = os.path.join(servers_mod.ROOT, "bench/reference/node/node_modules/socket.io")
    sio = sh(f"node -p \"require('{ref}/package.json').version\"")
    return {
        "CPU": lscpu.get("Model name", "?").strip(),
        "cores": lscpu.get("CPU(s)", "?").strip(),
        "memory": mem,
        "kernel": platform.release(),
        "load average at start": sh("cut -d' ' -f1-3 /proc/loadavg"),
        "Node / socket.io": f"{sh('node --version')} / {sio}",
        "Python / Flask-SocketIO / eventlet": " / ".join([
            sh("/usr/bin/python3 --version").split()[-1],
            sh("dpkg-query -W -f='${Version}' python3-flask-socketio"),
            sh("dpkg-query -W -f='${Version}' python3-eventlet")]),
        "Parley commit": sh(f"git -C {servers_mod.ROOT} rev-parse --short HEAD"),
    }


def snapshot(binary):
    """A private copy of `binary`, so that a rebuild during the bench cannot mix two builds.
    Removed when the bench exits (each copy is a whole server, over 100 MB)."""
    if not os.access(binary, os.X_OK):
        return binary
    folder = tempfile.mkdtemp(prefix="parley-bench-bin-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    copy = os.path.join(folder, os.path.basename(binary))
    shutil.copy2(binary, copy)
    return copy


def mtime(path):
    try:
        return datetime.datetime.utcfromtimestamp(os.path.getmtime(path)).strftime(
            "%Y-%m-%d %H:%M UTC")
    except OSError:
        return "not built"


def raise_fd_limit():
    """As high as FD_LIMIT or the hard limit allows (raising that needs CAP_SYS_RESOURCE)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (FD_LIMIT, FD_LIMIT))
    except (ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def loadgen_argv(args, scenario_args, srv, realtime):
    argv = (servers_mod.REALTIME if realtime else []) + ["taskset", "-c", LOADGEN_CORE]
    argv += [args.loadgen] + scenario_args
    argv += ["--port", str(srv.port), "--server-pid", str(srv.pid)]
    if srv.spec.parley:
        argv += ["--parley", "1"]
    if srv.tls:
        argv += ["--tls", "1"]
    return argv


def run_once(args, spec, scenario_args, timeout_s, hot_spots=None, realtime=False, tls=False):
    """Starts a fresh server, runs one loadgen scenario; returns (result dict, error).
    With `hot_spots` (a list), the server is profiled with perf and its hottest symbols are
    appended to it."""
    realtime = realtime and args.priority
    with servers_mod.RunningServer(spec, args.priority, realtime, tls) as srv:
        err = srv.wait_ready()
        if err:
            return None, f"{spec.name} did not start: {err}"
        perf = profile.PerfRecorder(srv.pid, os.path.join(srv.tmp, "perf.data")) \
            if hot_spots is not None else None
        gen = servers_mod.popen(loadgen_argv(args, scenario_args, srv, realtime), args.priority,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            stdout, stderr = gen.communicate(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            gen.kill()
            gen.communicate()
            return None, f"bench_loadgen timed out after {timeout_s} s"
        finally:
            if perf:
                perf.stop()
                hot_spots += profile.hot_symbols(perf.data_path)
        lines = stdout.strip().splitlines()
        if not lines:
            return None, f"bench_loadgen exit {gen.returncode}: {stderr.strip()[-300:]}"
        result = json.loads(lines[-1])
        if srv.proc.poll() is not None:
            result.setdefault("error", f"server exited: {srv.log_tail()}")
        invalid = validity(result)
        if invalid and "error" not in result:
            result["error"] = invalid
        err = result.get("error")
        if err and stderr.strip():
            err += f" [{stderr.strip().splitlines()[-1][:200]}]"
        return result, err


def validity(result):
    """Why a completed run's figures do not measure what they claim, or None."""
    if result.get("failures"):
        return f"{result['failures']} clients failed or were dropped by the server"
    if result.get("unaddressed"):
        return f"{result['unaddressed']} sends skipped: the sender's pair had been dropped"
    if result.get("scenario") == "latency" and not result.get("saturated") and result.get("lost"):
        return f"{result['lost']} messages never delivered"
    return None


def probe_parley(args, spec):
    """None when the Parley binary speaks the protocol well enough to bench, else why not."""
    why = spec.available()
    if why:
        return why
    result, err = run_once(args, spec, ["--scenario", "check", "--time-limit", "10"], 60)
    if err:
        detail = json.dumps(result.get("failure_reasons")) if result else ""
        return f"it does not complete the join/relay check yet ({err}{' ' + detail if detail != 'null' else ''})"
    return None


def render_only(args):
    with open(args.render) as f:
        raw = json.load(f)
    scenarios = plan_mod.plan("--quick" in raw["context"]["commands"][0], 20_000)
    keys = set(raw["results"])
    scenarios = [sc for sc in scenarios if sc.key in keys]
    for results in raw["results"].values():
        for runs in results.values():
            for r in runs:
                invalid = validity(r)
                if invalid and "error" not in r:
                    r["error"] = invalid
    kept = [ttff.previous_section(args.out), sfu.previous_section(args.out),
            cluster.previous_section(args.out), recording.previous_section(args.out)]
    with open(args.out, "w") as f:
        f.write(report.render(raw["context"], scenarios, raw["results"], raw["notes"] or ["none"]))
        for section in filter(None, kept):
            f.write("\n" + section)
    log(f"rendered {args.out} from {args.render}")


def load_average():
    return sh("cut -d' ' -f1 /proc/loadavg")


def run_ttff(args):
    """The browser bench (driver/ttff.py): its report section, or a line saying why not."""
    runs = args.runs or (3 if args.quick else 10)
    load = [load_average()]
    result, err = ttff.run(os.path.abspath(args.parley), os.path.abspath(args.web_root), runs,
                           args.priority, log)
    load.append(load_average())
    if err:
        log(f"ttff skipped: {err}")
        return f"{ttff.BEGIN}\n## Time to first frame (issue 16)\n\nNot measured: {err}.\n" \
            f"{ttff.END}\n"
    return ttff.render(result, args.command, load)


def replace_section(path, splice, section, what):
    """Rewrites the report at `path` with one of its sections replaced by `section`."""
    try:
        with open(path) as f:
            text = f.read()
    except OSError:
        text = "# Benchmarks\n"
    with open(path, "w") as f:
        f.write(splice(text, section))
    log(f"wrote the {what} section of {path}")


def only_ttff(args):
    """`--only ttff`: runs the browser bench and replaces its section of --out in place."""
    replace_section(args.out, ttff.splice, run_ttff(args), "time-to-first-frame")


def only_sfu(args):
    """`--only sfu`: mesh against SFU in Chromium (driver/sfu.py), its section replaced in place."""
    section = sfu.run(os.path.abspath(args.parley), os.path.abspath(args.web_root), args.command,
                      log)
    replace_section(args.out, sfu.splice, section, "mesh-and-SFU")


def only_cluster(args):
    """`--only cluster`: relays and joins across processes (driver/cluster.py), its section
    replaced."""
    section = cluster.run(os.path.abspath(args.loadgen), snapshot(os.path.abspath(args.parley)),
                          args.priority, args.command, log, args.runs or cluster.RUNS)
    replace_section(args.out, cluster.splice, section, "cluster")


def only_recording(args):
    """`--only recording`: a recording's processing (driver/recording.py), its section replaced."""
    section = recording.run(os.path.abspath(args.parley), os.path.abspath(args.web_root),
                            args.command, args.quick, log)
    replace_section(args.out, recording.splice, section, "recording")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--loadgen", required=True)
    ap.add_argument("--parley", default=os.path.join(servers_mod.ROOT,
                                                     "build/server/parley-server"))
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--out", default=os.path.join(servers_mod.ROOT, "docs/benchmarks.md"))
    ap.add_argument("--raw", help="also write every result as JSON here")
    ap.add_argument("--servers", default="node,flask,parley")
    ap.add_argument("--command", default="scripts/bench.sh")
    ap.add_argument("--no-priority", dest="priority", action="store_false",
                    help="leave servers and generator at normal priority")
    ap.add_argument("--no-profile", action="store_true",
                    help="skip the perf profile of Parley on the relay path")
    ap.add_argument("--only", help="comma-separated scenario keys (relay, latency_2000, "
                    "latency_20000, storm, idle, churn, ttff, sfu, cluster, recording) "
                    "instead of all")
    ap.add_argument("--web-root", default=os.path.join(servers_mod.ROOT, "web/dist"),
                    help="the built web client the ttff scenario serves")
    ap.add_argument("--render", metavar="RAW",
                    help="only rewrite --out from a --raw file of an earlier run")
    ap.add_argument("--runs", type=int, help="runs per scenario instead of the plan's")
    args = ap.parse_args()
    if args.render:
        return render_only(args)
    only = set(args.only.split(",")) if args.only else None
    if only == {ttff.KEY}:
        return only_ttff(args)
    if only == {sfu.KEY}:
        return only_sfu(args)
    if only == {cluster.KEY}:
        return only_cluster(args)
    if only == {recording.KEY}:
        return only_recording(args)
    # SIGTERM unwinds like Ctrl-C, so every server started so far is stopped by its PID.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    args.loadgen = os.path.abspath(args.loadgen)
    fd_limit = raise_fd_limit()

    started = time.monotonic()
    ctx = {"command": args.command, "machine": machine(),
           "started": datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M"),
           "server_core": servers_mod.SERVER_CORE, "loadgen_core": LOADGEN_CORE,
           "priority": servers_mod.PRIORITY_TEXT if args.priority else None}
    wanted = args.servers.split(",")
    parley_bin = snapshot(os.path.abspath(args.parley))
    ctx["machine"]["Parley binary"] = f"{args.parley} (built {mtime(args.parley)})"
    specs = [s for s in servers_mod.specs(parley_bin) if s.name in wanted]
    notes, active = [], []
    for spec in specs:
        why = probe_parley(args, spec) if spec.parley else spec.available()
        if why:
            notes.append(f"{spec.label} skipped: {why}.")
            log(f"skip {spec.name}: {why}")
        else:
            active.append(spec)
    ctx["servers"] = [s.name for s in active]
    parley = next((s for s in active if s.parley), None)
    ctx["labels"] = {s.name: s.label for s in specs}

    scenarios = plan_mod.plan(args.quick, fd_limit)
    if args.only:
        scenarios = [sc for sc in scenarios if sc.key in args.only.split(",")]
    for sc in scenarios:
        sc.runs = args.runs or sc.runs
    ctx["machine"]["open files limit (RLIMIT_NOFILE)"] = f"{fd_limit:,}"
    if fd_limit < 61_000:
        notes.append(f"No process here may hold more than {fd_limit:,} descriptors (hard "
                     "RLIMIT_NOFILE, not raisable without CAP_SYS_RESOURCE), so the idle "
                     f"scenario stops at {plan_mod.idle_clients(args.quick, fd_limit):,} clients "
                     "whatever the server; the 2 GiB capacity is also extrapolated from the "
                     "measured RSS per idle client.")
    if args.quick:
        notes.append("A --quick run: one run per scenario, 2 s of traffic, a 1,000-client "
                     "storm, 2,000 idle clients and an 8 s churn soak, so these figures are "
                     "not at the scale issue 6 sets (the full bench: without --quick).")
    results = {}
    for sc in scenarios:
        # The TLS scenarios run on the servers that serve TLS (Flask-SocketIO is not benched so).
        servers = [s for s in active if s.tls_argv] if sc.tls else active
        results[sc.key] = {s.name: [] for s in servers}
        for run in range(sc.runs):
            order = servers[run % len(servers):] + servers[:run % len(servers)] if servers else []
            for spec in order:
                log(f"{sc.key} run {run + 1}/{sc.runs} on {spec.name}")
                result, err = run_once(args, spec, sc.args, sc.timeout_s,
                                       realtime=sc.realtime, tls=sc.tls)
                if err:
                    notes.append(f"{sc.key}, run {run + 1}, {spec.label}: {err}"
                                 + (f" {json.dumps(result.get('failure_reasons'))}"
                                    if result and result.get("failure_reasons") else ""))
                    log(f"  error: {err}")
                if result:
                    results[sc.key][spec.name].append(result)
                    log("  " + json.dumps(result))

    ctx["profile"] = []
    profiled = next((sc for sc in scenarios if sc.key == "latency_20000"), None)
    # The browser bench after the signaling one (its Chromium would disturb the figures).
    browser = run_ttff(args) if only is None or ttff.KEY in only \
        else ttff.previous_section(args.out)
    if parley and profiled and not args.no_profile:
        log(f"profiling parley with perf during one {profiled.key} run")
        ctx["profile_command"] = "bench_loadgen " + " ".join(profiled.args)
        run_once(args, parley, profiled.args, profiled.timeout_s, hot_spots=ctx["profile"],
                 realtime=profiled.realtime)

    ctx["machine"]["load average at end"] = sh("cut -d' ' -f1-3 /proc/loadavg")
    ctx["elapsed_s"] = time.monotonic() - started
    prio = "setsid (autogroup nice -20) " if ctx["priority"] else ""
    ctx["commands"] = [
        f"{args.command}   # builds bench_loadgen (build-bench/) and, without "
        "PARLEY_BENCH_BIN, parley-server (build/), then:",
        f"bench/run.py --loadgen build-bench/bench/bench_loadgen"
        f" --parley {args.parley}{' --quick' if args.quick else ''}",
        f"# each run: {prio}taskset -c 0 <server> --port P ...   and",
        f"#           {prio}taskset -c 1 bench_loadgen <scenario args below> --port P --server-pid PID"
        " [--parley 1]",
        "# servers: node bench/reference/node/server.mjs --port P",
        "#          /usr/bin/python3 bench/reference/flask/server.py --port P",
        "#          parley-server --port P --host 127.0.0.1 --store sqlite:TMP/db --threads 1"
        " --event-rate 0 --event-burst 0  (PARLEY_LOG_LEVEL=warn)",
        "# *_wss scenarios: both servers also get --tls-cert TMP/cert.pem --tls-key TMP/key.pem"
        " (a fresh self-signed ECDSA P-256 pair), bench_loadgen gets --tls 1",
        "# ttff: unshare --net sh -c 'ip link set lo up && exec node bench/ttff/ttff.mjs"
        " --server <parley> --web-root web/dist --runs N' (section \"Time to first frame\")",
    ]
    if ctx["machine"]["load average at start"].split()[0:1] and \
            float(ctx["machine"]["load average at start"].split()[0]) > 1.5:
        notes.append("The machine was shared with other sessions (load average above). The "
                     "bench's processes ran at raised priority (see Method), which keeps most "
                     "but not all of that work off their cores: latency tails and wall-clock "
                     "times are the figures it affects most; CPU time per message or per "
                     "client, and ratios within one run, the least.")
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    # The mesh-and-SFU section (`--only sfu`, ~10 minutes) is kept from its last run.
    kept_sfu = sfu.previous_section(args.out)
    kept_cluster = cluster.previous_section(args.out)
    kept_recording = recording.previous_section(args.out)
    with open(args.out, "w") as f:
        f.write(report.render(ctx, scenarios, results, notes or ["none"]))
        if browser:
            f.write("\n" + browser)
        if kept_sfu:
            f.write("\n" + kept_sfu)
        if kept_cluster:
            f.write("\n" + kept_cluster)
        if kept_recording:
            f.write("\n" + kept_recording)
    if args.raw:
        with open(args.raw, "w") as f:
            json.dump({"context": ctx, "results": results, "notes": notes}, f, indent=1)
    log(f"wrote {args.out} in {ctx['elapsed_s']:.0f} s")


if __name__ == "__main__":
    main()
