#!/usr/bin/env bash
# A private, throw-away PostgreSQL cluster for tests: initdb into a fresh temp dir as an
# unprivileged user (postgres when run as root), listening only on 127.0.0.1 at a free port,
# with password (SCRAM) authentication and a database `parley`.
#
#   eval "$(scripts/postgres.sh start [DIR])"  # exports PARLEY_TEST_PG_URL and PARLEY_TEST_PG_DIR
#   ...run tests...
#   scripts/postgres.sh stop [DIR]             # stops the cluster, deletes DIR
#
# DIR (default: a fresh mktemp dir) must not exist or be empty; it is deleted by `stop`
# (default: $PARLEY_TEST_PG_DIR).
#
# `start` prints only the two export lines on stdout; progress and errors go to stderr.
set -euo pipefail

pg_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do [[ -x "$dir/initdb" ]] && { echo "$dir"; return; }; done
  command -v initdb >/dev/null && { dirname "$(command -v initdb)"; return; }
  echo "postgres.sh: PostgreSQL is not installed (apt-get install postgresql)" >&2
  exit 1
}

# Runs a command as the cluster's owner: postgres when we are root (initdb refuses root).
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
  local bin dir=${1:-} port user=parley password
  bin=$(pg_bin)
  if [[ -n "$dir" ]]; then
    if [[ -d "$dir" && -n "$(ls -A "$dir")" && ! -f "$dir/pwfile" ]]; then
      echo "postgres.sh: $dir is not empty and not a cluster of ours; refusing to reuse it" >&2
      exit 1
    fi
    [[ -e "$dir/data" ]] && as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1
    rm -rf "$dir" && mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
  else
    dir=$(mktemp -d /tmp/parley-pg.XXXXXX)
  fi
  password=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
  printf '%s\n' "$password" >"$dir/pwfile"
  chmod 700 "$dir"
  [[ $(id -u) -eq 0 ]] && chown -R postgres: "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U "$user" --pwfile="$dir/pwfile" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >&2
  for _ in $(seq 1 20); do
    port=$((20000 + RANDOM % 40000))
    port_free "$port" || continue
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=on" start >&2; then
      PGPASSWORD=$password "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$user" parley >&2
      echo "export PARLEY_TEST_PG_URL=postgresql://$user:$password@127.0.0.1:$port/parley"
      echo "export PARLEY_TEST_PG_DIR=$dir"
      return 0
    fi
  done
  echo "postgres.sh: could not start PostgreSQL (see $dir/log)" >&2
  exit 1
}

stop() {
  local dir=${1:-${PARLEY_TEST_PG_DIR:-}}
  [[ -n "$dir" && -d "$dir/data" ]] || { echo "postgres.sh: no cluster dir given" >&2; exit 1; }
  as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start [DIR] | stop [DIR]" >&2; exit 2 ;;
esac
