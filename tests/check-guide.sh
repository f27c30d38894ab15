# check-guide.sh: GUIDE.md stays true. Sourced by tests/run.sh, after the
# catalogue run has written build/logs/ (it uses run.sh's ok and not_ok);
# also runs alone, from the repository root: sh tests/check-guide.sh
#
# 1. Every excerpt, regenerated from real runs (tests/guide/render.sh), is
#    what GUIDE.md shows; else the first differing lines are printed.
# 2. The check can fail: a copy of GUIDE.md with one character of one
#    excerpt edited by hand is reported as drifted.
# 3. GUIDE.md holds no absolute path of a machine, no address, pid, BuildId
#    or load average, and no empty link; its prose (outside the fenced blocks,
#    which are the programs' code and the tools' output) holds no first-person
#    note and names no line number of a program (a tag, @name, does that).
#    Every link lands on an anchor; every entry has a section in GUIDE.md and
#    a line in CHEATSHEET.md; every `@tag` a section names is in its programs.
# 4. README's giant-lock benchmark figures are the ones GUIDE.md gives.

if ! type ok >/dev/null 2>&1; then
	guide_alone=1 passed=0 failed=0 n=0
	cd "$(dirname "$0")/.." || exit 2
	ok()     { n=$((n + 1)); passed=$((passed + 1)); echo "ok $n - $1"; }
	not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "  # $l"; done; }
fi

guide_tmp=$(mktemp -d)

# guide_render FILE: FILE with every excerpt rendered afresh, into
# $guide_tmp/rendered; on failure, prints why and returns 2.
guide_render() {
	sh tests/guide/render.sh "$1" >"$guide_tmp/rendered" 2>"$guide_tmp/render.err" && return 0
	head -3 "$guide_tmp/render.err"
	return 2
}

# guide_drift FILE: compares FILE with the last rendering of its markers;
# prints the first lines that differ and returns 1 when FILE does not match.
guide_drift() {
	diff -u "$1" "$guide_tmp/rendered" >"$guide_tmp/drift" && return 0
	grep -E '^[-+@]' "$guide_tmp/drift" | grep -vE '^(---|\+\+\+) ' | head -8
	return 1
}

# 1. The excerpts are what the tools print today.
if guide_render GUIDE.md >"$guide_tmp/why" && guide_drift GUIDE.md >"$guide_tmp/why"; then
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
#    The edit leaves every marker as it was, so the rendering of step 1 is the
#    rendering of the edited copy too.
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
elif [ ! -s "$guide_tmp/rendered" ]; then
	not_ok "GUIDE.md: a hand-edited excerpt is reported" "GUIDE.md could not be rendered"
elif guide_drift "$guide_tmp/edited.md" >"$guide_tmp/why.edited"; then
	not_ok "GUIDE.md: a hand-edited excerpt is reported" "the edited copy passed the check"
else
	ok "GUIDE.md: a hand-edited excerpt is reported"
fi

# 3. What the guide must never hold. Each rule is "SCOPE<tab>NAME<tab>REGEX";
#    SCOPE prose leaves out the fenced blocks (the programs' code and the
#    tools' output). tests/guide/forbidden.md breaks every rule once: each
#    must find it, so that no rule is one that cannot fail.
guide_rules() {
	printf 'all\tno absolute path of a machine\t%s\n' '(^|[ (`"=])/(work|home|tmp|root|srv|mnt)/'
	printf 'all\tno address (0x and six or more hex digits)\t%s\n' '0x[0-9a-fA-F]{6,}'
	printf 'all\tno pid, BuildId or load average\t%s\n' '==[0-9]+==|pid=[0-9]|\(LWP [0-9]|BuildId|load average:? *[0-9]'
	printf 'all\tno empty link\t%s\n' '\]\(#?\)'
	printf "prose\\tno first-person note\\t%s\\n" \
		"(^|[^A-Za-z'])(I|I'm|I've|[Mm]y|[Mm]e|[Ww]e|[Oo]ur|[Uu]s)([^A-Za-z']|\$)|first draft|[Ii]n my runs|[Aa] first version"
	printf 'prose\tnames tags, not line numbers of the programs\t%s\n' '\.[ch]:[0-9]+|\b[Ll]ines? [0-9]+'
}

