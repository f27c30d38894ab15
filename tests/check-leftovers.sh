# SPDX-License-Identifier: 0BSD
# tests/check-leftovers.sh: nothing is left behind. After the catalogue run
# (tests/run.sh ran it just before), and after a demo interrupted by SIGINT
# at a random moment, no process of the build tree runs; the interrupted
# demo exits with 130 after saying what it stopped. Sourced by tests/run.sh.

# The programs dodont starts all live under build/ (bin/, shims) or run
# them (valgrind's command line names them).
build_processes() {
	ps -eo args= | grep -v grep | grep -c "$PWD/build/\(bin\|tsan\|asan\|shims\)" || true
}

n_after_catalogue=$(build_processes)
if [ "$n_after_catalogue" -eq 0 ]; then
	ok "leftovers: none after the catalogue run"
else
	not_ok "leftovers: none after the catalogue run" "$n_after_catalogue still running"
fi

moment=$(shuf -i 2-9 -n 1)
$D demo -j 2 >"$OUT/interrupted.out" 2>"$OUT/interrupted.err" &
demo=$!
sleep "$moment"
kill -INT "$demo"
wait "$demo"
rc=$?
sleep 1
left=$(build_processes)
if [ "$rc" -eq 130 ] && grep -q "^dodont: interrupted by INT: stopped [0-9]* running program" "$OUT/interrupted.err" &&
	[ "$left" -eq 0 ]; then
	ok "leftovers: a demo interrupted after $moment s exits 130, says what it stopped, leaves nothing"
else
	not_ok "leftovers: a demo interrupted after $moment s exits 130, says what it stopped, leaves nothing" \
		"exit $rc, $left process(es) left" "$(tail -1 "$OUT/interrupted.err")"
fi
