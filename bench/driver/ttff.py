"""Time to first frame (issue 16; bench/README.md "Time to first frame"): runs
bench/ttff/ttff.mjs (Chromium, parley-server, the floor page) in a private network namespace
and renders its section of docs/benchmarks.md, which a run of this scenario alone replaces in
place (the signaling figures around it stay)."""
import json
import os
import shlex
import subprocess

from . import servers as servers_mod
from .report import fmt, median

KEY = "ttff"
BEGIN, END = "<!-- ttff:begin -->", "<!-- ttff:end -->"
TARGET_2, TARGET_4, FLOOR_FACTOR = 400, 700, 2


def run(parley, web_root, runs, priority, log):
    """Returns (result dict, None) or (None, why it did not run)."""
    if not os.path.isfile(os.path.join(web_root, "index.html")):
        return None, f"no built web client in {web_root} (scripts/build-web.sh)"
    node = (f"node bench/ttff/ttff.mjs --server {shlex.quote(parley)} "
            f"--web-root {shlex.quote(web_root)} --runs {runs}"
            + (f" --nice={servers_mod.PRIORITY_NICE}" if priority else ""))
    argv = ["unshare", "--net", "sh", "-c", f"ip link set lo up && exec {node}"]
    log(f"ttff: {' '.join(argv)}")
    proc = servers_mod.popen(argv, priority, cwd=servers_mod.ROOT, stdout=subprocess.PIPE,
                             text=True)
    try:
        stdout, _ = proc.communicate(timeout=600 + 60 * runs)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return None, "bench/ttff/ttff.mjs timed out"
    lines = stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        return None, f"bench/ttff/ttff.mjs exited {proc.returncode} (its log is above)"
    return json.loads(lines[-1]), None


def ok(runs):
    return [r for r in runs or [] if "error" not in r]


def figure(result, scenario, key):
    return median([r[key] for r in ok(result["scenarios"].get(scenario)) if key in r])


def ms(value):
    return "—" if value is None else f"{value:,.0f}"


def targets(result):
    two, four = figure(result, "two", "joiner_all_ms"), figure(result, "four", "joiner_all_ms")
    floor = figure(result, "floor", "joiner_first_ms")
    bound = floor * FLOOR_FACTOR if floor else None

    def met(value, limit):
        if value is None or limit is None:
            return "—"
        return "yes" if value <= limit else f"no ({value / limit:.2f}× the bound)"

    return [
        "| target | bound | median | met |", "|---|---|---|---|",
        f"| 2 people: joiner's navigation → first remote frame | ≤ {TARGET_2} ms | {ms(two)} ms "
        f"| {met(two, TARGET_2)} |",
        f"| 2 people: the same, against the floor page of this run ({ms(floor)} ms) | ≤ "
        f"{FLOOR_FACTOR}× the floor = {ms(bound)} ms | {ms(two)} ms | {met(two, bound)} |",
        f"| 4 people: the 4th's navigation → all three remote videos | ≤ {TARGET_4} ms | "
        f"{ms(four)} ms | {met(four, TARGET_4)} |",
    ]


ROWS = [
    # scenario, label
    ("floor", "floor: bare two-RTCPeerConnection page"),
    ("two", "2 people, a guest opens the link (first visit)"),
    ("four", "4 people, the 4th opens the link (first visit)"),
    ("return", "2 people, return visit (cached app, stored session)"),
    ("home", "2 people, signed-in user from the home page (from the join-by-id click)"),
]


def every(result, scenario, key):
    values = [r.get(key) for r in result["scenarios"].get(scenario) or []]
    return ", ".join("err" if v is None else f"{v:.0f}" for v in values)


def figures(result):
    rows = ["| scenario | runs ok | joiner: first remote frame | joiner: every remote frame "
            "| the others: first frame of the joiner | app bytes fetched |",
            "|---|---|---|---|---|---|"]
    for key, label in ROWS:
        runs = result["scenarios"].get(key)
        if runs is None:
            continue
        extra = ""
        if key == "home":
            extra = f" (from the join click: {ms(figure(result, key, 'from_join_click_ms'))})"
        app = figure(result, key, "app_bytes")
        first = figure(result, key, "first_visit_app_bytes")
        app_text = "—" if app is None else f"{app:,.0f}" + (
            f" (first visit {first:,.0f})" if first is not None else "")
        rows.append(f"| {label} | {len(ok(runs))}/{len(runs)} | "
                    f"{ms(figure(result, key, 'joiner_first_ms'))} | "
                    f"{ms(figure(result, key, 'joiner_all_ms'))}{extra} | "
                    f"{ms(figure(result, key, 'others_all_ms'))} | {app_text} |")
    rows += ["", "Every run (joiner: every remote frame, ms):", ""]
    for key, label in ROWS:
        if result["scenarios"].get(key) is not None:
            field = "joiner_first_ms" if key == "floor" else "joiner_all_ms"
            rows.append(f"- {label}: {every(result, key, field)}")
    return rows


