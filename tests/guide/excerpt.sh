#!/bin/sh
# excerpt.sh: prints one excerpt of GUIDE.md from a real run. It reads the
# excerpt's spec (what stands after "excerpt:" in the guide's marker) on its
# standard input and prints the block's body on its standard output.
#
#   diff NAME                   the code-only diff of the twins (leading
#                               comments left out), patterns/ -> antipatterns/
#   log TWIN TOOL [OPTION...]   TWIN's raw log of TOOL (build/logs/TWIN.TOOL.1.log,
#                               the faults tool's first scenario), normalised
#                               and trimmed; TWIN is patterns/NAME or antipatterns/NAME
#   bt TWIN TOOL [OPTION...]    the gdb backtraces the watchdog took of a hang
#   code FILE from=RE to=RE     the lines of a program (patterns/NAME.c or
#                               antipatterns/NAME.c) from the first line matching
#                               from= to the next line matching to=
#   cmd dodont ARGS [OPTION...] what `build/dodont ARGS` prints, normalised
#   summary                     the catalogue's table, from the programs' headers
#   lint-rules                  the lint rules' table, from src/lint/lint_rules.c
#
# Options (see trim.awk): pick=RE report=N|all frames=own|top|all also=RE
# drop=RE until=RE part=program|all, then only=RE (keep matching lines),
# lines=A-B, and mask=RE: in the text that RE matches, numbers become N (for a
# count that the scheduling varies from run to run).
# A value with spaces is written in double quotes: drop="^  Mutex M".
#
# A log that is missing, or older than its program, is made first by the one
# dodont command that writes it. Exit status: 0, or 2 with one line on stderr.
set -u
here=$(dirname "$0")
root=$(cd "$here/../.." && pwd -P)
cd "$root" || exit 2
D=build/dodont

die() { echo "excerpt: $*" >&2; exit 2; }

# The spec, split into words (double quotes group) as "NAME=VALUE" lines.
spec=$(cat)
words=$(printf '%s\n' "$spec" | awk '{
	s = $0; n = 0
	while (length(s)) {
		sub(/^[ \t]+/, "", s)
		if (!length(s)) break
		w = ""
		while (length(s) && substr(s, 1, 1) !~ /[ \t]/) {
			if (substr(s, 1, 1) == "\"") {
				e = index(substr(s, 2), "\"")
				if (!e) { print "unbalanced quote" > "/dev/stderr"; exit 2 }
				w = w substr(s, 2, e - 1); s = substr(s, e + 2)
			} else { w = w substr(s, 1, 1); s = substr(s, 2) }
		}
		print w
	}
}') || die "bad spec: $spec"

kind= args= pick= report= frames= also= drop= until= part= only= lines= mask= from= to=
nl='
'
IFS=$nl
for w in $words; do
	case $w in
	pick=*) pick=${w#pick=} ;;
	report=*) report=${w#report=} ;;
	frames=*) frames=${w#frames=} ;;
	also=*) also=${w#also=} ;;
	drop=*) drop=${w#drop=} ;;
	until=*) until=${w#until=} ;;
	from=*) from=${w#from=} ;;
	to=*) to=${w#to=} ;;
	part=*) part=${w#part=} ;;
	only=*) only=${w#only=} ;;
	lines=*) lines=${w#lines=} ;;
	mask=*) mask=${w#mask=} ;;
	*) if [ -z "$kind" ]; then kind=$w; else args="$args$w$nl"; fi ;;
	esac
done
unset IFS
set -f
IFS=$nl
set -- $args
unset IFS
set +f

# normalise: absolute paths of this checkout go, then normalise.sed.
normalise() {
	sed -e "s|$root/||g" | sed -E -f "$here/normalise.sed"
}

# finish: the line filters every kind shares, then, in what a tool printed,
# stable thread numbers.
finish() {
	if [ -n "$only" ]; then grep -E -- "$only" || true; else cat; fi |
		if [ -n "$lines" ]; then sed -n "$(echo "$lines" | tr - ,)p"; else cat; fi |
		if [ -n "$mask" ]; then awk -v re="$mask" '{
			out = ""
			while (match($0, re) && RLENGTH > 0) {
				m = substr($0, RSTART, RLENGTH)
				gsub(/[0-9]+/, "N", m)
				out = out substr($0, 1, RSTART - 1) m
				$0 = substr($0, RSTART + RLENGTH)
			}
			print out $0 }'; else cat; fi |
		case $kind in
		log | bt | cmd) awk -f "$here/renumber.awk" ;;
		*) cat ;;
		esac
}

