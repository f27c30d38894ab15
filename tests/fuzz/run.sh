#!/bin/sh
# run.sh [-t SECONDS] [-j JOBS] [-1] TARGET...: fuzzes each target (built as
# build/fuzz/fuzz-TARGET) for SECONDS (default 60), JOBS at a time (default
# 2), and prints per target the inputs run, the coverage reached and the
# crashes found. Exits 1 when any target crashed.
#
# Each target grows its corpus in build/fuzz/corpus/TARGET/ from the seeds
# seed.sh writes; a crashing input is kept in build/fuzz/crashes/TARGET/.
# After a crash a target starts again for the time left (a different crash
# may hide behind the first), unless -1: then it stops at its first crash.
# Replay an input with `build/fuzz/fuzz-TARGET FILE`; once the bug is fixed,
# keep the input in tests/fuzz/regressions/TARGET/ (make check replays them).
set -u
cd "$(dirname "$0")/../.." || exit 2
F=build/fuzz

# one TARGET SECONDS FIRST_ONLY: fuzzes one target; writes $F/runs/TARGET.
one() {
	t=$1 left=$2 first_only=$3
	mkdir -p "$F/corpus/$t" "$F/crashes/$t" "$F/runs"
	log="$F/runs/$t.log"
	: >"$log"
	runs=0 crashes=0 cov=0 ft=0 corp=0
	while [ "$left" -gt 0 ]; do
		start=$(date +%s)
		"$F/fuzz-$t" -max_total_time="$left" -timeout=10 -rss_limit_mb=1024 \
			-print_final_stats=1 -artifact_prefix="$F/crashes/$t/" \
			"$F/corpus/$t" "$F/seeds/$t" >>"$log" 2>&1
		rc=$?
		n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
		runs=$((runs + ${n:-0}))
		# the last status line: "#N  NEW|REDUCE|pulse|DONE  cov: C ft: F corp: K/..."
		status=$(grep -E '^#[0-9]+.*cov: [0-9]+ ft: [0-9]+' "$log" | tail -n 1)
		if [ -n "$status" ]; then
			cov=$(echo "$status" | sed 's/.*cov: \([0-9]*\).*/\1/')
			ft=$(echo "$status" | sed 's/.* ft: \([0-9]*\).*/\1/')
			corp=$(echo "$status" | sed 's/.* corp: \([0-9]*\).*/\1/')
		fi
		[ "$rc" -eq 0 ] && break
		crashes=$((crashes + 1))
		[ "$first_only" -eq 1 ] && break
		left=$((left - ($(date +%s) - start)))
		echo "--- restarted after a crash, ${left}s left" >>"$log"
	done
	echo "$t $runs $cov $ft $corp $crashes" >"$F/runs/$t.result"
}

if [ "${1:-}" = "--one" ]; then
	shift
	one "$@"
	exit 0
fi

seconds=60 jobs=2 first_only=0
while getopts t:j:1 opt; do
	case $opt in
	t) seconds=$OPTARG ;;
	j) jobs=$OPTARG ;;
	1) first_only=1 ;;
	*) echo "usage: run.sh [-t SECONDS] [-j JOBS] [-1] TARGET..." >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || { echo "usage: run.sh [-t SECONDS] [-j JOBS] [-1] TARGET..." >&2; exit 2; }
for t in "$@"; do
	if [ ! -x "$F/fuzz-$t" ]; then
		echo "run.sh: $F/fuzz-$t is not built (make fuzz-build)" >&2
		exit 2
	fi
	rm -f "$F/runs/$t.result"
done
sh tests/fuzz/seed.sh "$F/seeds" || exit 2

printf '%s\n' "$@" | xargs -P "$jobs" -I '{}' sh "$0" --one '{}' "$seconds" "$first_only"

printf '%-10s %10s %8s %8s %8s %8s\n' target runs cov ft corpus crashes
status=0
for t in "$@"; do
	if [ ! -s "$F/runs/$t.result" ]; then
		printf '%-10s did not run: see %s\n' "$t" "$F/runs/$t.log"
		status=1
		continue
	fi
	read -r name runs cov ft corp crashes <"$F/runs/$t.result"
	printf '%-10s %10s %8s %8s %8s %8s\n' "$name" "$runs" "$cov" "$ft" "$corp" "$crashes"
	if [ "$crashes" -gt 0 ]; then
		status=1
		grep -h "Test unit written to" "$F/runs/$t.log" | sed "s/^/  $t: /"
	fi
done
exit $status
