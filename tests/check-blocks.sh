# check-blocks.sh: the reference blocks' part of make check, sourced by
# tests/run.sh (it uses run.sh's ok, not_ok and expect, D and OUT).
#
# 1. The blocks compile with clang under Thread Safety Analysis, and a
#    fixture with a locking mistake does not.
# 2. Their unit tests (cmocka) pass.
# 3. Their stress programs are clean under every tool dodont runs.
# 4. The stress programs' checks can fail: each, built against its block
#    with one deliberate bug, reports it.

blk_cc="-std=c17 -D_GNU_SOURCE -pthread -Wall -Wextra -Werror"
blk_tsa="-Wthread-safety -Wthread-safety-beta"

expect "blocks: clang $blk_tsa compiles them" 0 "" \
	clang $blk_cc $blk_tsa -Ichecks/lint -fsyntax-only blocks/*.c
expect "blocks: clang $blk_tsa rejects a missing unlock" 1 \
	"tsa-missing-unlock.c:[0-9]+:[0-9]+: error: mutex 'c->mu' is not held on every path" \
	clang $blk_cc $blk_tsa -Ichecks/lint -fsyntax-only tests/blocks/fixtures/tsa-missing-unlock.c

for blk_unit in queue pool limiter executor; do
	expect "blocks: unit tests: $blk_unit (cmocka)" 0 "PASSED" \
		timeout 120 build/tests/blocks-$blk_unit
done

expect "blocks: stress programs clean under every tool" 0 " 0 failed" \
	$D run tests/blocks/stress-queue.c tests/blocks/stress-pool.c tests/blocks/stress-io.c -j 2

# blk_sabotage NAME STRESS BLOCK SED OTHER_BLOCKS [ARGS...]: STRESS built
# against BLOCK edited by SED, run with ARGS, must fail its own check.
blk_sabotage() {
	blk_copy="$OUT/sabotaged-$3.c"
	sed "$4" "blocks/$3.c" >"$blk_copy"
	if cmp -s "blocks/$3.c" "$blk_copy"; then
		not_ok "$1" "the edit '$4' no longer applies to blocks/$3.c"
		return
	fi
	blk_others=""
	for blk_o in $5; do blk_others="$blk_others blocks/$blk_o.c"; done
	if ! gcc $blk_cc -g -Iblocks -Ichecks/lint "tests/blocks/$2.c" "$blk_copy" \
		$blk_others -o "$OUT/sabotaged-$2" 2>"$OUT/sabotaged-$2.log"; then
		not_ok "$1" "does not compile: see $OUT/sabotaged-$2.log"
		return
	fi
	blk_name=$1 blk_bin="$OUT/sabotaged-$2"
	shift 5
	expect "$blk_name" 1 "self-check" timeout 60 "$blk_bin" "$@"
}

blk_sabotage "blocks: stress-queue sees lost items" stress-queue queue \
	's/^\t\*popped = k;$/\t*popped = k - (k > 8);/' ""
blk_sabotage "blocks: stress-pool sees wrong results" stress-pool pool \
	's/settle_locked(p, f, error, result);/settle_locked(p, f, error, NULL);/' ""
# eight threads for two permits, so that three in flight are all but certain
blk_sabotage "blocks: stress-io sees the limit exceeded" stress-io limiter \
	's/if (l->in_use == l->limit)$/if (l->in_use == l->limit + 1)/' "pool executor" \
	2000 2 6 2