# code FILE: FILE without its leading comment (and any licence line above it).
code() {
	awk 'done { print; next }
	     !started && /^[ \t]*$/ { next }
	     !started && /^\/\// { next }
	     !started && /^\/\*/ && /\*\// { next }
	     !started && /^\/\*/ { started = 1 }
	     started && /\*\// { done = 1; next }
	     !started { done = 1; print }' "$1"
}

# fresh_log TWIN TOOL LOG: LOG exists and is newer than TWIN.c, or is made.
fresh_log() {
	[ -f "$3" ] && [ ! "$1.c" -nt "$3" ] && return 0
	"$D" run "$1.c" --tool "$2" -j 1 >/dev/null 2>&1
	[ -f "$3" ] && [ ! "$1.c" -nt "$3" ] || die "$3: not written by: $D run $1.c --tool $2"
}

raw=$(mktemp) || die "mktemp failed"
trap 'rm -f "$raw" "$raw.log"' EXIT

# produce: the kind's lines, unfiltered, into $raw (in a subshell: die ends it).
produce() {
case $kind in
diff)
	[ $# -eq 1 ] || die "diff takes one entry name"
	[ -f "patterns/$1.c" ] && [ -f "antipatterns/$1.c" ] || die "no pair '$1'"
	tmp=$(mktemp -d) || die "mktemp failed"
	code "patterns/$1.c" >"$tmp/a"
	code "antipatterns/$1.c" >"$tmp/b"
	echo "--- patterns/$1.c"
	echo "+++ antipatterns/$1.c"
	diff -U3 -p "$tmp/a" "$tmp/b" >"$tmp/diff"
	[ $? -le 1 ] || die "diff failed on the twins of $1"
	sed -E -e '1,2d' -e 's/^@@ [^@]* @@/@@ … @@/' "$tmp/diff"
	rm -rf "$tmp"
	;;
log | bt)
	[ $# -eq 2 ] || die "$kind takes TWIN TOOL"
	case $1 in patterns/* | antipatterns/*) ;; *) die "'$1' is not patterns/NAME or antipatterns/NAME" ;; esac
	log=build/logs/$1.$2.1.log
	[ "$2" = faults ] && log=$log.1
	fresh_log "$1" "$2" "$log"
	tool=$2
	if [ "$kind" = bt ]; then
		log=build/logs/$1.$2.1.log.bt
		[ -f "$log" ] && [ ! "$1.c" -nt "$log" ] || die "$log: no backtrace of this program (did the run hang?)"
		tool=bt
	fi
	normalise <"$log" >"$raw.log"
	awk -v tool="$tool" -v src="${1##*/}.c" -v part="$part" -v pick="$pick" \
		-v report="$report" -v frames="$frames" -v also="$also" -v drop="$drop" \
		-v until="$until" -f "$here/trim.awk" "$raw.log" ||
		die "$log: the report asked for is not there"
	rm -f "$raw.log"
	;;
code)
	[ $# -eq 1 ] && [ -n "$from" ] && [ -n "$to" ] || die "code takes FILE from=RE to=RE"
	case $1 in patterns/*.c | antipatterns/*.c) ;; *) die "'$1' is not a program of the catalogue" ;; esac
	[ -f "$1" ] || die "no file $1"
	awk -v from="$from" -v to="$to" '
		!on && $0 ~ from { on = 1 }
		on { print; if ($0 ~ to) { found = 1; exit } }
		END { if (!found) { print FILENAME ": no lines /" from "/ to /" to "/" > "/dev/stderr"; exit 2 } }' "$1" ||
		exit 2
	;;
cmd)
	[ "${1:-}" = dodont ] || die "cmd runs dodont only"
	shift
	echo "\$ build/dodont $*"
	"$D" "$@" >"$raw.log" 2>&1
	[ $? -le 1 ] || die "build/dodont $* failed: $(head -1 "$raw.log")"
	normalise <"$raw.log"
	rm -f "$raw.log"
	;;
summary)
	awk -f "$here/summary.awk" bench/run.sh patterns/*.c antipatterns/*.c || exit 2
	;;
lint-rules)
	awk -f "$here/lint-rules.awk" src/lint/lint_rules.c || exit 2
	;;
*)
	die "unknown excerpt kind '$kind'"
	;;
esac
}

(produce "$@") >"$raw" || exit 2
finish <"$raw"
