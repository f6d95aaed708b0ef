#!/usr/bin/env bash
# Formats the tree (C++ with clang-format per .clang-format; TypeScript and the node suites
# with Prettier per .prettierrc.json), or with --check reports every file that differs and
# exits non-zero. scripts/test.sh runs the check as its first suite.
#   scripts/format.sh           rewrite files in place
#   scripts/format.sh --check   change nothing; fail on any difference
set -uo pipefail
cd "$(dirname "$0")/.."
prettier=web/node_modules/.bin/prettier
js_globs=('web/src/**/*.{ts,tsx}' 'web/*.{ts,js}' 'tests/**/*.mjs' 'bench/**/*.mjs')
# Tracked files and new ones not yet added (a new file is checked before its commit, as CI will).
mapfile -t cxx < <(git ls-files --cached --others --exclude-standard '*.cpp' '*.hpp')
if [[ ${1:-} == --check ]]; then
  rc=0
  clang-format --dry-run -Werror "${cxx[@]}" || rc=1
  "$prettier" --check --log-level warn "${js_globs[@]}" || rc=1
  if ((rc)); then echo "format: files differ; run scripts/format.sh"; echo "0 passed, 1 failed"
  else echo "format: ${#cxx[@]} C++ files and the TypeScript/JS sources match"; echo "1 passed, 0 failed"; fi
  exit $rc
fi
clang-format -i "${cxx[@]}"
"$prettier" --write --log-level warn "${js_globs[@]}"
