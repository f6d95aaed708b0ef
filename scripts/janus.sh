#!/usr/bin/env bash
# A private Janus (the SFU, docs/deploy.md "The SFU (Janus)") on free loopback ports, with a
# fresh random api_secret and admin_secret, configured from deploy/janus/*.jcfg.in.
#
#   eval "$(scripts/janus.sh start [DIR])"  # exports PARLEY_JANUS, PARLEY_JANUS_SECRET,
#                                           # PARLEY_JANUS_ADMIN, PARLEY_JANUS_ADMIN_SECRET,
#                                           # PARLEY_JANUS_PID, PARLEY_JANUS_DIR
#   ...run the server with --janus "$PARLEY_JANUS" (the secret comes from the environment)...
#   scripts/janus.sh stop [DIR]             # stops Janus, deletes DIR
#
# DIR (default: a fresh mktemp dir) must not exist or be empty, or be a Janus dir of ours; it is
# deleted by `stop` (default: $PARLEY_JANUS_DIR). JANUS_RTP_RANGE (default 20000-20999) sets the
# media ports; JANUS_NAT_1_1 a public address for a host behind a 1:1 NAT (nat_1_1_mapping).
#
# `start` prints only the export lines on stdout; progress and errors go to stderr.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 40000))
    port_free "$p" && { echo "$p"; return; }
  done
  echo "janus.sh: no free port found" >&2
  exit 1
}

random_hex() {
  head -c "$1" /dev/urandom | od -An -tx1 | tr -d ' \n'
}

render() {  # render SRC DST: replaces every @NAME@ from the variables below
  sed -e "s|@CONF@|$conf|g" -e "s|@API_SECRET@|$secret|g" -e "s|@ADMIN_SECRET@|$admin_secret|g" \
    -e "s|@RTP_RANGE@|$rtp_range|g" -e "s|@NAT_1_1@|$nat|g" -e "s|@WS_PORT@|$ws_port|g" \
    -e "s|@ADMIN_PORT@|$admin_port|g" "$1" >"$2"
}

start() {
  local dir=${1:-} conf secret admin_secret ws_port admin_port pid nat=""
  local rtp_range=${JANUS_RTP_RANGE:-20000-20999}
  command -v janus >/dev/null || { echo "janus.sh: Janus is not installed (apt-get install janus)" >&2; exit 1; }
  if [[ -n "$dir" ]]; then
    if [[ -d "$dir" && -n "$(ls -A "$dir")" && ! -d "$dir/conf" ]]; then
      echo "janus.sh: $dir is not empty and not a Janus dir of ours; refusing to reuse it" >&2
      exit 1
    fi
    [[ -f "$dir/janus.pid" ]] && kill "$(cat "$dir/janus.pid")" 2>/dev/null || true
    rm -rf "$dir" && mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
  else
    dir=$(mktemp -d /tmp/parley-janus.XXXXXX)
  fi
  chmod 700 "$dir"
  conf=$dir/conf
  mkdir -p "$conf"
  secret=$(random_hex 16)
  admin_secret=$(random_hex 16)
  [[ -n "${JANUS_NAT_1_1:-}" ]] && nat="nat_1_1_mapping = \"$JANUS_NAT_1_1\""
  for _ in $(seq 1 10); do
    ws_port=$(free_port)
    admin_port=$(free_port)
    [[ $ws_port != "$admin_port" ]] || continue
    for f in janus janus.transport.websockets janus.plugin.videoroom; do
      render "$root/deploy/janus/$f.jcfg.in" "$conf/$f.jcfg"
    done
    janus -F "$conf" -L "$dir/janus.log" -N -o >/dev/null 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$dir/janus.pid"
    # Ready once both WebSocket ports accept connections; a port taken meanwhile ends Janus.
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      if ! port_free "$ws_port" && ! port_free "$admin_port"; then
        echo "janus.sh: Janus (pid $pid) on ws://127.0.0.1:$ws_port, log $dir/janus.log" >&2
        echo "export PARLEY_JANUS=ws://127.0.0.1:$ws_port"
        echo "export PARLEY_JANUS_SECRET=$secret"
        echo "export PARLEY_JANUS_ADMIN=ws://127.0.0.1:$admin_port"
        echo "export PARLEY_JANUS_ADMIN_SECRET=$admin_secret"
        echo "export PARLEY_JANUS_PID=$pid"
        echo "export PARLEY_JANUS_DIR=$dir"
        return 0
      fi
      sleep 0.1
    done
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  echo "janus.sh: could not start Janus (see $dir/janus.log)" >&2
  exit 1
}

stop() {
  local dir=${1:-${PARLEY_JANUS_DIR:-}} pid
  [[ -n "$dir" && -d "$dir/conf" ]] || { echo "janus.sh: no Janus dir given" >&2; exit 1; }
  if [[ -f "$dir/janus.pid" ]]; then
    pid=$(cat "$dir/janus.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start [DIR] | stop [DIR]" >&2; exit 2 ;;
esac