def median_steps(runs, field):
    names = {}
    for r in ok(runs):
        for name, at in r.get(field, {}).items():
            names.setdefault(name, []).append(at)
    return {n: median(v) for n, v in names.items()}


def timeline(result):
    columns = [(k, "steps", label) for k, label in (
        ("floor", "floor"), ("two", "2 people"), ("four", "4 people (last peer)"),
        ("return", "return visit"), ("home", "home page (from click)"))
        if result["scenarios"].get(k) is not None]
    if result["scenarios"].get("two") is not None:
        columns.insert(2, ("two", "host_steps", "2 people, host's side"))
    data = [median_steps(result["scenarios"][k], f) for k, f, _ in columns]
    order = data[[c[0] for c in columns].index("two")] if any(
        c[0] == "two" for c in columns) else data[0]
    names = sorted({n for d in data for n in d},
                   key=lambda n: (order.get(n) is None, order.get(n) or 0, n))
    rows = ["| step | " + " | ".join(c[2] for c in columns) + " |",
            "|---|" + "---|" * len(columns)]
    for n in names:
        rows.append(f"| {n} | " + " | ".join(ms(d.get(n)) for d in data) + " |")
    return rows


def render(result, command, load):
    errors = [f"- {k}, run {i + 1}: {r['error']}" for k, runs in result["scenarios"].items()
              for i, r in enumerate(runs) if "error" in r]
    out = [BEGIN, "## Time to first frame (issue 16)", "",
           f"Generated by `{command}`: {result['runs']} runs per scenario in "
           f"{result['elapsed_s']:.0f} s, {result['chromium']}, load average "
           f"{load[0]} at start and {load[1]} at end. Medians in ms (see bench/README.md "
           "\"Time to first frame\" for the method).", "",
           "A run: a fresh browser context (empty HTTP cache, no stored session) opens "
           "`/m/<id>?name=…&autojoin=1` while the others are already in the meeting; the "
           "clock starts at its navigation and stops when a remote `<video>` presents a frame "
           "(`requestVideoFrameCallback` with `videoWidth > 0`), on the joiner's page for each "
           "remote participant and on each other page for the joiner (their clocks are "
           "aligned through `performance.timeOrigin`). The floor page opens the same fake "
           "camera, connects two RTCPeerConnections inside one page and plays what the "
           "second receives; it alternates with the 2-person runs. Everything runs in one "
           "headless Chromium on loopback, in a network namespace of its own.", "",
           "### Targets", ""] + targets(result) + ["", "### Figures", ""] + figures(result) + [
           "", "### Timeline", "",
           "Median ms from the navigation start (home page: from the join-by-id click) to each "
           "step, from the client's own `parley:*` performance marks (docs/web.md \"Join "
           "sequence\"; on with the debug switch). A per-peer step counts when the last peer "
           "reached it. The host's column is the first participant's view of the same join.",
           ""] + timeline(result)
    if errors:
        out += ["", "Runs that failed:", ""] + errors
    return "\n".join(out + [END, ""])


def splice(text, section, begin=BEGIN, end=END):
    """`text` with its section between `begin` and `end` (ttff's by default) replaced by
    `section` (appended if it had none)."""
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        tail = rest.split(end, 1)[1].lstrip("\n")
        return head + section + ("\n" + tail if tail else "")
    return text.rstrip("\n") + "\n\n" + section


def previous_section(path, begin=BEGIN, end=END):
    """The section between `begin` and `end` (ttff's by default) of the report at `path`, or
    None."""
    try:
        with open(path) as f:
            text = f.read()
    except OSError:
        return None
    if begin not in text or end not in text:
        return None
    return begin + text.split(begin, 1)[1].split(end, 1)[0] + end + "\n"
