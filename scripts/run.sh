#!/usr/bin/env bash
# Installs what is missing, builds the server and the web client, and starts Parley on the
# embedded SQLite store at http://127.0.0.1:8080 (override with the contract's flags, e.g.
# scripts/run.sh --port 9000 --host 0.0.0.0).
#
#   --with-turn        also start coturn (docs/deploy.md "TURN on the same host"): a secret is
#                      made once in data/turn/secret, deploy/turnserver.conf.in is rendered to
#                      data/turn/turnserver.conf, turnserver listens on UDP and TCP 3478 with
#                      relay ports 49160-49999, and parley-server gets the secret through its
#                      environment (never on a command line, so not in `ps`).
#   --turn-host NAME   the name or address browsers reach TURN at (default: this machine's
#                      first address, `hostname -I`)
#   --no-janus         do not start Janus: every meeting stays a mesh (at most 8 people).
#                      Otherwise (when Janus is installed) scripts/janus.sh starts it from
#                      deploy/janus/ in data/janus, on a free loopback port with a fresh secret,
#                      and parley-server gets --janus (the secret through its environment), so
#                      large meetings go through the SFU (docs/deploy.md "The SFU (Janus)").
# Every other argument goes to parley-server.
set -euo pipefail
cd "$(dirname "$0")/.."
with_turn=0 turn_host="" with_janus=1
args=()
while (($#)); do
  case "$1" in
    --with-turn) with_turn=1; shift ;;
    --no-janus) with_janus=0; shift ;;
    --turn-host) turn_host=${2:?--turn-host needs a value}; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
scripts/setup.sh
scripts/build.sh release parley-server
scripts/build-web.sh
command -v janus >/dev/null || with_janus=0
if ((with_turn == 0 && with_janus == 0)); then exec build/server/parley-server "${args[@]}"; fi

cleanup=()
trap 'for c in "${cleanup[@]}"; do eval "$c"; done' EXIT
if ((with_janus)); then
  if janus_env=$(scripts/janus.sh start "$PWD/data/janus"); then
    eval "$janus_env"
    cleanup+=("scripts/janus.sh stop '$PARLEY_JANUS_DIR' >/dev/null 2>&1")
    args=(--janus "$PARLEY_JANUS" "${args[@]}")
    unset PARLEY_JANUS  # the flag says it; the secret stays in the environment only
  else
    echo "run.sh: Janus did not start (data/janus/janus.log); meetings stay on the mesh" >&2
  fi
fi
# serve: runs parley-server with the arguments in the foreground (SIGTERM/SIGINT passed on)
# and exits with its status.
serve() {
  build/server/parley-server "${args[@]}" &
  server_pid=$!
  trap 'kill -TERM "$server_pid" 2>/dev/null' TERM INT
  rc=0
  wait "$server_pid" || rc=$?
  # A trapped signal ends the first wait early: wait for the server's own exit.
  if kill -0 "$server_pid" 2>/dev/null; then rc=0; wait "$server_pid" || rc=$?; fi
  exit "$rc"
}
((with_turn == 1)) || serve

dir=$PWD/data/turn
mkdir -p "$dir" && chmod 0700 "$dir"
if [[ ! -s $dir/secret ]]; then
  (umask 077 && openssl rand -hex 32 >"$dir/secret")
fi
turn_host=${turn_host:-$(hostname -I 2>/dev/null | awk '{print $1}')}
turn_host=${turn_host:-127.0.0.1}
# coturn listens on the address clients are given (its own detection skips loopback, and
# finds nothing on a host whose only address is 127.0.0.1). Relay-to-relay calls reach this
# server's own relay address; when it is a private LAN address it must be an exception to the
# denied private ranges.
own=()
if [[ $turn_host =~ ^[0-9.]+$ ]]; then
  own=(--listen "$turn_host" --relay-ip "$turn_host" --allow-peer "$turn_host")
fi
(umask 077 && scripts/turn-config.sh --realm "$turn_host" --secret-file "$dir/secret" \
  "${own[@]}" --run-dir "$dir" >"$dir/turnserver.conf")
turnserver -c "$dir/turnserver.conf" >"$dir/turnserver.log" 2>&1 &
turn_pid=$!
cleanup+=("kill '$turn_pid' 2>/dev/null; wait '$turn_pid' 2>/dev/null")
echo "run.sh: coturn (pid $turn_pid) on $turn_host:3478, log in $dir/turnserver.log" >&2
PARLEY_TURN_SECRET=$(cat "$dir/secret")
export PARLEY_TURN_SECRET
export PARLEY_TURN_URLS="turn:$turn_host:3478?transport=udp,turn:$turn_host:3478?transport=tcp"
export PARLEY_STUN_URLS="stun:$turn_host:3478"
serve
