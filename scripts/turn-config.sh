#!/usr/bin/env bash
# Renders deploy/turnserver.conf.in into a coturn config on stdout (docs/deploy.md "TURN").
#
#   scripts/turn-config.sh --realm NAME --secret-file FILE [options] > turnserver.conf
#     --port N             TURN/STUN port, UDP and TCP (default 3478)
#     --listen IP          listening-ip (repeatable; default: every address)
#     --relay-ip IP        relay-ip (default: the address a client came in on)
#     --external-ip IP     public address when coturn is behind NAT (external-ip)
#     --min-port N --max-port N   relay port range (default 49160-49999)
#     --allow-peer RANGE   allowed-peer-ip, an exception to the denied ranges (repeatable,
#                          "A" or "A-B"); --allow-loopback-peers likewise (tests only)
#     --run-dir DIR        pidfile, userdb and log under DIR (a foreground test instance)
# The secret is read from FILE so it never appears on a command line.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
realm="" secret_file="" port=3478 min_port=49160 max_port=49999 run_dir=""
listen=() relay=() allow=()
die() { echo "turn-config.sh: $*" >&2; exit 2; }
while (($#)); do
  case "$1" in
    --realm) realm=${2:?}; shift 2 ;;
    --secret-file) secret_file=${2:?}; shift 2 ;;
    --port) port=${2:?}; shift 2 ;;
    --listen) listen+=("listening-ip=${2:?}"); shift 2 ;;
    --relay-ip) relay+=("relay-ip=${2:?}"); shift 2 ;;
    --external-ip) relay+=("external-ip=${2:?}"); shift 2 ;;
    --min-port) min_port=${2:?}; shift 2 ;;
    --max-port) max_port=${2:?}; shift 2 ;;
    --allow-peer) allow+=("allowed-peer-ip=${2:?}"); shift 2 ;;
    --allow-loopback-peers) allow+=("allow-loopback-peers"); shift ;;
    --run-dir) run_dir=${2:?}; shift 2 ;;
    *) die "unknown option '$1'" ;;
  esac
done
[[ -n $realm ]] || die "--realm is required"
[[ -r $secret_file ]] || die "--secret-file '$secret_file' is not readable"
secret=$(tr -d '\n' <"$secret_file")
[[ $secret =~ ^[A-Za-z0-9+/=_-]{16,}$ ]] || die "the secret must be 16+ characters of [A-Za-z0-9+/=_-]"
[[ $min_port =~ ^[0-9]+$ && $max_port =~ ^[0-9]+$ && $min_port -le $max_port ]] ||
  die "bad relay port range $min_port-$max_port"
runtime=()
if [[ -n $run_dir ]]; then
  runtime=("pidfile=$run_dir/turnserver.pid" "userdb=$run_dir/turndb" "log-file=stdout" "simple-log")
fi
lines() { local IFS=$'\n'; echo "$*"; }
python3 - "$here/deploy/turnserver.conf.in" "$port" "$realm" "$secret" "$min_port" "$max_port" \
  "$(lines "${listen[@]}")" "$(lines "${relay[@]}")" "$(lines "${allow[@]}")" \
  "$(lines "${runtime[@]}")" <<'PY'
import sys
text = open(sys.argv[1]).read()
keys = ["PORT", "REALM", "SECRET", "MIN_PORT", "MAX_PORT", "LISTEN", "RELAY", "ALLOW", "RUNTIME"]
for key, value in zip(keys, sys.argv[2:]):
    text = text.replace(f"@{key}@", value)
sys.stdout.write(text)
PY
