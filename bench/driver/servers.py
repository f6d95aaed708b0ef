"""The servers under test: how each is started (fresh for every run, pinned to one core),
when it is ready, and how it is stopped (by its own PID only)."""
import http.client
import os
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SERVER_CORE = "0"
# On a shared machine other sessions' work on the same cores would otherwise decide the
# figures. The kernel shares CPU between sessions (autogroups) before it looks at nice, so
# each bench process gets a session of its own whose autogroup is raised to this nice value.
PRIORITY_NICE = -20
PRIORITY_TEXT = f"own session, autogroup nice {PRIORITY_NICE}"


# Latency scenarios also run SCHED_FIFO, so that a wake-up is not queued behind another
# session's time slice (p99 at 2,000 msg/s was 10x worse without it on a busy machine). The
# kernel's RT throttling still leaves others 5 % of each core.
REALTIME = ["chrt", "-f", "10"]


def prioritize(pid):
    """Raises the autogroup of `pid` (a session leader) to PRIORITY_NICE; best effort."""
    try:
        with open(f"/proc/{pid}/autogroup", "w") as f:
            f.write(str(PRIORITY_NICE))
    except OSError:
        pass


def popen(argv, priority, **kwargs):
    """subprocess.Popen in a session of its own, prioritized when `priority`."""
    proc = subprocess.Popen(argv, start_new_session=True, **kwargs)
    if priority:
        prioritize(proc.pid)
    return proc
READY_TIMEOUT_S = 20
STOP_TIMEOUT_S = 5


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class ServerSpec:
    name: str           # node | flask | parley
    label: str          # as shown in the report
    argv: list          # command; "{port}" and "{tmp}" are filled in
    parley: bool = False
    env: dict = field(default_factory=dict)
    tls_argv: list = None  # flags that serve HTTPS/WSS; "{cert}" and "{key}" are filled in

    def available(self):
        """None when it can run here, else the reason it cannot."""
        exe = self.argv[0]
        if os.path.isabs(exe):
            return None if os.access(exe, os.X_OK) else f"{exe} is not built"
        return None if shutil.which(exe) else f"{exe} is not installed"


# The bench sends up to ~700 relays/s per socket; Parley's per-socket event limiter (50/s,
# bursts of 200, there against floods) would refuse them, so it is lifted (0: no limit). The
# references have no limiter.
PARLEY_UNLIMITED = ["--event-rate", "0", "--event-burst", "0"]


TLS_ARGV = ["--tls-cert", "{cert}", "--tls-key", "{key}"]


def make_tls_pair(folder):
    """A self-signed ECDSA P-256 pair for 127.0.0.1 (what a LAN deployment serves); returns
    (cert, key) paths."""
    cert, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert],
                   check=True, capture_output=True)
    return cert, key


def specs(parley_binary):
    ref = os.path.join(ROOT, "bench", "reference")
    return [
        ServerSpec("node", "Node socket.io 4.8",
                   ["node", os.path.join(ref, "node", "server.mjs"), "--port", "{port}"],
                   tls_argv=TLS_ARGV),
        ServerSpec("flask", "Flask-SocketIO (eventlet)",
                   ["/usr/bin/python3", os.path.join(ref, "flask", "server.py"),
                    "--port", "{port}"]),
        ServerSpec("parley", "Parley",
                   [parley_binary, "--port", "{port}", "--host", "127.0.0.1",
                    "--store", "sqlite:{tmp}/db", "--threads", "1"] + PARLEY_UNLIMITED,
                   parley=True, env={"PARLEY_LOG_LEVEL": "warn"}, tls_argv=TLS_ARGV),
    ]


class RunningServer:
    """One server process on core SERVER_CORE; use as a context manager."""

    def __init__(self, spec, priority=True, realtime=False, tls=False):
        self.spec = spec
        self.tls = tls
        self.port = free_port()
        self.tmp = tempfile.mkdtemp(prefix=f"parley-bench-{spec.name}-")
        self.log_path = os.path.join(self.tmp, "server.log")
        argv = list(spec.argv)
        if tls:
            cert, key = make_tls_pair(self.tmp)
            argv += [a.replace("{cert}", cert).replace("{key}", key) for a in spec.tls_argv]
        argv = [a.replace("{port}", str(self.port)).replace("{tmp}", self.tmp) for a in argv]
        self.log = open(self.log_path, "wb")
        # chrt and taskset exec the server, so the PID is the server's own (its /proc is read).
        prefix = (REALTIME if realtime else []) + ["taskset", "-c", SERVER_CORE]
        self.proc = popen(prefix + argv, priority, cwd=self.tmp,
                          stdout=self.log, stderr=subprocess.STDOUT,
                          env={**os.environ, **spec.env})
        self.pid = self.proc.pid

    def wait_ready(self):
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return f"exited with {self.proc.returncode}: {self.log_tail()}"
            if self._answers():
                return None
            time.sleep(0.05)
        return f"not ready within {READY_TIMEOUT_S} s: {self.log_tail()}"

    def _answers(self):
        if not self.spec.parley:  # the references answer only under /socket.io/
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return True
            except OSError:
                return False
        try:
            conn = http.client.HTTPSConnection(
                "127.0.0.1", self.port, timeout=1,
                context=ssl._create_unverified_context()) if self.tls else \
                http.client.HTTPConnection("127.0.0.1", self.port, timeout=1)
            conn.request("GET", "/healthz")
            status = conn.getresponse().status
            conn.close()
            return status == 200
        except OSError:
            return False

    def log_tail(self, lines=3):
        self.log.flush()
        with open(self.log_path, "rb") as f:
            text = f.read().decode(errors="replace").strip().splitlines()
        return " | ".join(text[-lines:])

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(STOP_TIMEOUT_S)
        self.log.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
