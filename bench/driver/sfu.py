"""Mesh against SFU (issue 15; bench/README.md "Mesh and SFU"): runs bench/sfu/sfu.mjs
(Chromium, Janus, parley-server) in a private network namespace; it prints its own section of
docs/benchmarks.md, between markers, which a run of this scenario alone replaces in place and
a full run keeps."""
import os
import shlex
import subprocess

from . import servers as servers_mod
from . import ttff

KEY = "sfu"
BEGIN, END = "<!-- bench:sfu -->", "<!-- /bench:sfu -->"


def run(parley, web_root, command, log):
    """The section (markdown), or a short one saying why it was not measured."""
    if not os.path.isfile(os.path.join(web_root, "index.html")):
        return not_measured(f"no built web client in {web_root} (scripts/build-web.sh)")
    node = (f"node bench/sfu/sfu.mjs --server {shlex.quote(parley)} "
            f"--web-root {shlex.quote(web_root)} --markdown")
    argv = ["unshare", "--net", "sh", "-c", f"ip link set lo up && exec {node}"]
    log(f"sfu: {' '.join(argv)}")
    proc = subprocess.run(argv, cwd=servers_mod.ROOT, stdout=subprocess.PIPE, text=True,
                          timeout=1800, check=False)
    if proc.returncode != 0 or BEGIN not in proc.stdout:
        return not_measured(f"bench/sfu/sfu.mjs exited {proc.returncode} (its log is above)")
    return proc.stdout.replace("scripts/bench.sh --only sfu", command)


def not_measured(why):
    return f"{BEGIN}\n## Mesh and SFU\n\nNot measured: {why}.\n{END}\n"


def splice(text, section):
    """`text` with its sfu section replaced by `section` (appended if it had none)."""
    return ttff.splice(text, section, BEGIN, END)


def previous_section(path):
    """The sfu section of the report at `path`, or None."""
    return ttff.previous_section(path, BEGIN, END)
