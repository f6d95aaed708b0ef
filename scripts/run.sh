#!/usr/bin/env bash
# Installs what is missing, builds the server and the web client, and starts Parley on the
# embedded SQLite store at http://127.0.0.1:8080 (override with the contract's flags, e.g.
# scripts/run.sh --port 9000 --host 0.0.0.0).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh release parley-server
scripts/build-web.sh
exec build/server/parley-server "$@"
