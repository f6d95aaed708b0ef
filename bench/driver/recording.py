"""Recording's processing cost (issue 17; bench/README.md "Recording"): runs
bench/recording/recording.mjs (Chromium, Janus, parley-server recording a meeting, then the
server's worker processing it) in a private network namespace; it prints its own section of
docs/benchmarks.md, between markers, which a run of this scenario alone replaces in place and a
full run keeps."""
import os
import shlex
import subprocess

from . import servers as servers_mod
from . import ttff

KEY = "recording"
BEGIN, END = "<!-- bench:recording -->", "<!-- /bench:recording -->"


def run(parley, web_root, command, quick, log):
    """The section (markdown), or a short one saying why it was not measured."""
    if not os.path.isfile(os.path.join(web_root, "index.html")):
        return not_measured(f"no built web client in {web_root} (scripts/build-web.sh)")
    seconds = 15 if quick else 60
    node = (f"node bench/recording/recording.mjs --server {shlex.quote(parley)} "
            f"--web-root {shlex.quote(web_root)} --seconds {seconds} --markdown")
    argv = ["unshare", "--net", "sh", "-c", f"ip link set lo up && exec {node}"]
    log(f"recording: {' '.join(argv)}")
    proc = subprocess.run(argv, cwd=servers_mod.ROOT, stdout=subprocess.PIPE, text=True,
                          timeout=3600, check=False)
    if proc.returncode != 0 or BEGIN not in proc.stdout:
        return not_measured(f"bench/recording/recording.mjs exited {proc.returncode} "
                            "(its log is above)")
    return proc.stdout.replace("scripts/bench.sh --only recording", command)


def not_measured(why):
    return f"{BEGIN}\n## Recording\n\nNot measured: {why}.\n{END}\n"


def splice(text, section):
    """`text` with its recording section replaced by `section` (appended if it had none)."""
    return ttff.splice(text, section, BEGIN, END)


def previous_section(path):
    """The recording section of the report at `path`, or None."""
    return ttff.previous_section(path, BEGIN, END)
