# tests/check-kit.sh: the workshop kit: `dodont list` and the matrix tell a
# detector's report from the program's own check; exercises round-trip; the
# lesson diff; the HTML report, opened in a real browser.
# Sourced by tests/run.sh: uses its D, OUT, ok, not_ok, expect and seen.
K="$OUT/kit"
rm -rf "$K"
mkdir -p "$K"
cores=$(nproc 2>/dev/null || echo 2)

# The entries whose broken twin a detector itself catches, read from the
# headers: an expect: line naming tsan, asan, helgrind, drd or memcheck with
# a kind that tool reports (not the program's self-check, not dodont's hang,
# cap or fault).
detector_entries() {
	for f in antipatterns/*.c; do
		awk '/SPDX-License-Identifier/ { next }
		     /^ \* expect: / { if ($3 ~ /(^|,)(tsan|asan|helgrind|drd|memcheck)(,|$)/ &&
		       $4 !~ /^(self-check|hang|crash|cap-exceeded|fault-ignored|leftover-process|tool-error|unrecognised-report)$/) found = 1 }
		     /\*\// { exit } END { exit !found }' "$f" && basename "$f" .c
	done
}

# The code of a C file without its leading comment (through the first */
# that does not close a one-line SPDX licence comment above it).
code_of() {
	awk 'started { print; next } /SPDX-License-Identifier/ { next } /\*\// { started = 1 }' "$1"
}

# 1. list and matrix: what a detector reported, apart from the program's own check.
expect "unit tests: matrix and list (cmocka)" 0 "PASSED" build/tests/unit-matrix
expect "unit tests: headers, comments and line diffs (cmocka)" 0 "PASSED" build/tests/unit-source_code
$D list >"$K/list.txt" 2>&1
listed=$(awk '/^[a-z]/ { e = $1 } /^ +detectors: / && $2 != "none" { print e }' "$K/list.txt" | tr '\n' ' ')
headers=$(detector_entries | tr '\n' ' ')
if [ -n "$headers" ] && [ "$listed" = "$headers" ]; then
	ok "list: the entries a detector catches are those whose headers say so"
else
	not_ok "list: the entries a detector catches are those whose headers say so" \
		"list: $listed" "headers: $headers"
fi
if awk '/^check-then-act / { e = 1; next } /^[a-z]/ { e = 0 }
	e && /detectors: +none/ { n = 1 } e && /its own check: +fails in the runs of .*tsan/ { o = 1 }
	END { exit !(n && o) }' "$K/list.txt"; then
	ok "list: check-then-act is caught by its own check, not by tsan"
else
	not_ok "list: check-then-act is caught by its own check, not by tsan" "see $K/list.txt"
fi

# 2. exercise: a hint-free copy of every broken twin, that builds where it lands.
# hint_free FILE: no directive in its header; no tag, "bug" or "broken" in its code.
hint_free() {
	! awk '/SPDX-License-Identifier/ { next } /\*\// { exit } { print }' "$1" | grep -Eiq '@[a-z_]|(rule|expect|skip):' &&
		! code_of "$1" | grep -Eiq '@[a-z_]|\bbug\b|\bbroken\b'
}
# same_code A B: token for token, once comments and #include lines are set aside.
same_code() {
	for x in "$1" "$2"; do
		gcc -fpreprocessed -dD -E -P "$x" 2>/dev/null | grep -v '^#include' | tr -d ' \t\n'
		echo
	done >"$K/tokens"
	[ "$(sort -u "$K/tokens" | wc -l)" -eq 1 ]
}
bad=""
for f in antipatterns/*.c; do
	entry=$(basename "$f" .c)
	$D exercise "$entry" "$K/ex/$entry" >/dev/null 2>"$K/ex-$entry.err" || { bad="$bad $entry(exit)"; continue; }
	c="$K/ex/$entry/$entry.c"
	[ "$(grep -v 'SPDX-License-Identifier' "$c" | grep -c '/\*')" -eq 1 ] || bad="$bad $entry(comments)"
	hint_free "$c" || bad="$bad $entry(hints)"
	grep -q "dodont exercise --check $entry.c" "$c" || bad="$bad $entry(task)"
	gcc -std=c17 -D_GNU_SOURCE -pthread -Wall -Wextra -Werror -fsyntax-only "$c" \
		2>>"$K/ex-$entry.err" || bad="$bad $entry(build)"
	same_code "$f" "$c" || bad="$bad $entry(code)"
done
[ -z "$bad" ] && ok "exercise: every broken twin, hint-free, same code, builds where it lands" ||
	not_ok "exercise: every broken twin, hint-free, same code, builds where it lands" "failed:$bad"
# the two checks above can fail: a broken twin has hints, its correct twin other code
if ! hint_free antipatterns/shared-counter.c && ! same_code patterns/shared-counter.c "$K/ex/shared-counter/shared-counter.c"; then
	ok "exercise: the hint and same-code checks fail where they should"
else
	not_ok "exercise: the hint and same-code checks fail where they should"
fi
expect "exercise: never overwrites a file" 2 "^dodont: .*shared-counter.c already exists" $D exercise shared-counter "$K/ex/shared-counter"
expect "exercise: an unknown entry" 2 "^dodont: no entry 'no-such-entry'" $D exercise no-such-entry "$K/ex"
: >"$K/not-an-entry.c"
expect "exercise --check: a file named after no entry" 2 "^dodont: no entry 'not-an-entry'" $D exercise --check "$K/not-an-entry.c"
expect "exercise --check: a missing file" 2 "^dodont: .*not a readable C file" $D exercise --check "$K/none/shared-counter.c"

# 3. exercise --check round-trips on every entry a detector catches: the
# written broken copy fails, a copy of the correct twin passes.
for entry in $headers; do
	expect "exercise --check: $entry, the broken copy is not fixed" 1 "not fixed yet" \
		$D exercise --check "$K/ex/$entry/$entry.c" -j "$cores"
	mkdir -p "$K/fix/$entry"
	sed 's|#include "\.\./support/|#include "|' "patterns/$entry.c" >"$K/fix/$entry/$entry.c"
	cp support/*.h "$K/fix/$entry/"
	expect "exercise --check: $entry, the correct twin passes" 0 ": fixed: clean under" \
		$D exercise --check "$K/fix/$entry/$entry.c" -j "$cores"
done
E=tests/fixtures/exercise/empty-fix
expect "exercise --check: an empty fix without threads fails" 1 "starts 0 thread\(s\); the correct program starts [1-9]" \
	$D exercise --check $E/shared-counter.c -j "$cores"
expect "exercise --check: an empty fix without processes fails" 1 "starts 0 child process\(es\); the correct program starts [1-9]" \
	$D exercise --check $E/process-pool.c -j "$cores"

# 4. dodont diff: each pair's code-only diff, exactly as diff -u prints the
# code parts, numbered as in the files; coloured only on a terminal.
# header_lines FILE: how many lines the leading comment takes (through */).
header_lines() {
	awk '/SPDX-License-Identifier/ { next } /\*\// { print NR; exit }' "$1"
}
bad=""
for f in patterns/*.c; do
	entry=$(basename "$f" .c)
	$D diff "$entry" >"$K/diff-$entry.txt" 2>&1 || bad="$bad $entry(exit)"
	code_of "$f" >"$K/a.c"
	code_of "antipatterns/$entry.c" >"$K/b.c"
	{ echo "--- patterns/$entry.c"; echo "+++ antipatterns/$entry.c"
	  diff -u "$K/a.c" "$K/b.c" | tail -n +3 |
		awk -v da="$(header_lines "$f")" -v db="$(header_lines "antipatterns/$entry.c")" '
		/^@@ / { split($2, a, ","); split($3, b, ",")
			 if (a[2] == "") a[2] = 1; if (b[2] == "") b[2] = 1
			 printf "@@ -%d,%d +%d,%d @@\n", -a[1] + da, a[2], b[1] + db, b[2]; next }
		{ print }'; } >"$K/gnu-$entry.txt"
	cmp -s "$K/diff-$entry.txt" "$K/gnu-$entry.txt" || bad="$bad $entry"
done
[ -z "$bad" ] && ok "diff: every pair's code-only diff is diff -u of the code, numbered as in the files" ||
	not_ok "diff: every pair's code-only diff is diff -u of the code, numbered as in the files" \
		"differs:$bad" "compare $K/diff-ENTRY.txt with $K/gnu-ENTRY.txt"
esc=$(printf '\033')
script -qec "env -u NO_COLOR $D diff shared-counter" /dev/null >"$K/diff-tty.txt" 2>&1
script -qec "env NO_COLOR=1 $D diff shared-counter" /dev/null >"$K/diff-tty-nocolor.txt" 2>&1
if grep -q "${esc}\[31m-" "$K/diff-tty.txt" && grep -q "${esc}\[32m+" "$K/diff-tty.txt" &&
	! grep -q "$esc" "$K/diff-tty-nocolor.txt" "$K/diff-shared-counter.txt"; then
	ok "diff: red and green on a terminal; plain with NO_COLOR or into a file"
else
	not_ok "diff: red and green on a terminal; plain with NO_COLOR or into a file" \
		"see $K/diff-tty.txt, $K/diff-tty-nocolor.txt"
fi
expect "diff: an unknown entry" 2 "^dodont: no entry 'no-such-entry'" $D diff no-such-entry

# 5. The HTML report: static files only, every entry, opened in a real browser.
H=build/tests/html
rm -rf "$H"
expect "html: run writes the report" 0 " 0 failed" $D run shared-counter lock-order --html "$H" -j "$cores"
if [ -s "$H/index.html" ] && [ -s "$H/report.css" ] && grep -q 'href="report.css"' "$H/index.html" &&
	! grep -Eiq '<script|(src|href)="(https?:)?//' "$H/index.html"; then
	ok "html: one page and its stylesheet, no script, nothing from the network"
else
	not_ok "html: one page and its stylesheet, no script, nothing from the network" "see $H"
fi
# browse URL OUT ERR [FLAGS...]: headless Chromium, its console on ERR.
browse() {
	url=$1 out=$2 err=$3
	shift 3
	profile=$(mktemp -d)
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$profile" --enable-logging=stderr --v=0 "$@" "$url" >"$out" 2>"$err"
	rc=$?
	rm -rf "$profile"
	return $rc
}
if ! command -v chromium >/dev/null 2>&1; then
	n=$((n + 1))	# a skip, never counted as passed
	echo "ok $n - html: the report in headless Chromium # SKIP chromium is not installed (make deps installs it as root)"
else
	page="file://$PWD/$H/index.html"
	rm -f "$K/report.png"
	browse "$page" "$K/shot.out" "$K/shot.err" --window-size=1280,2400 --screenshot="$K/report.png"
	size=$(wc -c <"$K/report.png" 2>/dev/null || echo 0)
	[ "$size" -gt 20000 ] && ok "html: Chromium takes a screenshot of the report ($K/report.png)" ||
		not_ok "html: Chromium takes a screenshot of the report" "$size bytes; see $K/shot.err"
	browse "$page" "$K/dom.html" "$K/console.txt" --dump-dom
	bad=""
	for entry in shared-counter lock-order; do
		grep -q "id=\"e-$entry\"" "$K/dom.html" && grep -q "href=\"#e-$entry\"" "$K/dom.html" ||
			bad="$bad $entry"
	done
	for id in $(grep -o 'href="#f-[0-9]*"' "$K/dom.html" | sed 's/.*#//; s/"//'); do
		grep -q "id=\"$id\"" "$K/dom.html" || bad="$bad $id(target)"
	done
	grep -q 'href="#f-1"' "$K/dom.html" || bad="$bad (no finding linked)"
	grep -q '<svg class="lanes"' "$K/dom.html" || bad="$bad (no race lanes)"
	grep -q 'DRD has no lock-order checker' "$K/dom.html" || bad="$bad (no skip reason)"
	grep -q '&lt;stdio.h&gt;' "$K/dom.html" && ! grep -q '<stdio.h>' "$K/dom.html" || bad="$bad (escaping)"
	[ -z "$bad" ] && ok "html: the DOM holds every entry, its findings' excerpts and a race's lanes" ||
		not_ok "html: the DOM holds every entry, its findings' excerpts and a race's lanes" \
			"missing:$bad" "see $K/dom.html"
	if grep -q 'CONSOLE' "$K/console.txt"; then
		not_ok "html: no console error" "$(grep CONSOLE "$K/console.txt" | head -3)"
	else
		ok "html: no console error"
	fi
	browse "file://$PWD/tests/fixtures/html/console-error.html" "$K/fixture-dom.html" "$K/fixture-console.txt" --dump-dom
	seen "html: the console check sees an error where there is one" "CONSOLE.*undefined_function" "$K/fixture-console.txt"
fi
