#!/usr/bin/env bash
# Installs what is missing, builds everything, and runs every suite: unit tests (ctest), the
# web client's lint and unit tests, end-to-end suites over real sockets (engineio, socketio,
# api, signaling and hardening against SQLite and PostgreSQL), a soak of abusive clients beside
# a real exchange, the deploy kit behind a real nginx, browser tests in real Chromium inside a
# private network namespace (with a TURN call across two more namespaces), the unit and
# end-to-end suites again under ASan+UBSan, and each
# fuzz target for a short run. Ends with one line "N passed, N failed, N skipped" (a suite
# that ran no test is skipped, never passed; docs/testing.md).
#
#   scripts/test.sh            everything
#   PARLEY_FUZZ_RUNS=N         inputs per fuzz target (default 1000000, seed 1)
#   PARLEY_FUZZ_SECONDS=N      at most this many seconds per fuzz target (default 10)
#   PARLEY_SOAK_SECONDS=N      length of the soak's abuse (default 60)
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
logs=$root/artifacts/test-logs
rm -rf "$logs"; mkdir -p "$logs"

export NO_COLOR=1 FORCE_COLOR=0
scripts/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
source scripts/lib/suites.sh

suite "format (clang-format, prettier)" scripts/format.sh --check

stage "build (release)" scripts/build.sh release
stage "build (web client)" scripts/build-web.sh
# The ASan tree builds under SCHED_IDLE while the whole release pass runs: it gets a core only
# when no suite wants it, so what the suites measure is not disturbed (docs/testing.md,
# "Run time"). The ASan pass waits for it.
stage_bg "build (asan+ubsan)" scripts/build.sh asan

# PostgreSQL for the store and API suites: a private cluster on a free loopback port.
if [[ -x scripts/postgres.sh ]]; then
  pg_env=$(scripts/postgres.sh start "$root/artifacts/pg" 2>"$logs/postgres.log") && eval "$pg_env" \
    && trap 'scripts/postgres.sh stop "$root/artifacts/pg" >/dev/null 2>&1' EXIT
fi

export PARLEY_SERVER_BIN=$root/build/server/parley-server
export PARLEY_SIO_FIXTURE=$root/build/server/parley-sio-fixture
export PARLEY_WEB_ROOT=$root/web/dist

suite "unit (ctest)" ctest --test-dir build --output-on-failure -j2 --timeout 300
if [[ -f web/package.json ]]; then
  suite "web lint" npm --prefix web run --silent lint
  suite "web unit (vitest)" npm --prefix web test --silent
fi
for s in engineio socketio api signaling; do
  node_suite "e2e $s" "tests/$s"
done
# The signaling suite runs once more with every server on PostgreSQL (tests/api covers both
# stores in one pass) and once with every server a cluster, beside the cluster suite, the
# deploy kit and the SFU's: they mostly wait on sockets and timers, so they share the two
# cores (docs/testing.md, "Run time"). The deploy kit: the shipped nginx site in
# front of real servers (TLS at nginx, forwarded client addresses, wss, sticky polling),
# systemd units, Caddyfile, firewall rules, and run.sh --with-turn; in a private network
# namespace, so coturn's fixed port 3478 is ours.
if [[ -n ${PARLEY_TEST_PG_URL:-} ]]; then
  PARLEY_TEST_STORE=$PARLEY_TEST_PG_URL suite_bg "e2e signaling (postgresql)" \
    node --test --test-concurrency=1 --test-timeout=300000 tests/signaling/
  # The cluster (docs/cluster.md): redis-server on a free loopback port and three servers on
  # it and PostgreSQL; about 45 s, mostly waiting on sockets, the liveness sweep and the
  # Redis restarts and pause (7 s each for the rebuild grace and for noticing a pause).
  suite_bg "e2e cluster (redis, 3 processes)" \
    node --test --test-concurrency=1 --test-timeout=120000 tests/cluster/
  # The signaling suite's cluster pass (docs/testing.md "Cluster pass"): each server of the
  # suite is redis-server and three processes on PostgreSQL, the sockets of every test spread
  # over them round-robin; about 45 s, mostly waiting on sockets.
  PARLEY_TEST_CLUSTER=3 suite_bg "e2e signaling, cluster pass (redis, 3 processes)" \
    node --test --test-concurrency=1 --test-timeout=300000 tests/signaling/
else
  skipped "e2e signaling (postgresql)" "PostgreSQL did not start: $logs/postgres.log"
  skipped "e2e cluster (redis, 3 processes)" "PostgreSQL did not start: $logs/postgres.log"
  skipped "e2e signaling, cluster pass (redis, 3 processes)" \
    "PostgreSQL did not start: $logs/postgres.log"
fi
suite_bg "e2e deploy (nginx, systemd, caddy, nft, run.sh --with-turn)" unshare --net sh -c \
  "ip link set lo up && exec node --test --test-concurrency=1 --test-timeout=600000 tests/deploy/"
# The SFU's signaling against a real Janus (scripts/janus.sh), and one camera through it between
# two Chromium pages (~30 s, mostly waiting). A private network namespace: media.test.mjs adds
# a veth pair there, since Janus gathers no loopback candidates (TESTING.md "Janus").
suite_bg "e2e sfu (janus)" unshare --net sh -c \
  "ip link set lo up && exec node --test --test-concurrency=1 --test-timeout=120000 tests/sfu/"
end_together

