# Sourced by tests/run.sh: dodont is clean under the tools it teaches. Beside
# its TSan build (section 6): its ASan+UBSan build (build/asan/dodont) runs,
# verifies and lints part of the catalogue, and build/dodont runs part of it
# under Memcheck, each with no report. A program with planted bugs, built and
# run the same way, proves that each would see a bug.

SELF_ASAN_BUILD="clang -std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=undefined"
SELF_MEMCHECK="valgrind --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=86 --trace-children=no"

# asan_run NAME CMD...: runs CMD with ASan's and UBSan's reports written to
# $OUT/NAME.PID (dodont gives the programs it runs an environment of their
# own: these options stay with dodont) and exit status 86 on a report.
asan_run() {
	asan_log="$OUT/$1"
	shift
	rm -f "$asan_log".[0-9]*
	ASAN_OPTIONS="log_path=$asan_log exitcode=86 detect_leaks=1" \
		UBSAN_OPTIONS="log_path=$asan_log exitcode=86 print_stacktrace=1" "$@"
}

# no_report NAME LOG_PREFIX: no sanitizer report was written to LOG_PREFIX.PID.
no_report() {
	reports=$(ls "$2".[0-9]* 2>/dev/null)
	if [ -z "$reports" ]; then
		ok "$1"
	else
		# shellcheck disable=SC2086 # one path per word
		not_ok "$1" "see" $reports
	fi
}

# The planted bugs: each seen, the same way as in dodont.
if ! $SELF_ASAN_BUILD tests/self/planted-bugs.c -o "$OUT/planted-bugs-asan" 2>"$OUT/planted-bugs.log" ||
	! cc -std=c17 -Wall -Wextra -Werror -g -O0 tests/self/planted-bugs.c -o "$OUT/planted-bugs" \
		2>>"$OUT/planted-bugs.log"; then
	not_ok "the planted bugs build" "see $OUT/planted-bugs.log"
fi
for bug in heap-overflow int-overflow leak; do
	expect "an ASan+UBSan build reports a planted $bug" 86 "" \
		asan_run "self-proof-$bug" "$OUT/planted-bugs-asan" $bug
	if [ -z "$(ls "$OUT/self-proof-$bug".[0-9]* 2>/dev/null)" ]; then
		not_ok "an ASan+UBSan build writes its report of a planted $bug" "no $OUT/self-proof-$bug.PID"
	fi
done
# shellcheck disable=SC2086 # SELF_MEMCHECK is a command line
expect "Memcheck reports a planted leak" 86 "definitely lost" $SELF_MEMCHECK "$OUT/planted-bugs" leak

# dodont's ASan+UBSan build: a run with a hang and machine-readable
# reports, a verify, a lint with SARIF.
A=build/asan/dodont
expect "dodont under ASan+UBSan: run" 0 " 0 failed" \
	asan_run self-asan-run $A run shared-counter lock-order lost-wakeup \
	--tool tsan,watchdog,helgrind -j 2 --json "$OUT/self-asan.json" --junit "$OUT/self-asan.xml"
no_report "dodont under ASan+UBSan: run, no report" "$OUT/self-asan-run"
expect "dodont under ASan+UBSan: verify" 1 "antipatterns/shared-counter.c:[0-9]+: error: .*\[data-race\]" \
	asan_run self-asan-verify $A verify antipatterns/shared-counter.c --tool tsan,helgrind
no_report "dodont under ASan+UBSan: verify, no report" "$OUT/self-asan-verify"
expect "dodont under ASan+UBSan: lint" 1 "\[cond-wait-not-in-loop\]" \
	asan_run self-asan-lint $A lint antipatterns/cond-wait-loop.c antipatterns/lock-order.c \
	--sarif "$OUT/self-asan.sarif"
no_report "dodont under ASan+UBSan: lint, no report" "$OUT/self-asan-lint"

# build/dodont under Memcheck: a run with a hang (without a pidfd under
# Valgrind, dodont polls for the watchdog).
# shellcheck disable=SC2086 # SELF_MEMCHECK is a command line
expect "dodont under Memcheck: run" 0 " 0 failed" \
	$SELF_MEMCHECK --log-file="$OUT/self-memcheck.valgrind.log" \
	$D run shared-counter lost-wakeup --tool tsan,watchdog,helgrind -j 2
seen "dodont under Memcheck: run, no report" "ERROR SUMMARY: 0 errors from 0 contexts" \
	"$OUT/self-memcheck.valgrind.log"
