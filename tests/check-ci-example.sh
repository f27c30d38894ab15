# check-ci-example.sh, sourced by tests/run.sh (uses its ok, not_ok and OUT):
# the commands of the CI example (examples/ci/run.sh) on C-Thread-Pool, built
# from a copy with a tiny Makefile through bear. thpool.c has races, so the
# job must fail red (exit 1), and it must leave its SARIF file.
ci_dir=build/ci-example/thpool
ci_log="$OUT/ci-example.log"
rm -rf "$ci_dir"
if mkdir -p "$ci_dir" &&
	cp /usr/share/cthreadpool/thpool.c /usr/include/cthreadpool/thpool.h \
		tests/thpool/driver.c "$ci_dir"/; then
	printf '%s\n' \
		'CFLAGS = -std=c17 -D_GNU_SOURCE -pthread -g -O1 -I.' \
		'driver: driver.o thpool.o' \
		'	$(CC) $(CFLAGS) -o $@ driver.o thpool.o' >"$ci_dir/Makefile"
	echo 'driver.c thpool.c' >"$ci_dir/dodont-programs"
	DODONT=build/dodont sh examples/ci/run.sh "$ci_dir" >"$ci_log" 2>&1
	ci_rc=$?
	if [ "$ci_rc" -eq 1 ]; then
		ok "CI example: red (exit 1) on C-Thread-Pool's races"
	else
		not_ok "CI example: red (exit 1) on C-Thread-Pool's races" "exit $ci_rc, see $ci_log"
	fi
	if [ -s "$ci_dir/build/compile_commands.json" ]; then
		ok "CI example: bear -- make wrote compile_commands.json"
	else
		not_ok "CI example: bear -- make wrote compile_commands.json" "see $ci_log"
	fi
	if grep -q '"version": *"2.1.0"' "$ci_dir/dodont-lint.sarif" 2>/dev/null; then
		ok "CI example: SARIF 2.1.0 written"
	else
		not_ok "CI example: SARIF 2.1.0 written" "no $ci_dir/dodont-lint.sarif, see $ci_log"
	fi
else
	not_ok "CI example: a copy of C-Thread-Pool under $ci_dir" "cthreadpool-dev missing? make deps"
fi
