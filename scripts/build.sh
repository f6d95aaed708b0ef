#!/usr/bin/env bash
# Builds one flavour of the server: release (default), asan, or fuzz.
#   scripts/build.sh [release|asan|fuzz] [ninja targets...]
set -euo pipefail
cd "$(dirname "$0")/.."
flavour=${1:-release}; shift || true
case "$flavour" in
  release) dir=build; flags=() ;;
  asan) dir=build-asan; flags=(-DPARLEY_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug) ;;
  fuzz) dir=build-fuzz; flags=(-DPARLEY_FUZZ=ON -DPARLEY_TESTS=OFF -DCMAKE_CXX_COMPILER=clang++) ;;
  *) echo "build.sh: unknown flavour '$flavour' (release|asan|fuzz)" >&2; exit 2 ;;
esac
[[ -f "$dir/build.ninja" ]] || cmake -S . -B "$dir" -G Ninja "${flags[@]}" >/dev/null
cmake --build "$dir" -j "$(nproc)" -- "$@"
