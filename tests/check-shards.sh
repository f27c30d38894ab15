# SPDX-License-Identifier: 0BSD
# tests/check-shards.sh: --shard K/N splits a run so that N machines share a
# catalogue, and `dodont report merge` makes one report of their --json
# results: the shards are disjoint, together they are the whole run, and the
# merged report says what one unsharded run says. Sourced by tests/run.sh.

SH="$OUT/shards"
mkdir -p "$SH"
ENTRIES="shared-counter lock-order mutex-lifetime"
$D run $ENTRIES --tool tsan,watchdog,lint -j 2 >"$SH/whole.tap" 2>&1
for k in 1 2 3; do
	$D run $ENTRIES --tool tsan,watchdog,lint -j 2 --shard $k/3 --json "$SH/$k.json" \
		>"$SH/$k.tap" 2>&1
done
points() { grep -E '^(not )?ok ' "$1" | sed -E 's/^(not ok|ok) [0-9]+ - //; s/ \(.*//' | sort; }
for k in 1 2 3; do points "$SH/$k.tap"; done >"$SH/shards.points"
if [ "$(sort "$SH/shards.points" | uniq -d | wc -l)" -eq 0 ] &&
	[ "$(wc -l <"$SH/shards.points")" -eq "$(points "$SH/whole.tap" | wc -l)" ]; then
	ok "--shard: three shards are disjoint and cover the whole run"
else
	not_ok "--shard: three shards are disjoint and cover the whole run" "see $SH"
fi
expect "report merge: the shards' results as one report" 0 " 0 failed" \
	$D report merge "$SH/1.json" "$SH/2.json" "$SH/3.json" --junit "$SH/merged.xml"
if [ "$(points "$OUT/report_merge__the_shards__results_as_one_report.log")" = "$(points "$SH/whole.tap")" ]; then
	ok "report merge: says what one unsharded run says"
else
	not_ok "report merge: says what one unsharded run says" "see $SH"
fi
expect "report merge: a file that is not a --json report" 2 "^dodont: README.md: not a dodont --json report" \
	$D report merge README.md
expect "--shard: K must lie in 1..N" 2 "^dodont: --shard needs K/N" $D run shared-counter --shard 4/3
