#!/usr/bin/env bash
# Builds Parley, its web client and the load generator, runs every bench scenario against
# Parley, Node socket.io and Flask-SocketIO, then the browser's time to first frame, and
# writes docs/benchmarks.md (see bench/README.md).
#   scripts/bench.sh [--quick] [--runs N] [--only relay,storm,...,ttff|sfu|cluster|recording]
#                    [--raw FILE]
# --quick: a short smoke run (a few minutes). The full bench takes ~20 minutes.
# --only ttff: the time-to-first-frame bench alone (~2 minutes), its section rewritten in place.
# --only sfu: mesh against SFU in Chromium with Janus (~10 minutes), its section rewritten in
#   place; a full run keeps the section of the last such run.
# --only cluster: relays across two processes and a join storm across three, through Redis,
#   Parley (--redis, PostgreSQL) against Node socket.io with @socket.io/redis-adapter
#   (~7 minutes); the same.
# --only recording: a 60 s recording of 3 and of 6 participants through Chromium, Janus and the
#   server, and the time its processing takes (~8 minutes; --quick: 15 s recordings); the same.
# PARLEY_BENCH_BIN=path benches that parley-server as is instead of building build/'s.
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=1 CCACHE_INODECACHE=true
dir=build-bench

# What is missing gets installed; a failing install is reported, and the bench goes on with
# what is there (each server that cannot start is reported as skipped).
scripts/setup.sh || echo "bench: scripts/setup.sh failed; continuing with what is installed" >&2
[[ -f "$dir/build.ninja" ]] ||
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPARLEY_TESTS=OFF >/dev/null
cmake --build "$dir" -j "$(nproc)" --target bench_loadgen
parley=${PARLEY_BENCH_BIN:-}
if [[ -z "$parley" ]]; then
  parley=build/server/parley-server  # the release build, as scripts/build.sh makes it
  # Parley is benched if it builds; the report says so when it does not.
  scripts/build.sh release parley-server || echo "bench: parley-server does not build" >&2
fi
# The ttff scenario serves the built client (the report says so when there is none).
scripts/build-web.sh || echo "bench: the web client does not build" >&2

command="${PARLEY_BENCH_BIN:+PARLEY_BENCH_BIN=$PARLEY_BENCH_BIN }scripts/bench.sh${*:+ $*}"
exec /usr/bin/python3 bench/run.py --loadgen "$dir/bench/bench_loadgen" --parley "$parley" \
  --command "$command" "$@"
