#!/usr/bin/env bash
# Builds Parley and the load generator, runs every bench scenario against Parley, Node
# socket.io and Flask-SocketIO, and writes docs/benchmarks.md (see bench/README.md).
#   scripts/bench.sh [--quick] [--servers node,flask,parley] [--runs N] [--raw FILE]
# --quick: a short smoke run (< 3 minutes on a quiet machine). The full bench takes ~20.
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=1
dir=build-bench

scripts/setup.sh
# Same build type as scripts/build.sh release, so ccache shares objects with build/.
[[ -f "$dir/build.ninja" ]] ||
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPARLEY_TESTS=OFF >/dev/null
cmake --build "$dir" -j "$(nproc)" --target bench_loadgen
# Parley is benched if it builds; the report says so when it does not.
cmake --build "$dir" -j "$(nproc)" --target parley-server ||
  echo "bench: parley-server does not build; Parley will be skipped" >&2

command="scripts/bench.sh${*:+ $*}"
exec /usr/bin/python3 bench/run.py --loadgen "$dir/bench/bench_loadgen" \
  --parley "$dir/server/parley-server" --command "$command" "$@"
