# SPDX-License-Identifier: 0BSD
# tests/check-verify.sh: dodont verify on programs that are not the
# catalogue's: several sources and their flags, compile_commands.json, the
# program's arguments, suppressions, severities, and what each tool is known
# to get wrong. Sourced by tests/run.sh (its ok, not_ok, expect and seen).
#
# The static half is left out (--tool): lint is tested on its own, and here
# each check is about what the detectors saw and how verify weighs it.

V=tests/fixtures/verify
DYN=tsan,asan,helgrind,drd,memcheck,watchdog
RACES=tsan,helgrind,drd,watchdog

expect "verify: a race in a library file is named at the library's line" 1 \
	"^$V/ledger/ledger.c:8: error: data race: write here.*\(tsan, helgrind, drd\) \[data-race\]$" \
	$D verify $V/ledger-driver.c $V/ledger/ledger.c --tool $DYN -- -I$V/ledger
seen "verify: one finding per bug, the counts close the output" "^1 error, 0 warnings$" \
	"$OUT/verify__a_race_in_a_library_file_is_named_at_the_library_s_line.log"

# compile_commands.json as CMake and bear write it: absolute directory,
# "command" in one string or "arguments" as a list.
mkdir -p "$OUT/cdb"
printf '[{"directory": "%s", "file": "ledger-driver.c", "command": "cc -Iledger -c ledger-driver.c -o x.o"},\n {"directory": "%s", "file": "ledger/ledger.c", "arguments": ["cc", "-I", "ledger", "-c", "ledger/ledger.c"]}]\n' \
	"$PWD/$V" "$PWD/$V" >"$OUT/cdb/compile_commands.json"
expect "verify -p: the flags come from compile_commands.json" 1 "^$V/ledger/ledger.c:8: error: data race" \
	$D verify $V/ledger-driver.c $V/ledger/ledger.c --tool $DYN -p "$OUT/cdb"
expect "verify --suppressions: TSan's and Valgrind's own files, counted" 0 "^0 errors, 0 warnings \(3 suppressed\)$" \
	$D verify $V/ledger-driver.c $V/ledger/ledger.c --tool $DYN \
	--suppressions $V/ledger.tsan.supp --suppressions $V/ledger.valgrind.supp -- -I$V/ledger
expect "verify: a race that needs arguments is not seen without them" 0 "^0 errors" \
	$D verify $V/racy-with-args.c --tool $RACES
expect "verify --args: ... and is seen with them" 1 "racy-with-args.c:[0-9]+: error: data race" \
	$D verify $V/racy-with-args.c --tool $RACES --args "2"
expect "verify --repeat: stops at the first run that reports" 1 "error: data race" \
	$D verify $V/racy-with-args.c --tool $RACES --args "2" --repeat 5 --json "$OUT/repeat.json"
if [ "$(grep -c 'not run: an earlier run already reported' "$OUT/repeat.json")" -ge 4 ]; then
	ok "verify --repeat: the later runs were not needed"
else
	not_ok "verify --repeat: the later runs were not needed" "see $OUT/repeat.json"
fi
expect "verify: warnings alone pass" 0 "^0 errors, 2 warnings$" \
	$D verify tests/fixtures/leak-undeclared.c --tool tsan,asan,memcheck,watchdog
expect "verify --strict: ... and fail with --strict" 1 "warning: a thread never joined" \
	$D verify tests/fixtures/leak-undeclared.c --tool tsan,asan,memcheck,watchdog --strict

# What each tool is known to get wrong: a correct program the tool misreads
# stays clean (its report kept as a note that says why), and the same
# program with the bug put back is an error: each row can fail.
expect "knowledge: a gate lock makes a lock cycle harmless" 0 "note: lock order inversion.*gate lock" \
	$D verify $V/gate-lock.c --tool tsan,helgrind,watchdog
expect "knowledge: ... without the gate it is an error" 1 "error: lock order inversion" \
	$D verify $V/lock-cycle.c --tool tsan,helgrind,watchdog
expect "knowledge: a trylock edge cannot deadlock" 0 "note: lock order inversion.*trylock" \
	$D verify $V/trylock-backoff.c --tool tsan,helgrind,watchdog
expect "knowledge: Valgrind on C11 atomics (release/acquire is correct)" 0 "note: data race.*do not model C11 atomics" \
	$D verify $V/publish-acquire.c --tool $RACES
expect "knowledge: ... a relaxed publish is still a race" 1 "publish-relaxed.c:[0-9]+: error: data race.*tsan" \
	$D verify $V/publish-relaxed.c --tool $RACES
expect "knowledge: Valgrind inside the C library (localtime_r's own locks)" 0 "note: data race.*inside a library" \
	$D verify $V/localtime-threads.c --tool $RACES
expect "knowledge: ... a race on the program's memory inside memcpy is still a race" 1 "memcpy-race.c:[0-9]+: error: data race.*tsan" \
	$D verify $V/memcpy-race.c --tool $RACES
expect "knowledge: a tool that dies at start is a note (C11 threads under TSan)" 0 "note: the tool died.*tsan" \
	$D verify $V/c11-threads.c --tool tsan,watchdog

# Bad input: one line, exit 2.
expect "verify: -p without compile_commands.json" 2 "^dodont: no .*/compile_commands.json: -p names the folder" \
	$D verify $V/gate-lock.c -p tests
expect "verify: a source the database does not list" 2 "^dodont: $V/gate-lock.c is not in .*compile_commands.json" \
	$D verify $V/gate-lock.c -p "$OUT/cdb"
expect "verify: an empty --args" 2 "^dodont: --args is empty" $D verify $V/gate-lock.c --args ""
expect "verify: a missing header shows the compiler's first error" 2 \
	"^dodont: $V/ledger-driver.c does not compile: .*ledger.h" \
	$D verify $V/ledger-driver.c $V/ledger/ledger.c --tool $DYN
expect "verify: a second source that does not exist" 2 "^dodont: cannot read $V/nowhere.c" \
	$D verify $V/gate-lock.c $V/nowhere.c

# --timeout: the native run's time (each tool scales it). A program that is
# still busy when it runs out is a hang, and says it was using CPU.
expect "verify --timeout: a busy program out of time is a hang, using CPU" 1 \
	"busy-for-a-while.c:[0-9]+: error: hang: still running, and using CPU" \
	$D verify $V/busy-for-a-while.c --tool watchdog --timeout 1
expect "verify --timeout: ... and with time enough it is clean" 0 "^0 errors, 0 warnings$" \
	$D verify $V/busy-for-a-while.c --tool watchdog --timeout 120
