#!/usr/bin/env bash
# Builds the web client into web/dist, with a .gz twin of each text asset that the server
# sends to browsers that accept gzip.
set -euo pipefail
cd "$(dirname "$0")/../web"
[[ -f package.json ]] || { echo "build-web: no web client yet"; exit 0; }
npm run build --silent
find dist -type f \( -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.svg' -o -name '*.json' \) \
  -exec gzip -9 -k -f {} \;