# The TLS passes (docs/tls.md, "Tests"): the same suites once more against servers started with
# a test certificate (HTTPS, WSS and polling on one port); node trusts it through
# NODE_EXTRA_CA_CERTS, Chromium is started with --ignore-certificate-errors. Then the TLS
# suite proper: bad input on the TLS port, SIGHUP reloads, start-up errors, the LAN default.
tls_dir=$root/artifacts/test-tls
mkdir -p "$tls_dir"
if stage "test certificate" openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -days 7 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1,DNS:localhost \
    -keyout "$tls_dir/key.pem" -out "$tls_dir/cert.pem"; then
  with_tls=(env PARLEY_TEST_TLS_CERT="$tls_dir/cert.pem" PARLEY_TEST_TLS_KEY="$tls_dir/key.pem"
            NODE_EXTRA_CA_CERTS="$tls_dir/cert.pem")
  # signaling over TLS beside the three quick suites over TLS (they wait on sockets).
  suite_bg "e2e signaling (tls)" "${with_tls[@]}" node --test --test-concurrency=1 \
    --test-timeout=300000 tests/signaling/
  for s in engineio socketio api; do
    suite "e2e $s (tls)" "${with_tls[@]}" node --test --test-concurrency=1 --test-timeout=300000 "tests/$s/"
  done
  end_together
fi
# Its own namespace: the LAN-default test binds a non-loopback host that only it can reach.
suite "e2e tls" unshare --net sh -c \
  "ip link set lo up && exec node --test --test-concurrency=1 --test-timeout=300000 tests/tls/"

node_suite "e2e hardening" tests/hardening
# 60 s of mixed abusive clients beside a real 2-person exchange (tests/soak/soak.test.mjs).
node_suite "soak (abuse beside a real exchange)" tests/soak
# Browsers only see loopback: a private network namespace (TESTING.md). The TURN test
# (turn.test.mjs) builds two more namespaces inside it and removes them.
if [[ -d tests/browser ]]; then
  suite "e2e browser (chromium)" unshare --net sh -c \
    "ip link set lo up && exec node --test --test-concurrency=1 --test-timeout=300000 tests/browser/"
  # Over TLS, the files whose behaviour depends on the page being served over HTTPS and the
  # signaling over WSS (a secure context, the camera, media set up over wss); docs/tls.md.
  if [[ -n ${with_tls+x} ]]; then
    suite "e2e browser (chromium, tls)" "${with_tls[@]}" unshare --net sh -c \
      "ip link set lo up && exec node --test --test-concurrency=1 --test-timeout=300000 \
       --test-name-pattern='^home and pre-join|^2 participants' \
       tests/browser/home.test.mjs tests/browser/mesh.test.mjs"
  fi
fi
# A call across the three processes of a cluster behind the shipped nginx site, one member on
# long-polling (docs/cluster.md "A call behind nginx"): Chromium in a private namespace like
# the other browser suites, so PostgreSQL is started inside it too.
if [[ -d tests/cluster-browser ]]; then
  suite "e2e cluster browser (nginx, redis, chromium)" unshare --net sh -c \
    "ip link set lo up && eval \"\$(scripts/postgres.sh start '$root/artifacts/pg-cluster-browser' \
       2>'$logs/postgres-cluster-browser.log')\" && node --test --test-concurrency=1 \
       --test-timeout=300000 tests/cluster-browser/; rc=\$?; \
     scripts/postgres.sh stop '$root/artifacts/pg-cluster-browser' >/dev/null 2>&1; exit \$rc"
fi
# The SFU in real Chromium (TESTING.md "Janus"): a private namespace with a veth pair inside it
# (the suite makes it; Janus gathers no loopback candidates) and Janus from scripts/janus.sh:
# six people on the SFU, the switch up and down, room features, Janus killed, recording, a
# recording stopped by --recordings-max-bytes, and network adaptation of what a participant
# publishes (its own namespaces; ~8 min).
if [[ -d tests/sfu-browser ]]; then
  suite "e2e sfu browser (chromium, janus)" unshare --net sh -c \
    "ip link set lo up && exec node --test --test-concurrency=1 --test-timeout=400000 tests/sfu-browser/"
fi

# The same suites under AddressSanitizer + UBSan.
stage_wait "build (asan+ubsan)"; asan_built=$?
if ((asan_built == 0)); then
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  export PARLEY_SERVER_BIN=$root/build-asan/server/parley-server
  export PARLEY_SIO_FIXTURE=$root/build-asan/server/parley-sio-fixture
  suite "unit (gtest, asan)" run_gtests build-asan/server
  for s in engineio socketio api; do
    node_suite "e2e $s (asan)" "tests/$s"
  done
  # The release pass ran the server with a thread per core (strands); this one runs its
  # single-thread path (sessions on the io_context's executor), as the benchmarks do.
  PARLEY_SERVER_THREADS=1 node_suite "e2e signaling (asan, one I/O thread)" tests/signaling
  # Shutdown with a client that ignores the close: destruction order and no leak at exit.
  suite "e2e hardening shutdown (asan)" node --test --test-concurrency=1 --test-timeout=300000 \
    tests/hardening/shutdown.test.mjs
  unset ASAN_OPTIONS UBSAN_OPTIONS
fi

# Fuzz targets (built in the ASan tree): each runs briefly from its committed seed corpus, two
# at a time (one core each).
if [[ -d build-asan/server ]]; then
  for bin in build-asan/server/fuzz_*; do
    [[ -x "$bin" ]] || continue
    name=${bin##*/fuzz_}
    suite_bg "fuzz $name" run_fuzzer "$bin" "server/fuzz/corpus/$name" "${PARLEY_FUZZ_SECONDS:-10}"
    ((${#background[@]} < 2)) || end_together
  done
  end_together
fi

summary
