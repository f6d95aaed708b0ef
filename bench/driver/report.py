"""Turns the bench results into docs/benchmarks.md: machine, commands, every figure (median
and each run), and Parley's ratios against the targets of issue 6."""
import statistics

TARGETS = [
    # label, scenario, field, bound on Parley/Node (lower is better)
    ("CPU µs per relayed message at 20,000 msg/s", "latency_20000",
     "server_cpu_us_per_msg", 1 / 8),
    ("CPU µs per relayed message at 20,000 msg/s over 250 rooms", "latency_20000_250rooms",
     "server_cpu_us_per_msg", 1 / 8),
    ("CPU µs per relayed message, saturated throughput run", "relay",
     "server_cpu_us_per_msg", 1 / 8),
    ("p50 relay latency at 2,000 msg/s (ms)", "latency_2000", "p50_ms", 1 / 2),
    ("p99 relay latency at 2,000 msg/s (ms)", "latency_2000", "p99_ms", 1 / 3),
    ("RSS bytes per connected client (join storm)", "storm", "rss_per_client_bytes", 1 / 3),
    ("join storm: seconds to convergence", "storm", "converged_s", 1 / 3),
]
IDLE_TARGET = 50_000
# Churn: growth counted as allocator noise when under both of these.
NOISE_BYTES, NOISE_FRACTION = 4 << 20, 0.02


def median(values):
    nums = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if nums:
        return statistics.median(nums)
    return values[0] if values else None


def fmt(value, unit=""):
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return value
    if unit == "KiB":
        value = value / 1024
    elif unit == "MiB":
        value = value / (1 << 20)
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def cell(runs, key, unit):
    """Median, then every run in parentheses when there were several."""
    if runs is None:
        return "—"
    if isinstance(runs, str):
        return runs
    values = [r.get(key) for r in runs]
    if not values or all(v is None for v in values):
        return "—"
    text = fmt(median([v for v in values if v is not None]), unit)
    if len(values) > 1:
        text += " (" + ", ".join(fmt(v, unit) for v in values) + ")"
    return text


def figure(results, scenario, server, key):
    """Median of `key` over the runs that completed without an error (those alone count)."""
    runs = results.get(scenario, {}).get(server)
    if not runs or isinstance(runs, str):
        return None
    return median([r.get(key) for r in runs if r.get(key) is not None and "error" not in r])


def ratio(a, b):
    if not isinstance(a, (int, float)) or not isinstance(b, (int, float)) or b == 0:
        return None
    return a / b


def targets_table(results, servers):
    rows = ["| target | bound | Parley | Node | Parley/Node | met | Flask | Parley/Flask |",
            "|---|---|---|---|---|---|---|---|"]
    for label, scenario, key, bound in TARGETS:
        p, n, f = (figure(results, scenario, s, key) for s in ("parley", "node", "flask"))
        r_node, r_flask = ratio(p, n), ratio(p, f)
        if not p:  # nothing measured (a run that relayed nothing reports no figure)
            r_node = r_flask = None
        met = "—" if r_node is None else ("yes" if r_node <= bound else
                                          f"no ({r_node / bound:.2f}× the bound)")
        rows.append(f"| {label} | ≤ 1/{round(1 / bound)} of Node | {fmt(p)} | {fmt(n)} | "
                    f"{fmt(r_node)} | {met} | {fmt(f)} | {fmt(r_flask)} |")
    for key, label in (("clients_within_rss", "idle clients within 2 GiB (held)"),
                       ("clients_in_2gib_extrapolated",
                        "idle clients within 2 GiB (extrapolated from RSS per client)")):
        idle = {s: figure(results, "idle", s, key) for s in servers}
        p = idle.get("parley")
        capped = figure(results, "idle", "parley", "stopped_by") == "clients"
        met = "—" if p is None else ("yes" if p >= IDLE_TARGET else
                                     "not measurable here: the ramp stopped at its client "
                                     "count (descriptor limit), not at 2 GiB"
                                     if capped and key == "clients_within_rss" else
                                     f"no ({p / IDLE_TARGET:.2f}× of it)")
        rows.append(f"| {label} | ≥ {IDLE_TARGET:,} | {fmt(p)} | "
                    f"{fmt(idle.get('node'))} | {fmt(ratio(p, idle.get('node')))} | {met} | "
                    f"{fmt(idle.get('flask'))} | {fmt(ratio(p, idle.get('flask')))} |")
    growth = {s: figure(results, "churn", s, "rss_growth_bytes") for s in servers}
    before = figure(results, "churn", "parley", "rss_before_bytes")
    p = growth.get("parley")
    met = "—"
    if p is not None and before:
        met = "yes" if p <= max(NOISE_BYTES, NOISE_FRACTION * before) else "no"
    rows.append(f"| RSS growth after the churn soak | ≤ max(4 MiB, 2 %) | {fmt(p, 'KiB')} KiB | "
                f"{fmt(growth.get('node'), 'KiB')} KiB | — | {met} | "
                f"{fmt(growth.get('flask'), 'KiB')} KiB | — |")
    return rows


