#!/bin/sh
# make score: precision, recall and F1 of `dodont verify` and `dodont lint` on
# the validation corpus (tests/corpus), at file level and at line level.
#
# Each program is a file tests/corpus/NAME.c, or a folder tests/corpus/NAME/
# whose driver is the .c file that carries the label. The label is the first
# line, `// corpus: buggy KIND` or `// corpus: correct`; a driver built from
# several files names the others on its second line, `// sources: a.c b.c`
# (relative to the driver), and they are passed after it. Every line of every
# source that ends with the comment `// bug` is a place where the bug is.
#
# File level: a program is flagged when the command exits 1. TP = flagged
# buggy, FP = flagged correct, FN = buggy not flagged. Any other exit status
# (2: dodont rejected the program; a crash) counts as not flagged, and the
# program is listed.
# Line level: every finding `FILE:LINE[:COL]: error: ...` counts, warnings and
# notes do not. It is a TP when FILE:LINE is a `// bug` line of that program,
# else an FP. Precision = TP / (TP + FP) over those findings; recall = buggy
# programs with an error at one of their `// bug` lines / buggy programs.
#
# Usage: tests/score.sh [DRIVER.c...]   (default: the whole corpus)
# Prints a table, the programs each command got wrong, then one line per
# score, `score NAME VALUE`, e.g. `score verify-file-precision 0.9500`.
# Raw outputs stay in build/score/ (or $SCORE_OUT); $DODONT replaces
# build/dodont. Programs run two at a time (-j 2 each). SCORE_ONLY=lint (or
# verify) scores that command alone.
# Exit status: 0 when scored, 2 on bad input (unlabelled driver, no dodont).
set -u
cd "$(dirname "$0")/.."
D=${DODONT:-build/dodont}
CORPUS=tests/corpus
OUT=${SCORE_OUT:-build/score}
JOBS=2
PROGRAMS=2	# programs run at once, each with -j $JOBS

die() { echo "score: $*" >&2; exit 2; }

[ -x "$D" ] || die "$D is missing: run make"
rm -rf "$OUT"
mkdir -p "$OUT/verify" "$OUT/lint" "$OUT/bugs"

