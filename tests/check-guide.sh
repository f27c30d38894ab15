# check-guide.sh: GUIDE.md stays true. Sourced by tests/run.sh, after the
# catalogue run has written build/logs/ (it uses run.sh's ok and not_ok);
# also runs alone, from the repository root: sh tests/check-guide.sh
#
# 1. Every excerpt, regenerated from real runs (tests/guide/render.sh), is
#    what GUIDE.md shows; else the first differing lines are printed.
# 2. The check can fail: a copy of GUIDE.md with one character of one
#    excerpt edited by hand is reported as drifted.
# 3. GUIDE.md holds no absolute path of a machine, no address, pid, BuildId
#    or load average, no first-person note, no empty link, and its prose
#    names no line number of a program (a tag, @name, does that).
# 4. README's giant-lock benchmark figures are the ones GUIDE.md gives.

if ! type ok >/dev/null 2>&1; then
	guide_alone=1 passed=0 failed=0 n=0
	cd "$(dirname "$0")/.." || exit 2
	ok()     { n=$((n + 1)); passed=$((passed + 1)); echo "ok $n - $1"; }
	not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "  # $l"; done; }
fi

guide_tmp=$(mktemp -d)

# guide_drift FILE: renders FILE's excerpts afresh; prints the first lines
# that differ and returns 1 when FILE does not match, 2 when it cannot render.
guide_drift() {
	sh tests/guide/render.sh "$1" >"$guide_tmp/rendered" 2>"$guide_tmp/render.err" || {
		head -3 "$guide_tmp/render.err"
		return 2
	}
	diff -u "$1" "$guide_tmp/rendered" >"$guide_tmp/drift" && return 0
	grep -E '^[-+@]' "$guide_tmp/drift" | grep -vE '^(---|\+\+\+) ' | head -8
	return 1
}

# 1. The excerpts are what the tools print today.
if guide_drift GUIDE.md >"$guide_tmp/why"; then
	ok "GUIDE.md: every excerpt matches a fresh rendering (make guide)"
else
	set -f
	IFS='
'
	# shellcheck disable=SC2046
	not_ok "GUIDE.md: every excerpt matches a fresh rendering (make guide)" $(cat "$guide_tmp/why")
	unset IFS
	set +f
fi

# 2. One character changed inside the first excerpt block must be reported.
awk 'done { print; next }
     /^<!-- excerpt: / { inside = 1; print; next }
     /^<!-- \/excerpt -->/ { inside = 0 }
     inside && !/^```/ && length($0) > 0 {
	c = substr($0, length($0)) == "#" ? "%" : "#"
	print substr($0, 1, length($0) - 1) c
	done = 1; next }
     { print }' GUIDE.md >"$guide_tmp/edited.md"
if cmp -s GUIDE.md "$guide_tmp/edited.md"; then
	not_ok "GUIDE.md: a hand-edited excerpt is reported" "no excerpt block found to edit"
elif guide_drift "$guide_tmp/edited.md" >"$guide_tmp/why.edited"; then
	not_ok "GUIDE.md: a hand-edited excerpt is reported" "the edited copy passed the check"
else
	ok "GUIDE.md: a hand-edited excerpt is reported"
fi

# 3. What the guide must never hold. Excerpt blocks and other fenced blocks
#    are tool output or code; prose is checked for line numbers.
guide_bad() { # NAME REGEX [FILE]: not_ok with the first hits when REGEX matches
	if grep -nE -- "$2" "${3:-GUIDE.md}" >"$guide_tmp/hits"; then
		set -f
		IFS='
'
		# shellcheck disable=SC2046
		not_ok "GUIDE.md: $1" $(head -3 "$guide_tmp/hits")
		unset IFS
		set +f
	else
		ok "GUIDE.md: $1"
	fi
}
guide_bad "no absolute path of a machine" '(^|[ (`"=])/(work|home|tmp|root|srv|mnt)/'
guide_bad "no address (0x and six or more hex digits)" '0x[0-9a-fA-F]{6,}'
guide_bad "no pid, BuildId or load average" '==[0-9]+==|pid=[0-9]|\(LWP [0-9]|BuildId|load average:? *[0-9]'
sed 's#I/O#IO#g' GUIDE.md >"$guide_tmp/words"
guide_bad "no first-person note" \
	"(^|[^A-Za-z'])(I|I'm|I've|[Mm]y|[Mm]e|[Ww]e|[Oo]ur|[Uu]s)([^A-Za-z']|\$)|first draft|[Ii]n my runs|[Aa] first version" \
	"$guide_tmp/words"
guide_bad "no empty link" '\]\(#?\)'
awk '/^```/ { fenced = !fenced; next } !fenced' GUIDE.md >"$guide_tmp/prose"
guide_bad "its prose names tags, not line numbers of the programs" \
	'\.[ch]:[0-9]+|\b[Ll]ines? [0-9]+' "$guide_tmp/prose"

# 4. The benchmark figures: README's giant-lock ratios appear in GUIDE.md.
missing=""
for x in $(grep -E '^\| giant-lock' README.md | grep -oE '[0-9]+\.[0-9]+x'); do
	grep -qF -- "$x" GUIDE.md || missing="$missing $x"
done
if [ -z "$(grep -E '^\| giant-lock' README.md)" ]; then
	not_ok "README and GUIDE.md give the same giant-lock figures" "README.md has no giant-lock row"
elif [ -n "$missing" ]; then
	not_ok "README and GUIDE.md give the same giant-lock figures" "not in GUIDE.md:$missing"
else
	ok "README and GUIDE.md give the same giant-lock figures"
fi

rm -rf "$guide_tmp"
if [ -n "${guide_alone:-}" ]; then
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
fi
