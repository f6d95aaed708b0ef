#!/usr/bin/env bash
# Installs what Parley needs on Debian 12, idempotently: apt packages that are missing (no
# `apt-get update` when nothing is), then npm dependencies of every folder in npm-dirs.txt
# whose lock file changed since the last install.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
while read -r pkg; do
  [[ -z "$pkg" || "$pkg" == \#* ]] && continue
  # A Node.js that ships its own npm (this machine image's) satisfies both; Debian's npm
  # package would pull in Debian's older nodejs over it.
  if [[ "$pkg" == nodejs || "$pkg" == npm ]] && command -v node >/dev/null && command -v npm >/dev/null; then
    continue
  fi
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done < scripts/apt-packages.txt
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

while read -r dir; do
  [[ -z "$dir" || "$dir" == \#* ]] && continue
  [[ -f "$dir/package.json" ]] || continue
  stamp="$dir/node_modules/.parley-installed"
  lock="$dir/package-lock.json"
  if [[ ! -f "$stamp" || ( -f "$lock" && "$lock" -nt "$stamp" ) || "$dir/package.json" -nt "$stamp" ]]; then
    echo "setup: npm install in $dir"
    if [[ -f "$lock" ]]; then (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    else (cd "$dir" && npm install --no-audit --no-fund --loglevel=error); fi
    touch "$stamp"
  fi
done < scripts/npm-dirs.txt
