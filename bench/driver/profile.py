"""Where Parley spends its CPU on the relay path: `perf record` attached to the server for
one fixed-rate latency run, summarised as the hottest symbols (self time)."""
import signal
import subprocess

SAMPLE_HZ = "999"
TOP = 25


class PerfRecorder:
    """Records the process `pid` until stop(); use as a context manager."""

    def __init__(self, pid, data_path):
        self.data_path = data_path
        self.proc = subprocess.Popen(["perf", "record", "-F", SAMPLE_HZ, "-g", "-o", data_path,
                                      "-p", str(pid)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def report_rows(data_path, sort):
    """perf report's rows (self time, no call graphs) sorted by `sort`."""
    out = subprocess.run(["perf", "report", "-i", data_path, "--stdio", "--no-children",
                          "--sort", sort, "-g", "none", "--percent-limit", "0.5"],
                         capture_output=True, text=True, timeout=120).stdout
    rows = []
    for line in out.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split()
        if fields[-2:] == ["-", "-"]:  # perf's empty trailing columns
            fields = fields[:-2]
        rows.append(fields)
    return rows


def hot_symbols(data_path):
    """Self time by binary (the kernel's share first), then the TOP symbols by self time."""
    try:
        by_binary = report_rows(data_path, "dso")
        symbols = report_rows(data_path, "dso,symbol")
    except (OSError, subprocess.SubprocessError) as e:
        return [f"perf report failed: {e}"]
    shares = ", ".join(f"{' '.join(f[1:])} {f[0]}" for f in by_binary)
    return [f"self time by binary: {shares}", ""] + [" ".join(f)[:140] for f in symbols[:TOP]]