# The drivers: every top-level .c file, and the labelled .c file of each folder.
drivers() {
	for f in "$CORPUS"/*.c; do [ -f "$f" ] && echo "$f"; done
	for d in "$CORPUS"/*/; do
		[ -d "$d" ] || continue
		found=""
		for f in "$d"*.c; do
			head -n 1 "$f" | grep -q '^// corpus:' && found="$found $f"
		done
		set -- $found
		[ $# -eq 1 ] || die "$d: expected one driver labelled '// corpus:', found $#"
		echo "$1"
	done
}

# label DRIVER: "buggy" or "correct", from the first line.
label() {
	sed -n '1s|^// corpus: *\([a-z]*\).*|\1|p' "$1"
}

# sources DRIVER: the driver, then the files its second line names.
sources() {
	echo "$1"
	dir=$(dirname "$1")
	for s in $(sed -n '2s|^// sources:||p' "$1"); do
		[ -f "$dir/$s" ] || die "$1: names $s, which does not exist"
		echo "$dir/$s"
	done
}

# run_one TOOL NAME SOURCES...: run dodont, then append to $OUT/results
# "TOOL NAME LABEL RC HITS WRONG" (error findings at and off the bug lines).
run_one() {
	tool=$1 name=$2
	shift 2
	log="$OUT/$tool/$name.out"
	"$D" "$tool" "$@" -j "$JOBS" >"$log" 2>&1 </dev/null
	rc=$?
	hits=0 wrong=0
	sed -nE 's/^([^ :][^:]*):([0-9]+)(:[0-9]+)?: error: .*/\1:\2/p' "$log" >"$log.errors"
	while IFS= read -r at; do
		file=${at%:*} line=${at##*:}
		if grep -qxF "$(realpath -m -- "$file"):$line" "$OUT/bugs/$name"; then
			hits=$((hits + 1))
		else
			wrong=$((wrong + 1))
		fi
	done <"$log.errors"
	echo "$tool $name $LABEL $rc $hits $wrong" >>"$OUT/results"
}

if [ $# -gt 0 ]; then list=$(printf '%s\n' "$@"); else list=$(drivers) || exit 2; fi
[ -n "$list" ] || die "no programs under $CORPUS"
: >"$OUT/results"
TOOLS=${SCORE_ONLY:-verify lint}
case $TOOLS in
"verify lint" | verify | lint) ;;
*) die "SCORE_ONLY must be verify or lint" ;;
esac
first=${TOOLS%% *}
for tool in $TOOLS; do
	start=$(date +%s) running=0
	for drv in $list; do
		[ -f "$drv" ] || die "$drv does not exist"
		LABEL=$(label "$drv")
		case $LABEL in
		buggy | correct) ;;
		*) die "$drv: the first line must be '// corpus: buggy KIND' or '// corpus: correct'" ;;
		esac
		rel=${drv#"$CORPUS"/}
		case $rel in
		*/*) name=${rel%%/*} ;;	# a folder program is named after its folder
		*) name=${rel%.c} ;;
		esac
		srcs=$(sources "$drv") || exit 2
		if [ "$tool" = "$first" ]; then
			for s in $srcs; do
				grep -n '// bug[[:space:]]*$' "$s" | cut -d: -f1 |
					sed "s|^|$(realpath -m -- "$s"):|"
			done >"$OUT/bugs/$name"
			if [ "$LABEL" = buggy ] && [ ! -s "$OUT/bugs/$name" ]; then
				die "$drv: a buggy program needs at least one line ending in '// bug'"
			fi
		fi
		# two programs at a time: one program's slowest tool (a Valgrind
		# run, a program that sleeps) leaves the cores to the other
		run_one "$tool" "$name" $srcs &
		running=$((running + 1))
		if [ "$running" -ge "$PROGRAMS" ]; then
			wait
			running=0
		fi
	done
	wait
	echo "$tool $(($(date +%s) - start))" >>"$OUT/seconds"
done

awk -v seconds="$OUT/seconds" '
function ratio(a, b) { return b > 0 ? a / b : 0 }
function f1(p, r) { return p + r > 0 ? 2 * p * r / (p + r) : 0 }
function add(list, tool, name) { lists[list, tool] = lists[list, tool] " " name; n[list, tool]++ }
{
	tool = $1; name = $2; lab = $3; rc = $4; hits = $5; wrong = $6
	tools[tool] = 1
	if (lab == "buggy") buggy[tool]++; else correct[tool]++
	if (rc == 1 && lab == "buggy") tp[tool]++
	else if (rc == 1) { fp[tool]++; add("false alarm", tool, name) }
	else if (lab == "buggy") { fn[tool]++; add("missed", tool, name) }
	if (rc != 0 && rc != 1) add("rejected or crashed (exit status not 0 or 1)", tool, name "(" rc ")")
	ltp[tool] += hits; lfp[tool] += wrong
	if (lab == "buggy" && hits > 0) lhit[tool]++
	if (lab == "buggy" && hits == 0) add("no error at a bug line", tool, name)
}
END {
	while ((getline l < seconds) > 0) { split(l, a, " "); secs[a[1]] = a[2] }
	t0 = ("verify" in tools) ? "verify" : "lint"
	printf "corpus: %d programs, %d buggy, %d correct\n\n", buggy[t0] + correct[t0],
	       buggy[t0], correct[t0]
	printf "%-8s %-27s %-27s %s\n", "", "file level", "line level", ""
	printf "%-8s %-8s %-8s %-9s  %-8s %-8s %-9s  %s\n", "command", "precis.", "recall", "F1",
	       "precis.", "recall", "F1", "seconds"
	split("verify lint", order, " ")
	for (i = 1; i <= 2; i++) {
		t = order[i]
		if (!(t in tools)) continue
		fp_ = ratio(tp[t], tp[t] + fp[t]); fr = ratio(tp[t], tp[t] + fn[t])
		lp = ratio(ltp[t], ltp[t] + lfp[t]); lr = ratio(lhit[t], buggy[t])
		s[t "-file-precision"] = fp_; s[t "-file-recall"] = fr; s[t "-file-f1"] = f1(fp_, fr)
		s[t "-line-precision"] = lp; s[t "-line-recall"] = lr; s[t "-line-f1"] = f1(lp, lr)
		printf "%-8s %-8.3f %-8.3f %-9.3f  %-8.3f %-8.3f %-9.3f  %d\n", t, fp_, fr, f1(fp_, fr),
		       lp, lr, f1(lp, lr), secs[t]
		printf "%-8s %-27s %s\n", "", sprintf("TP %d FP %d FN %d", tp[t], fp[t], fn[t]),
		       sprintf("TP %d FP %d, %d/%d buggy hit", ltp[t], lfp[t], lhit[t], buggy[t])
	}
	print ""
	for (i = 1; i <= 2; i++) {
		t = order[i]
		split("false alarm|missed|rejected or crashed (exit status not 0 or 1)|no error at a bug line",
		      kinds, "|")
		for (k = 1; k <= 4; k++)
			if ((kinds[k], t) in n)
				printf "%s: %s (%d):%s\n", t, kinds[k], n[kinds[k], t], lists[kinds[k], t]
	}
	print ""
	for (i = 1; i <= 2; i++) {
		t = order[i]
		if (!(t in tools)) continue
		split("file-precision file-recall file-f1 line-precision line-recall line-f1", names, " ")
		for (k = 1; k <= 6; k++)
			printf "score %s-%s %.4f\n", t, names[k], s[t "-" names[k]]
	}
}' "$OUT/results"
