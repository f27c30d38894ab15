#!/bin/sh
# render.sh [-i] FILE: rewrites every excerpt block of FILE (GUIDE.md) from
# real runs. A block is
#     <!-- excerpt: SPEC -->
#     ```
#     ...
#     ```
#     <!-- /excerpt -->
# and everything between the two markers is replaced by what excerpt.sh SPEC
# prints, fenced (a diff as ```diff, code as ```c; the Markdown tables
# unfenced). Prints the result on stdout, or with -i writes it back to FILE.
# Exit status 0, or 2 with one line naming the marker that failed; FILE is
# then left as it was.
set -u
here=$(cd "$(dirname "$0")" && pwd -P)
inplace=0
[ "${1:-}" = -i ] && { inplace=1; shift; }
[ $# -eq 1 ] && [ -f "$1" ] || { echo "usage: render.sh [-i] FILE" >&2; exit 2; }
file=$1
tmp=$(mktemp -d) || exit 2
awk -v excerpt="$here/excerpt.sh" -v tmp="$tmp" '
function fail(msg) {
	printf "%s:%d: %s\n", FILENAME, open_line, msg > "/dev/stderr"
	failed = 1
	exit 2
}
inside {
	if ($0 ~ /^<!-- \/excerpt -->[ \t]*$/) {
		print
		inside = 0
	}
	next
}
/^<!-- excerpt: .* -->[ \t]*$/ {
	print
	open_line = FNR
	spec = $0
	sub(/^<!-- excerpt: /, "", spec)
	sub(/ -->[ \t]*$/, "", spec)
	print spec > (tmp "/spec")
	close(tmp "/spec")
	if (system("sh \"" excerpt "\" < \"" tmp "/spec\" > \"" tmp "/out\"") != 0)
		fail("excerpt failed: " spec)
	kind = spec
	sub(/ .*/, "", kind)
	table = kind == "summary" || kind == "lint-rules"
	if (!table)
		print kind == "diff" ? "```diff" : kind == "code" ? "```c" : "```"
	lines = 0
	while ((getline l < (tmp "/out")) > 0) {
		print l
		lines++
	}
	close(tmp "/out")
	if (lines == 0)
		fail("empty excerpt: " spec)
	if (!table)
		print "```"
	inside = 1
	next
}
{ print }
END {
	if (inside && !failed)
		fail("no <!-- /excerpt --> after this marker")
}' "$file" >"$tmp/rendered"
rc=$?
if [ $rc -eq 0 ]; then
	if [ $inplace -eq 1 ]; then
		cat "$tmp/rendered" >"$file"
	else
		cat "$tmp/rendered"
	fi
fi
rm -rf "$tmp"
[ $rc -eq 0 ] || exit 2
