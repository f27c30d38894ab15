#!/bin/sh
# SPDX-License-Identifier: 0BSD
# make soak: the whole catalogue (or ENTRIES) ROUNDS times (default 20) while stress-ng
# keeps every CPU busy, then, per entry, twin and tool, how many of the
# rounds gave the expected verdict. A broken twin must fail by construction,
# not by timing: anything below ROUNDS/ROUNDS here is a flake to fix.
set -eu
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-20}
OUT=build/soak
mkdir -p "$OUT"
command -v stress-ng >/dev/null || { echo "dodont: stress-ng not found: make deps" >&2; exit 2; }
stress-ng --cpu "$(nproc)" --timeout 0 --quiet &
load=$!
trap 'kill $load 2>/dev/null; wait $load 2>/dev/null || true' EXIT INT TERM
sleep 2
echo "soak: $ROUNDS rounds of the catalogue under stress-ng --cpu $(nproc); load $(cut -d' ' -f1-3 /proc/loadavg)"
set +e
if [ -n "${ENTRIES:-}" ]; then	# a few entries again: ENTRIES="a b" make soak
	# shellcheck disable=SC2086 # entry names are words
	build/dodont run $ENTRIES --repeat "$ROUNDS" --json "$OUT/soak.json" >"$OUT/soak.tap" 2>"$OUT/soak.err"
else
	build/dodont demo --repeat "$ROUNDS" --json "$OUT/soak.json" >"$OUT/soak.tap" 2>"$OUT/soak.err"
fi
rc=$?
set -e
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
# entry twin tool -> runs passed / runs (skips are declared, not counted)
python3 - "$OUT/soak.json" "$ROUNDS" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))["runs"]
rounds = int(sys.argv[2])
table = {}
for r in runs:
    if r["verdict"] == "skip":
        continue
    key = (r["entry"], r["twin"], r["tool"])
    ok, n = table.get(key, (0, 0))
    table[key] = (ok + (r["verdict"] == "pass"), n + 1)
flaky = 0
print("%-24s %-8s %-9s %s" % ("entry", "twin", "tool", "matched"))
for (entry, twin, tool), (ok, n) in sorted(table.items()):
    mark = "" if ok == n == rounds or (tool == "lint" and ok == n) else "   <-- flake"
    flaky += mark != ""
    print("%-24s %-8s %-9s %d/%d%s" % (entry, twin, tool, ok, n, mark))
print("%d (entry, twin, tool) rows, %d below %d/%d" % (len(table), flaky, rounds, rounds))
sys.exit(1 if flaky else 0)
PY
