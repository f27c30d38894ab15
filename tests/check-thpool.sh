# check-thpool.sh, sourced by tests/run.sh (uses its ok, not_ok, D and OUT):
# Debian's C-Thread-Pool (cthreadpool-dev) built with a small driver. Its
# thpool.c has real races (thpool_init spins on a volatile int that the
# workers update; thpool_destroy polls another) that ThreadSanitizer sees at
# thpool.c lines; verify must report them there, not at the driver's calls,
# and lint must see the spin.
thp_src=/usr/share/cthreadpool/thpool.c
thp_inc=/usr/include/cthreadpool
if [ ! -r "$thp_src" ] || [ ! -r "$thp_inc/thpool.h" ]; then
	not_ok "thpool: C-Thread-Pool is installed" "$thp_src or $thp_inc/thpool.h missing: make deps"
else
	thp_log="$OUT/thpool-verify.log"
	$D verify "$thp_src" tests/thpool/driver.c -- -I"$thp_inc" >"$thp_log" 2>&1
	thp_rc=$?
	if [ "$thp_rc" -eq 1 ]; then
		ok "thpool: verify exits 1 on thpool.c"
	else
		not_ok "thpool: verify exits 1 on thpool.c" "exit $thp_rc, see $thp_log"
	fi
	thp_races=$(grep -E '^[^ ]*thpool\.c:[0-9]+(:[0-9]+)?: error: .*\[data-race\]' "$thp_log" |
		sed -E 's/^[^ ]*thpool\.c:([0-9]+).*/\1/' | sort -un | tr '\n' ' ' | sed 's/ $//')
	thp_n=$(echo $thp_races | wc -w)
	if [ "$thp_n" -ge 4 ]; then
		ok "thpool: data races at $thp_n distinct thpool.c lines ($thp_races)"
	else
		not_ok "thpool: data races at 4 or more distinct thpool.c lines" \
			"found $thp_n (${thp_races:-none}), see $thp_log"
	fi
	thp_elsewhere=$(grep -E ': error: .*\[data-race\]' "$thp_log" |
		grep -vE '^[^ ]*thpool\.c:[0-9]+(:[0-9]+)?: error: ' | head -n 3)
	if [ -z "$thp_elsewhere" ] && [ "$thp_n" -gt 0 ]; then
		ok "thpool: every data race is reported at a thpool.c line"
	else
		not_ok "thpool: every data race is reported at a thpool.c line" \
			"${thp_elsewhere:-no data race reported}" "see $thp_log"
	fi
	thp_dups=$(sed -nE 's/^([^ ]+:[0-9]+)(:[0-9]+)?: error: .*(\[[a-z-]+\])$/\1 \3/p' "$thp_log" |
		sort | uniq -d | head -n 3)
	if [ -z "$thp_dups" ] && [ "$thp_n" -gt 0 ]; then
		ok "thpool: one finding per place and kind"
	else
		not_ok "thpool: one finding per place and kind" "${thp_dups:-no finding}" "see $thp_log"
	fi

	thp_lint="$OUT/thpool-lint.log"
	$D lint "$thp_src" -- -I"$thp_inc" >"$thp_lint" 2>&1
	thp_rc=$?
	if [ "$thp_rc" -le 1 ] &&
		grep -Eq '^[^ ]*thpool\.c:169(:[0-9]+)?: (error|warning): .*\[spin-on-shared-variable\]' "$thp_lint"; then
		ok "thpool: lint reports the spin of thpool_init at thpool.c:169"
	else
		not_ok "thpool: lint reports the spin of thpool_init at thpool.c:169" \
			"exit $thp_rc, no spin-on-shared-variable at thpool.c:169, see $thp_lint"
	fi
fi
