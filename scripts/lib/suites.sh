# Helpers for scripts/test.sh: run a suite, keep its log, add its counts to the totals.
# Counts are read from each runner's own closing lines (ctest, node --test, vitest; see
# docs/testing.md, "Counting"): a suite that fails without a readable count counts as one
# failure; one whose runner ran no test, or skipped every one, counts as skipped (at least
# one), never as passed; a check without a runner (lint, format) that succeeds is one pass.

total_passed=0
total_failed=0
total_skipped=0
failed_names=()
skipped_names=()

# stage NAME CMD...: a step that must succeed for what follows (a build). No counts.
stage() {
  local name=$1; shift
  echo "=== $name"
  if "$@" >"$logs/${name//[^a-zA-Z0-9]/_}.log" 2>&1; then return 0; fi
  tail -n 40 "$logs/${name//[^a-zA-Z0-9]/_}.log"
  echo "--- $name FAILED"
  total_failed=$((total_failed + 1)); failed_names+=("$name")
  return 1
}

# stage_bg NAME CMD...: starts a stage under SCHED_IDLE (a core only when nothing else wants
# it) while the suites that follow run (a build beside the suites; docs/testing.md, "Run
# time"); stage_wait NAME waits for it and reports it as stage() would, returning its status.
declare -A stage_pids=()
stage_bg() {
  local name=$1; shift
  echo "=== $name (in the background, SCHED_IDLE)"
  chrt --idle 0 nice -n 19 "$@" >"$(log_of "$name")" 2>&1 &
  stage_pids[$name]=$!
}
stage_wait() {
  local name=$1 start=$SECONDS
  echo "=== $name (waiting for it)"
  if wait "${stage_pids[$name]}"; then echo "--- $name: done (waited $((SECONDS - start)) s)"; return 0; fi
  tail -n 40 "$(log_of "$name")"
  echo "--- $name FAILED"
  total_failed=$((total_failed + 1)); failed_names+=("$name")
  return 1
}

# suite NAME CMD...: runs a test runner, prints its output, adds its counts.
suite() {
  local name=$1; shift
  echo "=== $name"
  local start=$SECONDS
  "$@" >"$(log_of "$name")" 2>&1
  tally "$name" $? $((SECONDS - start))
}