# TLS overhead (issue 11): each cost over TLS divided by the same cost in plain text, per server;
# the target is Parley's ratio no worse than Node's.
TLS_COSTS = [
    ("server CPU per relayed message", "relay", "server_cpu_us_per_msg", "µs"),
    ("join storm: time to full convergence", "storm", "converged_s", "s"),
    ("join storm: server CPU per joined client", "storm", "server_cpu_ms_per_client", "ms"),
]


def tls_table(results):
    if not any(k.endswith("_wss") for k in results):
        return []
    rows = ["| cost | Parley WS | Parley WSS | Parley WSS/WS | Node WS | Node WSS | "
            "Node WSS/WS | Parley's ratio ≤ Node's |", "|---|---|---|---|---|---|---|---|"]
    for label, scenario, key, unit in TLS_COSTS:
        p, p_tls, n, n_tls = (figure(results, sc, s, key)
                              for s in ("parley", "node") for sc in (scenario, f"{scenario}_wss"))
        rp, rn = ratio(p_tls, p), ratio(n_tls, n)
        met = "—" if rp is None or rn is None else ("yes" if rp <= rn else "no")
        rows.append(f"| {label} ({unit}) | {fmt(p)} | {fmt(p_tls)} | {fmt(rp)} | {fmt(n)} | "
                    f"{fmt(n_tls)} | {fmt(rn)} | {met} |")
    return ["## TLS overhead (issue 11)", "",
            "The relay and storm scenarios over WSS (`*_wss`, each server given a self-signed "
            "ECDSA P-256 certificate; the storm's time includes every TLS handshake) beside the "
            "same scenarios over plain WS, in the same run. Ratios are WSS/WS: 1.0 is free.", ""
            ] + rows + [""]


def render(ctx, plan, results, notes):
    servers = ctx["servers"]
    labels = ctx["labels"]
    out = ["# Benchmarks: Parley against Node socket.io and Flask-SocketIO", "",
           f"Generated by `{ctx['command']}` on {ctx['started']} (UTC), "
           f"{ctx['elapsed_s']:.0f} s. Do not edit by hand: rerun the command.", "",
           "## Machine", "",
           "| | |", "|---|---|"]
    out += [f"| {k} | {v} |" for k, v in ctx["machine"].items()]
    out += ["", "## Method", "",
            "Every scenario runs against every server in the same invocation, servers "
            "alternating run by run, each run on a freshly started server pinned to core "
            f"{ctx['server_core']} (`taskset`), the load generator (`bench_loadgen`, C++, one "
            f"thread) pinned to core {ctx['loadgen_core']}"
            + (f", both in a session of their own whose autogroup runs at nice -20, so that "
               "other sessions' work on a shared machine takes as little of their cores as "
               "possible (the kernel shares CPU between autogroups before nice applies); "
               "latency runs also SCHED_FIFO (`chrt -f 10`), so that a wake-up does not wait "
               "for another session's time slice"
               if ctx.get("priority") else "")
            + ". A figure is the median of the "
            "runs, each run in parentheses. All traffic is on 127.0.0.1; clients connect from "
            "127.0.0.2–5 so that each source address brings its own ephemeral ports. "
            "Server CPU is utime+stime from /proc/<pid>/stat, RSS is VmRSS from "
            "/proc/<pid>/status; the generator's own CPU comes from getrusage. Latency is "
            "one-way: the sender's steady-clock time is embedded in the payload (ICE "
            "candidate foundation / SDP session id) and read by the receiving client in the "
            "same process. Relayed messages are ~250-byte `ice-candidate`s with every 50th a "
            "~4 KB `offer`. See bench/README.md.", "",
            "## Commands", "", "```"]
    out += ctx["commands"] + ["```", ""]
    out += ["## Targets (issue 6)", "",
            "Medians over the runs that completed without an error (runs with errors are "
            "listed under Notes and still shown, in parentheses, under Every figure). "
            "\"n× the bound\": Parley/Node divided by the allowed ratio.", ""]
    out += targets_table(results, servers) + [""]
    out += tls_table(results)
    out += ["## Every figure", ""]
    for sc in plan:
        header = "| figure | " + " | ".join(labels[s] for s in servers) + " |"
        out += [f"### {sc.title}", "", f"{sc.runs} run(s). `bench_loadgen "
                f"{' '.join(sc.args)}`", "", header,
                "|---|" + "---|" * len(servers)]
        for key, label, unit in sc.figures:
            unit_text = f" ({unit})" if unit else ""
            cells = [cell(results.get(sc.key, {}).get(s), key, unit) for s in servers]
            out.append(f"| {label}{unit_text} | " + " | ".join(cells) + " |")
        out.append("")
    if ctx.get("profile"):
        out += ["## Where Parley's CPU goes on the relay path", "",
                f"`perf record -F 999 -g -p <parley>` during one `{ctx['profile_command']}` "
                "run (a separate run, not counted above); self time by binary, then per symbol:", "",
                "```"]
        out += ctx["profile"] + ["```", ""]
    out += ["## Notes", ""] + [f"- {n}" for n in notes] + [""]
    return "\n".join(out)
