#!/usr/bin/env bash
# Builds one flavour of the server: release (gcc, optimised) or asan (clang with ASan+UBSan,
# which also builds the libFuzzer targets).
#   scripts/build.sh [release|asan] [ninja targets...]
set -euo pipefail
cd "$(dirname "$0")/.."
# Cache hits across clones in other folders (CI builds a fresh clone on this machine).
export CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=1
export CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
flavour=${1:-release}; shift || true
case "$flavour" in
  release) dir=build; flags=() ;;
  # No load generator in the ASan tree: the benchmarks never run there (scripts/bench.sh).
  asan) dir=build-asan; flags=(-DPARLEY_SANITIZE=ON -DPARLEY_FUZZ=ON -DPARLEY_BENCH=OFF -DCMAKE_BUILD_TYPE=Debug
                              -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_CXX_FLAGS_DEBUG="-O1 -gline-tables-only") ;;
  *) echo "build.sh: unknown flavour '$flavour' (release|asan)" >&2; exit 2 ;;
esac
[[ -f "$dir/build.ninja" ]] || cmake -S . -B "$dir" -G Ninja "${flags[@]}" >/dev/null
cmake --build "$dir" -j "$(nproc)" -- "$@"
