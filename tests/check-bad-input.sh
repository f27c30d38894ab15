# SPDX-License-Identifier: 0BSD
# tests/check-bad-input.sh: bad input gets one clear line and the right exit
# status (or a verdict that contains the harm), never a crash, a hang or a
# silent pass; nothing is left running and nothing is written outside
# build/. Sourced by tests/run.sh (its ok, not_ok and expect).
#
# Each row: NAME | EXIT | PATTERN (of the output) | COMMAND. A command runs
# under `timeout 300`: a hang of dodont itself fails its row (124).

B=tests/fixtures/bad
V=tests/fixtures/verify
H=tests/fixtures/hostile
NOBODY=""
[ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null &&
	NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups --"

before_files=$(git status --porcelain --untracked-files=all -- . ':!build' 2>/dev/null)
rows() {
	cat <<EOF
no command                       | 2 | ^usage: dodont list                                   | $D
unknown command                  | 2 | ^dodont: unknown command 'frobnicate'                 | $D frobnicate
unknown option                   | 2 | ^dodont: unknown option '--frob'                      | $D run shared-counter --frob
missing file                     | 2 | ^dodont: cannot read /nonexistent/x.c                 | $D verify /nonexistent/x.c
a folder given as a file         | 2 | ^dodont: tests is a folder                            | $D verify tests
not a C file                     | 2 | ^dodont: README.md is not a C source file             | $D verify README.md
an empty file                    | 2 | ^dodont: $B/empty.c does not compile                  | $D verify $B/empty.c
a binary file                    | 2 | ^dodont: $B/binary.c is not a C source file .*NUL     | $D verify $B/binary.c
a header that never closes       | 2 | ^dodont: $B/open-header.c:1: the leading comment never ends | $D run $B/open-header.c
a tag defined twice              | 2 | ^dodont: $B/tag-twice.c:7: tag @here already marks line 6 | $D run $B/tag-twice.c
an expectation naming no tag     | 2 | ^dodont: $B/malformed-header.c:5: expect names @nowhere | $D run $B/malformed-header.c
unknown tool                     | 2 | ^dodont: unknown tool 'tsna' \(tools: tsan            | $D run shared-counter --tool tsna
unknown kind in a header         | 2 | unknown report kind 'data-rase' \(did you mean 'data-race'\?\) | $D run $B/unknown-kind.c
a misspelt key in a header       | 2 | $B/misspelt-key.c:5: unknown key 'fualt' \(did you mean 'fault'\?\) | $D run $B/misspelt-key.c
an unknown fault function        | 2 | $B/unknown-fault.c:5: the faults tool cannot fail 'mallok' \(did you mean 'malloc'\?\) | $D run $B/unknown-fault.c
an unknown errno name            | 2 | $B/unknown-errno.c:5: unknown errno name 'ENOMEN' \(did you mean 'ENOMEM'\?\) | $D run $B/unknown-errno.c
an unknown lint rule             | 2 | $B/unknown-rule.c:5: unknown lint rule 'cond-wait-not-in-lop' | $D run $B/unknown-rule.c
a negative --repeat              | 2 | ^dodont: --repeat needs a number from 1 to 1000        | $D run shared-counter --repeat -1
a huge --repeat                  | 2 | ^dodont: --repeat needs a number from 1 to 1000        | $D run shared-counter --repeat 99999999999
a huge -j                        | 2 | ^dodont: -j needs a number from 1 to 256               | $D run shared-counter -j 100000
an option its command ignores    | 2 | ^dodont: run takes no --args                          | $D run shared-counter --args 2
lint given a detector            | 2 | ^dodont: lint takes no --tool                         | $D lint $V/racy-with-args.c --tool tsan
a zero --timeout                 | 2 | ^dodont: --timeout needs a number from 1 to 600       | $D verify $V/racy-with-args.c --timeout 0
a huge timeout: in a header      | 2 | $B/huge-timeout.c:5: timeout needs a number from 1 to 600 | $D run $B/huge-timeout.c
--json into a missing folder     | 2 | ^dodont: --json /nonexistent/r.json: no folder /nonexistent | $D run shared-counter --json /nonexistent/r.json
--junit into a folder            | 2 | ^dodont: --junit build: is a folder                   | $D run shared-counter --junit build
a program that does not compile  | 2 | ^dodont: .*does-not-compile.c does not compile: .*error | $D verify $B/does-not-compile.c
a program that forks a thousand children | 0 | warning: children never reaped, or still running   | $D verify $H/forks.c --tool tsan,memcheck,watchdog
a program that closes its stdout | 0 | ^0 errors, 0 warnings$                                | $D verify $H/closes-stdout.c --tool tsan,memcheck,watchdog
a program that prints 100 MB     | 0 | warning: the program wrote more than dodont keeps .*\[output-limit\] | $D verify $H/prints-100mb.c --tool tsan,watchdog
a program that prints without end | 0 | warning: the program wrote more than dodont keeps .*\[output-limit\] | $D verify $H/floods.c --tool tsan,watchdog
a bad Valgrind suppressions file | 2 | ^dodont: FATAL: in suppressions file .*bad.supp. near line 4: malformed | $D verify $V/racy-with-args.c --suppressions $B/bad.supp
plain make without the packages  | 2 | ^dodont: missing packages: no-such-package-dodont-test; run: make deps | env DODONT_PACKAGES=no-such-package-dodont-test sh checks/deps.sh --check
EOF
	[ -n "$NOBODY" ] && cat <<EOF
an unreadable file               | 2 | ^dodont: cannot read /root/.*: Permission denied      | $NOBODY $PWD/$D verify $(mktemp -p /root dodont-XXXXXX.c)
a read-only build/               | 2 | ^dodont: cannot .*build.*Permission denied | $NOBODY $PWD/$D verify $PWD/tests/fixtures/verify/racy-with-args.c
EOF
}

rows | while IFS='|' read -r name want pattern cmd; do
	name=$(echo "$name" | sed 's/ *$//')
	pattern=$(echo "$pattern" | sed 's/^ *//; s/ *$//')
	echo "$want|$name|$pattern|$cmd"
done >"$OUT/bad-input.rows"
while IFS='|' read -r want name pattern cmd; do
	# shellcheck disable=SC2086 # the command is words
	expect "bad input: $name" "$(echo $want)" "$pattern" timeout 300 $cmd
done <"$OUT/bad-input.rows"
rm -f /root/dodont-*.c 2>/dev/null

# Nothing left running: no process runs a program of build/, and dodont
# wrote nothing outside build/.
sleep 1
left=$(ps -eo args= | grep -c "^$PWD/build/\(bin\|tsan\|asan\)/" || true)
if [ "$left" -eq 0 ]; then
	ok "bad input: nothing left running"
else
	not_ok "bad input: nothing left running" "$left process(es) of build/ still run" \
		"$(ps -eo pid=,args= | grep "$PWD/build/" | head -5)"
fi
after_files=$(git status --porcelain --untracked-files=all -- . ':!build' 2>/dev/null)
if [ "$before_files" = "$after_files" ]; then
	ok "bad input: nothing written outside build/"
else
	not_ok "bad input: nothing written outside build/" "git status changed"
fi