# together: the suites between `together` and `end_together` (each started with `suite_bg`)
# run at the same time, each with its own log; end_together waits for all of them and reports
# each as suite() would, in the order they were started. For suites that mostly wait on
# timers and sockets (docs/testing.md, "Run time"), never for ones that measure latency.
background=()
background_pids=()
suite_bg() {
  local name=$1; shift
  echo "=== $name (in the background)"
  (
    start=$SECONDS
    "$@" >"$(log_of "$name")" 2>&1
    echo "$? $((SECONDS - start))" >"$(log_of "$name").rc"
  ) &
  background+=("$name")
  background_pids+=($!)
}
end_together() {
  ((${#background_pids[@]} == 0)) || wait "${background_pids[@]}"
  background_pids=()
  local name rc secs
  for name in "${background[@]}"; do
    read -r rc secs <"$(log_of "$name").rc" || { rc=1; secs=0; }
    echo "=== $name"
    tally "$name" "$rc" "$secs"
  done
  background=()
}

log_of() { echo "$logs/${1//[^a-zA-Z0-9]/_}.log"; }

# tally NAME RC SECONDS: adds the counts of NAME's log to the totals and reports them.
tally() {
  local name=$1 rc=$2 secs=$3
  local log
  log=$(log_of "$name")
  local p f s runner
  read -r p f s runner < <(count "$log")
  if [[ $rc -ne 0 && $f -eq 0 ]]; then f=1; fi
  if [[ $rc -eq 0 && $runner -eq 0 && $p -eq 0 && $f -eq 0 ]]; then p=1; fi  # no runner (lint)
  if [[ $runner -eq 1 && $p -eq 0 && $f -eq 0 ]]; then  # ran nothing: skipped, not passed
    ((s > 0)) || s=1
    skipped_names+=("$name")
  fi
  total_passed=$((total_passed + p)); total_failed=$((total_failed + f))
  total_skipped=$((total_skipped + s))
  if ((f > 0)); then
    failed_names+=("$name")
    # Failing node subtests are indented under their suite: match them at any depth.
    grep -E -B2 -A25 '^(\s*not ok|\[  FAILED|.*\(Failed\)|.*FAIL |==[0-9]+==ERROR|.*runtime error:)' "$log" | head -n 200
    tail -n 15 "$log"
  fi
  echo "--- $name: $p passed, $f failed, $s skipped ($secs s)"
  if ((p == 0 && f == 0)); then grep -m3 -E '# SKIP|\(Skipped\)|^No test' "$log"; fi
}

# skipped NAME REASON: a suite that cannot run here; counts as one skipped.
skipped() {
  echo "=== $1"
  echo "--- $1: skipped ($2)"
  total_skipped=$((total_skipped + 1)); skipped_names+=("$1")
}

# node_suite NAME DIR: node --test over DIR/*.test.mjs (skipped when the folder has none).
node_suite() {
  local name=$1 dir=$2
  compgen -G "$dir/*.test.mjs" >/dev/null || { skipped "$name" "no $dir/*.test.mjs"; return 0; }
  suite "$name" node --test --test-concurrency=1 --test-timeout=300000 "$dir/"
}

# count LOG: prints "passed failed skipped runner" from the runner's closing lines in LOG;
# runner is 1 when a runner's summary was found (even one that ran nothing), else 0.
count() {
  python3 - "$1" <<'PY'
import re, sys
text = re.sub(r"\x1b\[[0-9;]*m", "", open(sys.argv[1], errors="replace").read())
p = f = s = 0
runner = 1
m = re.findall(r"(\d+)% tests passed, (\d+) tests? failed out of (\d+)", text)
if m:  # ctest: skipped tests are listed as "(Skipped)" but counted as passed
    _, failed, total = m[-1]
    s = len(re.findall(r"^\s*\d+ - .* \(Skipped\)$", text, re.M))
    p, f = int(total) - int(failed) - s, int(failed)
elif re.search(r"^No tests were found", text, re.M):
    pass
else:
    np = re.findall(r"^(?:# |ℹ )pass (\d+)", text, re.M)
    nf = re.findall(r"^(?:# |ℹ )fail (\d+)", text, re.M)
    vt = re.findall(r"^\s*Tests\s+(.*)$", text, re.M)
    fz = re.findall(r"^(?:fuzz|gtest): (\d+) passed, (\d+) failed(?:, (\d+) skipped)?", text, re.M)
    if np or nf:
        p, f = int(np[-1]) if np else 0, int(nf[-1]) if nf else 0
        # Each skipped test or describe() is one "ok N - name # SKIP" line (TAP, any depth),
        # and so is each todo test, passed or not ("[not ok|ok] N - name # TODO": node counts
        # it in neither pass nor fail); a test file that declared no test passes as itself,
        # "ok N - <path>.test.mjs".
        s = len(re.findall(r"^\s*ok \d+ - .*# SKIP", text, re.M))
        s += len(re.findall(r"^\s*(?:not )?ok \d+ - .*# TODO", text, re.M))
        empty = len(re.findall(r"^ok \d+ - \S+\.test\.m?js$", text, re.M))
        p, s = p - empty, s + empty
    elif vt:
        line = vt[-1]
        a = re.search(r"(\d+) passed", line); b = re.search(r"(\d+) failed", line)
        c = re.search(r"(\d+) skipped", line)
        p, f, s = (int(x.group(1)) if x else 0 for x in (a, b, c))
    elif fz:
        p, f, s = int(fz[-1][0]), int(fz[-1][1]), int(fz[-1][2] or 0)
    elif re.search(r"^No test files found", text, re.M):
        pass
    else:
        runner = 0
print(p, f, s, runner)
PY
}

# run_gtests DIR: each test_* binary in DIR once, all its cases in one process, and a closing
# "gtest: N passed, N failed, N skipped". For the ASan pass: ctest starts one process per case,
# and ASan's start-up made that ~110 s against ~25 s this way (docs/testing.md, "Run time").
# A binary that ends without gtest's summary or with a non-zero status that its summary does
# not explain (a sanitizer report, a crash, the 600 s timeout) counts as one failure.
run_gtests() {
  local dir=$1 bin out rc p=0 f=0 s=0 np nf ns
  for bin in "$dir"/test_*; do
    [[ -f $bin && -x $bin ]] || continue
    echo "--- ${bin##*/}"
    out=$(timeout 600 "$bin" --gtest_brief=1 2>&1); rc=$?
    echo "$out"
    np=$(grep -oP '^\[  PASSED  \] \K\d+' <<<"$out" | tail -1)
    nf=$(grep -oP '^\[  FAILED  \] \K\d+(?= tests?, listed below)' <<<"$out" | tail -1)
    ns=$(grep -oP '^\[  SKIPPED \] \K\d+(?= tests?, listed below)' <<<"$out" | tail -1)
    if [[ -z $np$nf ]] || { ((rc != 0)) && ((${nf:-0} == 0)); }; then
      echo "${bin##*/}: exited with status $rc"; nf=$((${nf:-0} + 1))
    fi
    p=$((p + ${np:-0})); f=$((f + ${nf:-0})); s=$((s + ${ns:-0}))
  done
  echo "gtest: $p passed, $f failed, $s skipped"
  ((f == 0))
}

# run_fuzzer BIN CORPUS SECONDS: libFuzzer from the committed corpus (new inputs go to a temp
# dir, never into the repo); one "test" that fails on any crash, leak or timeout. A fixed seed
# and run count make the run repeatable: CI runs (a prefix of) the sequence a developer ran.
run_fuzzer() {
  local bin=$1 corpus=$2 secs=$3 work
  work=$(mktemp -d)
  mkdir -p "$corpus"
  if "$bin" -seed=1 -runs="${PARLEY_FUZZ_RUNS:-1000000}" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$logs/" "$work" "$corpus"; then
    echo "fuzz: 1 passed, 0 failed"; rm -rf "$work"; return 0
  fi
  echo "fuzz: 0 passed, 1 failed"; rm -rf "$work"; return 1
}

summary() {
  echo
  if ((${#skipped_names[@]})); then echo "skipped (ran no test): ${skipped_names[*]}"; fi
  if ((${#failed_names[@]})); then echo "failed: ${failed_names[*]}"; fi
  echo "$total_passed passed, $total_failed failed, $total_skipped skipped"
  ((total_failed == 0))
}