# guide_scan FILE: one line "NAME<tab>HITS" per rule, HITS the first matching
# lines (numbered) or empty.
guide_scan() {
	awk '/^```/ { fenced = !fenced; next } !fenced' "$1" | sed 's#I/O#IO#g' >"$guide_tmp/prose"
	guide_rules | while IFS='	' read -r scope name re; do
		f=$1
		[ "$scope" = prose ] && f=$guide_tmp/prose
		printf '%s\t%s\n' "$name" "$(grep -nE -- "$re" "$f" | head -3 | tr '\n' ' ')"
	done
}

guide_scan GUIDE.md >"$guide_tmp/scan"
while IFS='	' read -r name hits; do
	[ -z "$hits" ] && ok "GUIDE.md: $name" || not_ok "GUIDE.md: $name" "$hits"
done <"$guide_tmp/scan"
guide_scan tests/guide/forbidden.md >"$guide_tmp/scan.bad"
missed=$(awk -F '\t' '$2 == "" { printf " [%s]", $1 }' "$guide_tmp/scan.bad")
[ -z "$missed" ] && ok "the guide's content rules each catch their case in tests/guide/forbidden.md" ||
	not_ok "the guide's content rules each catch their case in tests/guide/forbidden.md" "missed:$missed"

# Every link inside the guide lands on an anchor; every entry has its section
# in the guide and its line in the cheat sheet.
missing=""
for a in $(grep -oE '\]\(#[a-z0-9-]+\)' GUIDE.md | sed -E 's/^\]\(#//; s/\)$//' | sort -u); do
	grep -q "id=\"$a\"" GUIDE.md || missing="$missing $a"
done
[ -z "$missing" ] && ok "GUIDE.md: every link lands on an anchor" ||
	not_ok "GUIDE.md: every link lands on an anchor" "no anchor for:$missing"
nosection="" nosheet=""
for f in patterns/*.c; do
	e=${f#patterns/}
	e=${e%.c}
	grep -q "^<a id=\"$e\"></a>" GUIDE.md || nosection="$nosection $e"
	grep -qF "($e)" CHEATSHEET.md || nosheet="$nosheet $e"
done
[ -z "$nosection" ] && ok "GUIDE.md: a section for every entry" ||
	not_ok "GUIDE.md: a section for every entry" "missing:$nosection"
[ -z "$nosheet" ] && ok "CHEATSHEET.md: a line for every entry" ||
	not_ok "CHEATSHEET.md: a line for every entry" "missing:$nosheet"

# Every tag a section's prose names (`@name`) is a tag of that entry's twins.
awk '/^<a id="/ { match($0, /id="[^"]+"/); e = substr($0, RSTART + 4, RLENGTH - 5) }
     /^```/ { fenced = !fenced; next }
     !fenced && e != "" { s = $0
	while (match(s, /`@[a-z0-9_-]+`/)) {
		print e, substr(s, RSTART + 1, RLENGTH - 2); s = substr(s, RSTART + RLENGTH) } }' \
	GUIDE.md | sort -u >"$guide_tmp/tags"
untagged=""
while read -r e t; do
	[ -f "patterns/$e.c" ] || continue
	cat "patterns/$e.c" "antipatterns/$e.c" | grep -qE -- "$t([^a-z0-9_-]|\$)" || untagged="$untagged $e:$t"
done <"$guide_tmp/tags"
[ -s "$guide_tmp/tags" ] && [ -z "$untagged" ] && ok "GUIDE.md: every tag it names is in its entry's programs" ||
	not_ok "GUIDE.md: every tag it names is in its entry's programs" "not found:$untagged"

# 4. The benchmark figures: README's giant-lock ratios are in the guide's
#    giant-lock section.
awk '/^<a id="/ { on = /id="giant-lock"/ } on' GUIDE.md >"$guide_tmp/giant-lock"
missing=""
for x in $(grep -E '^\| giant-lock' README.md | grep -oE '[0-9]+\.[0-9]+x'); do
	grep -qF -- "$x" "$guide_tmp/giant-lock" || missing="$missing $x"
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
