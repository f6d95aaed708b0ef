"""What the bench runs: each scenario's loadgen arguments (full and --quick), how many runs
(alternating servers, median reported), and the figures the report shows."""
from dataclasses import dataclass, replace


@dataclass
class Scenario:
    key: str            # name in results and the report
    title: str
    args: list          # bench_loadgen arguments besides --port/--server-pid/--parley
    runs: int
    figures: list       # (result field, label, unit) shown in the report
    timeout_s: int = 300
    realtime: bool = False  # server and generator SCHED_FIFO (see servers.REALTIME)
    tls: bool = False       # over HTTPS/WSS, on the servers that serve TLS (docs/tls.md)


LATENCY_FIGURES = [
    ("p50_ms", "p50 one-way latency", "ms"),
    ("p99_ms", "p99 one-way latency", "ms"),
    ("max_ms", "max one-way latency", "ms"),
    ("achieved_per_s", "achieved rate", "msg/s"),
    ("saturated", "saturated (over 1 s behind)", ""),
    ("lost", "undelivered 5 s after sending stopped", "msgs"),
    ("server_cpu_us_per_msg", "server CPU per relayed message", "µs"),
    ("server_cpu_util", "server CPU use", "cores"),
    ("loadgen_cpu_util", "load generator CPU use", "cores"),
]


FD_HEADROOM = 1000  # descriptors a server keeps besides its clients (listener, files, pipes)


def idle_clients(quick, fd_limit):
    """60,000 idle clients (5,000 with --quick), fewer if a process may not hold that many."""
    return min(2000 if quick else 60000, fd_limit - FD_HEADROOM)


def plan(quick, fd_limit):
    runs = 1 if quick else 3
    seconds = "2" if quick else "5"
    storm_clients = "1000" if quick else "10000"

    def latency(rate, rooms=50):
        key = f"latency_{rate}" + ("" if rooms == 50 else f"_{rooms}rooms")
        title = f"One-way relay latency at {rate:,} messages/s" + (
            "" if rooms == 50 else f" over {rooms} rooms of 2 ({rate // (2 * rooms)} msg/s per "
            "socket)")
        return Scenario(key, title,
                        ["--scenario", "latency", "--rate", str(rate), "--rooms", str(rooms),
                         "--duration", seconds, "--warmup", "1"],
                        runs, LATENCY_FIGURES, realtime=True)

    def over_tls(sc):
        """The same scenario over HTTPS/WSS (TLS handshakes included in the storm's time)."""
        return replace(sc, key=f"{sc.key}_wss", title=f"{sc.title}, over TLS (WSS)", tls=True)

    scenarios = [
        Scenario("relay", "Relay throughput (50 rooms of 2, 16 messages in flight per sender)",
                 ["--scenario", "relay", "--rooms", "50", "--window", "16",
                  "--duration", seconds, "--warmup", "1"],
                 runs,
                 [("messages_per_s", "relayed messages per second", "msg/s"),
                  ("server_cpu_us_per_msg", "server CPU per relayed message", "µs"),
                  ("server_cpu_util", "server CPU use", "cores"),
                  ("loadgen_cpu_util", "load generator CPU use", "cores"),
                  ("lost", "undelivered 5 s after sending stopped", "msgs")]),
        latency(2000),
        latency(20000),
        latency(20000, rooms=250),
        Scenario("storm", f"Join storm: {int(storm_clients):,} clients in rooms of 4",
                 ["--scenario", "storm", "--clients", storm_clients, "--room-size", "4",
                  "--max-pending", "500", "--time-limit", "150"],
                 runs,
                 [("converged_s", "time to full convergence", "s"),
                  ("rss_per_client_bytes", "server RSS per client", "KiB"),
                  ("rss_after_bytes", "server RSS with all clients", "MiB"),
                  ("server_cpu_ms_per_client", "server CPU per joined client", "ms"),
                  ("server_cpu_s", "server CPU during the storm", "s"),
                  ("loadgen_cpu_s", "load generator CPU during the storm", "s")],
                 timeout_s=240),
        Scenario("idle", "Idle connected clients within 2 GiB of server RSS",
                 ["--scenario", "idle", "--clients", str(idle_clients(quick, fd_limit)),
                  "--max-rss", str(2 << 30), "--max-pending", "500",
                  "--time-limit", "30" if quick else "150"],
                 1,
                 [("clients_within_rss", "connected clients held", "clients"),
                  ("stopped_by", "stopped by", ""),
                  ("rss_at_limit_bytes", "server RSS then", "MiB"),
                  ("rss_per_client_bytes", "server RSS per idle client", "KiB"),
                  ("ramp_s", "time to connect them", "s"),
                  ("open_after_hold", "still connected after a 3 s hold", "clients"),
                  ("clients_in_2gib_extrapolated", "extrapolated: clients in 2 GiB", "clients")],
                 timeout_s=300),
        Scenario("churn", "Churn soak: 100 rooms of 4, clients leaving and coming back",
                 ["--scenario", "churn", "--rooms", "100", "--room-size", "4",
                  "--rate", "100", "--duration", "8" if quick else "120",
                  "--warmup", "2" if quick else "10", "--time-limit", "60"],
                 1,
                 [("ops", "leave/join and reconnect operations", "ops"),
                  ("rss_before_bytes", "server RSS before the soak", "MiB"),
                  ("rss_after_bytes", "server RSS after the soak", "MiB"),
                  ("rss_growth_bytes", "RSS growth", "KiB"),
                  ("reconverged", "every room complete again", "")],
                 timeout_s=300),
    ]
    # The relay and storm scenarios once more over TLS, right behind their plain runs.
    for key in ("storm", "relay"):
        at = next(i for i, sc in enumerate(scenarios) if sc.key == key)
        scenarios.insert(at + 1, over_tls(scenarios[at]))
    return scenarios
