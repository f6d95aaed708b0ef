#!/usr/bin/env bash
# Builds one flavour of the server: release (gcc, optimised) or asan (clang with ASan+UBSan,
# which also builds the libFuzzer targets).
#   scripts/build.sh [release|asan] [ninja targets...]
set -euo pipefail
cd "$(dirname "$0")/.."
# Cache hits across clones in other folders (CI builds a fresh clone on this machine).
export CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=1
export CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
# Every object includes the precompiled header (GCC's is ~300 MB): without the inode cache
# ccache hashes it again for each of ~220 objects, 3.5 min of a 2-core machine for a build
# that is all cache hits; with it, 26 s (docs/testing.md "Run time").
export CCACHE_INODECACHE=true
flavour=${1:-release}; shift || true
case "$flavour" in
  release) dir=build; flags=() ;;
  # No load generator in the ASan tree: the benchmarks never run there (scripts/bench.sh).
  # -O0: the heaviest Beast/Asio objects compile in half the time of -O1 (22 s against 44),
  # the tree in 6.5 min instead of 9 on two cores, and the ASan suites run as fast.
  asan) dir=build-asan; flags=(-DPARLEY_SANITIZE=ON -DPARLEY_FUZZ=ON -DPARLEY_BENCH=OFF -DCMAKE_BUILD_TYPE=Debug
                              -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_CXX_FLAGS_DEBUG="-O0 -gline-tables-only") ;;
  *) echo "build.sh: unknown flavour '$flavour' (release|asan)" >&2; exit 2 ;;
esac
[[ -f "$dir/build.ninja" ]] || cmake -S . -B "$dir" -G Ninja "${flags[@]}" >/dev/null
cmake --build "$dir" -j "$(nproc)" -- "$@"
