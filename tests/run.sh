#!/bin/sh
# make check: every pair against its expectations, dodont's unit tests, proof
# that each kind of check fails when it should, bad input, and dodont itself
# clean under ThreadSanitizer. Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
D=build/dodont
OUT=build/tests
mkdir -p "$OUT"
passed=0 failed=0 n=0

ok()     { n=$((n + 1)); passed=$((passed + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "  # $l"; done; }

# expect NAME RC PATTERN CMD...: CMD exits RC and its output matches PATTERN.
expect() {
	name=$1 want=$2 pattern=$3
	shift 3
	log="$OUT/$(echo "$name" | tr -c 'a-zA-Z0-9\n-' _).log"
	"$@" >"$log" 2>&1
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		not_ok "$name" "exit $rc, expected $want: $*" "log: $log"
	elif [ -n "$pattern" ] && ! grep -Eq -- "$pattern" "$log"; then
		not_ok "$name" "output lacks /$pattern/: $*" "log: $log"
	else
		ok "$name"
	fi
}

# seen NAME PATTERN LOG: an earlier command's log matches PATTERN.
seen() {
	if grep -Eq -- "$2" "$3"; then ok "$1"; else not_ok "$1" "$3 lacks /$2/"; fi
}

# 1. Every twin compiles alone, warning-free, with gcc and with clang.
for cc in gcc clang; do
	bad=""
	for f in patterns/*.c antipatterns/*.c; do
		$cc -std=c17 -D_GNU_SOURCE -pthread -Wall -Wextra -Werror -c "$f" \
			-o /dev/null 2>>"$OUT/compile-$cc.log" || bad="$bad $f"
	done
	[ -z "$bad" ] && ok "every twin compiles with $cc -Wall -Wextra -Werror" ||
		not_ok "every twin compiles with $cc -Wall -Wextra -Werror" "failed:$bad"
done

# 2. Unit tests (cmocka).
for u in program toollog judge lint_parse kinds tool_knowledge; do
	expect "unit tests: $u (cmocka)" 0 "PASSED" build/tests/unit-$u
done

# 3. The catalogue: every pair against its expectations, every tool.
entries=$(ls patterns | sed 's/\.c$//')
expect "catalogue: every pair meets its expectations" 0 " 0 failed" $D run $entries --json "$OUT/catalogue.json" --junit "$OUT/catalogue.xml"
grep -E "^not ok" "$OUT/catalogue__every_pair_meets_its_expectations.log" 2>/dev/null | head -20
# The guide's excerpts come from the logs the catalogue run just wrote: they
# are checked before any later test runs a pair again (an interrupted demo
# leaves half-written logs).
. tests/check-guide.sh
. tests/check-leftovers.sh

# 4. Each kind of check fails when it should.
F=tests/fixtures
expect "a fixed program labelled broken fails (tsan, helgrind)" 1 "not ok .* helgrind: expected data-race at @bump" $D run $F/counter-locked-declares-race.c --tool tsan,helgrind
expect "a broken program labelled clean fails (tsan)" 1 "not ok .* tsan: unexpected data-race" $D run $F/counter-racy-declares-clean.c --tool tsan,helgrind,drd
seen "a broken program labelled clean fails (helgrind)" "not ok .* helgrind: unexpected data-race" "$OUT/a_broken_program_labelled_clean_fails__tsan_.log"
seen "a broken program labelled clean fails (drd)" "not ok .* drd: unexpected data-race" "$OUT/a_broken_program_labelled_clean_fails__tsan_.log"
expect "a race tagged at the wrong line fails" 1 "not ok .* tsan: expected data-race at @print \(line [0-9]+\), not reported there" $D run $F/counter-racy-wrong-line.c --tool tsan,helgrind,drd
expect "an undeclared hang fails (watchdog)" 1 "not ok .* watchdog: unexpected hang at line" $D run $F/hang-undeclared.c --tool watchdog
expect "an ignored fault fails (faults)" 1 "not ok .* faults: unexpected fault-ignored" $D run $F/fault-ignored-undeclared.c --tool faults
expect "an undeclared cap hit fails (caps)" 1 "not ok .* caps: unexpected cap-exceeded" $D run $F/cap-undeclared.c --tool caps
expect "undeclared leaks fail (memcheck)" 1 "not ok .* memcheck: unexpected (memory-leak|thread-leak)" $D run $F/leak-undeclared.c --tool memcheck,asan,tsan
seen "undeclared leaks fail (tsan thread leak)" "not ok .* tsan: unexpected thread-leak" "$OUT/undeclared_leaks_fail__memcheck_.log"
seen "undeclared leaks fail (asan)" "not ok .* asan: unexpected memory-leak" "$OUT/undeclared_leaks_fail__memcheck_.log"
expect "verify prints the race at its line" 1 "antipatterns/shared-counter.c:[0-9]+: error: data race.*\[data-race\]" $D verify antipatterns/shared-counter.c
expect "verify passes a correct twin" 0 "^0 errors, 0 warnings" $D verify patterns/shared-counter.c

# 5. Bad input: one line, exit 2.
expect "unknown entry" 2 "^dodont: no entry 'no-such-entry'" $D run no-such-entry
expect "missing file" 2 "^dodont: cannot read /nonexistent/x.c" $D verify /nonexistent/x.c
expect "not a C file" 2 "^dodont: README.md is not a C source file" $D lint README.md
expect "a program that does not compile" 2 "^dodont: .*does-not-compile.c does not compile: .*error" $D verify $F/bad/does-not-compile.c
expect "an expectation naming no tagged line" 2 "^dodont: .*malformed-header.c:5: expect names @nowhere" $D run $F/bad/malformed-header.c
expect "an unknown report kind" 2 "^dodont: .*unknown-kind.c:5: unknown report kind 'data-rase'" $D run $F/bad/unknown-kind.c
expect "a bad option value" 2 "^dodont: --repeat needs a number" $D run shared-counter --repeat x
expect "an unknown command" 2 "^dodont: unknown command" $D frobnicate

# 6. dodont is itself clean: its TSan build runs part of the catalogue.
TSAN_OPTIONS="halt_on_error=0 report_signal_unsafe=1 detect_deadlocks=1" \
	expect "dodont under ThreadSanitizer: no report" 0 " 0 failed" build/tsan/dodont run shared-counter lock-order --tool tsan,watchdog,helgrind -j 4
if grep -q "WARNING: ThreadSanitizer" "$OUT/dodont_under_ThreadSanitizer__no_report.log"; then
	not_ok "dodont's TSan build reported nothing" "see $OUT/dodont_under_ThreadSanitizer__no_report.log"
else
	ok "dodont's TSan build reported nothing"
fi

# 7. Lint: every rule fires at its fixtures' tags and nowhere else, its
# tempting negatives stay clean, and so do the correct twins and dodont, even
# under --strict. Errors fail, warnings only with --strict; NOLINT comments
# silence findings and are counted.
L=tests/lint/fixtures
expect "lint fixtures: each rule where it should, nothing elsewhere" 0 " 0 failed" $D run $L/*.c --tool lint
expect "an undeclared lint finding fails (lint)" 1 "not ok .* lint: unexpected cond-wait-not-in-loop" $D run $F/lint-undeclared.c --tool lint
expect "lint: correct twins have no findings (--strict)" 0 "^0 errors, 0 warnings" $D lint patterns/*.c --strict
expect "lint: dodont's own sources have no findings (--strict)" 0 "^0 errors, 0 warnings" $D lint src/*.c src/lint/*.c checks/shims/*.c --strict -- -Isrc -Isrc/lint
expect "lint: a file that is not C" 2 "^dodont: .*not-c.c" $D lint tests/lint/bad/not-c.c
expect "lint: a syntax error" 2 "^dodont: .*syntax-error.c" $D lint tests/lint/bad/syntax-error.c
expect "lint: an error fails" 1 "^1 error, 0 warnings$" $D lint $L/double-lock.bad.c
expect "lint: warnings alone pass" 0 "^0 errors, 2 warnings$" $D lint $L/unchecked-pthread-result.bad.c
seen "lint: a warning says so" ": warning: .*\\[unchecked-pthread-result\\]" "$OUT/lint__warnings_alone_pass.log"
expect "lint: warnings fail under --strict" 1 "^0 errors, 2 warnings$" $D lint $L/unchecked-pthread-result.bad.c --strict
expect "lint: NOLINT comments silence findings, counted" 0 "^0 errors, 0 warnings \\(6 suppressed\\)$" $D lint $L/nolint.ok-silenced.c
expect "lint: a file's flags after --" 1 "thpool.c:169:[0-9]+: error: .*\\[spin-on-shared-variable\\]" $D lint /usr/share/cthreadpool/thpool.c -- -I/usr/include/cthreadpool
expect "lint: SARIF for code scanning" 1 "error: .*\\[cond-wait-not-in-loop\\]" $D lint $F/lint-undeclared.c --sarif "$OUT/lint.sarif"
if grep -q '"version": "2.1.0"' "$OUT/lint.sarif" && grep -q cond-wait-not-in-loop "$OUT/lint.sarif" &&
   grep -q '"level": "error"' "$OUT/lint.sarif"; then
	ok "lint: the SARIF file names the rule and its level"
else
	not_ok "lint: the SARIF file names the rule and its level" "see $OUT/lint.sarif"
fi

. tests/check-verify.sh
. tests/check-shards.sh
. tests/check-bad-input.sh
. tests/check-kit.sh
. tests/check-fuzz.sh
. tests/check-self.sh
. tests/check-thpool.sh
. tests/check-ci-example.sh
. tests/check-score.sh

. tests/check-blocks.sh
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
