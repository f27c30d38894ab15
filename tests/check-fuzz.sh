# Sourced by tests/run.sh: dodont's readers of outside text under libFuzzer
# (tests/fuzz/). Every input saved in tests/fuzz/regressions/TARGET/ replays
# through its target with no report; then each target fuzzes for 10 s, two
# at a time, and a crash fails the check, its input kept in
# build/fuzz/crashes/TARGET/. A target with a planted bug proves both fail
# when they should.

fuzz_targets=""
for f in tests/fuzz/fuzz_*.c; do
	f=${f##*/fuzz_}
	fuzz_targets="$fuzz_targets ${f%.c}"
done
fuzz_built=""
for t in $fuzz_targets proof; do
	if [ -x "build/fuzz/fuzz-$t" ]; then
		fuzz_built="$fuzz_built $t"
	else
		not_ok "fuzz: target $t is built" "build/fuzz/fuzz-$t is missing (make fuzz-build)"
	fi
done

# Replays: libFuzzer runs each file given once, and fails on a report.
for t in $fuzz_targets; do
	inputs=$(ls -d tests/fuzz/regressions/"$t"/* 2>/dev/null)
	if [ -z "$inputs" ] || [ ! -x "build/fuzz/fuzz-$t" ]; then
		continue
	fi
	# shellcheck disable=SC2086 # the inputs are one word each
	expect "fuzz: $t replays its $(echo "$inputs" | wc -l) saved crash input(s) cleanly" 0 \
		"Executed tests/fuzz/regressions/$t/" build/fuzz/fuzz-"$t" $inputs
done
expect "fuzz: a crashing input fails its replay (planted bug)" 1 \
	"ERROR: AddressSanitizer: heap-buffer-overflow" build/fuzz/fuzz-proof tests/fuzz/proof/planted-bug

# Fuzzing: 10 s per target, two at a time; run.sh prints the table.
fuzz_now=""
for t in $fuzz_targets; do
	case " $fuzz_built " in *" $t "*) fuzz_now="$fuzz_now $t" ;; esac
done
# shellcheck disable=SC2086
sh tests/fuzz/run.sh -t 10 -j 2 -1 $fuzz_now >"$OUT/fuzz.log" 2>&1
for t in $fuzz_now; do
	read -r _ runs _ _ _ crashes <build/fuzz/runs/"$t".result 2>/dev/null || crashes=x
	if [ "$crashes" = 0 ] && [ "${runs:-0}" -gt 0 ]; then
		ok "fuzz: $t, 10 s ($runs inputs), no crash"
	else
		not_ok "fuzz: $t, 10 s, no crash" "see $OUT/fuzz.log and build/fuzz/runs/$t.log" \
			"inputs kept in build/fuzz/crashes/$t/"
	fi
done
rm -rf build/fuzz/crashes/proof
sh tests/fuzz/run.sh -t 10 -j 1 -1 proof >"$OUT/fuzz-proof.log" 2>&1
if [ $? -eq 1 ] && grep -Eq '^proof +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ +1$' "$OUT/fuzz-proof.log" &&
	[ -n "$(ls build/fuzz/crashes/proof 2>/dev/null)" ]; then
	ok "fuzz: a target that crashes fails, its input kept (planted bug)"
else
	not_ok "fuzz: a target that crashes fails, its input kept (planted bug)" "see $OUT/fuzz-proof.log"
fi
