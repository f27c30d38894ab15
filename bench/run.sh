#!/bin/sh
# make bench: speed and memory, measured side by side in one run.
#
# This machine is shared and noisy, so no number here is a pass or a fail:
# each pair of commands runs ROUNDS times, interleaved (A B A B ...), the best
# of each is kept, and what is printed is their ratio, measured together.
# Every comparison is also a row of build/bench/results.tsv:
# NAME<TAB>RATIO<TAB>DETAIL, where RATIO > 1 means ours (the correct twin, or
# the reference block) is better: faster, or smaller.
set -eu
cd "$(dirname "$0")/.."
B=build/bench
TSV=$B/results.tsv
ROUNDS=${ROUNDS:-3}
mkdir -p "$B"
: >"$TSV"
CC="gcc -std=c17 -D_GNU_SOURCE -pthread -Wall -Wextra -Werror -O2"
$CC patterns/giant-lock.c -o "$B/giant-lock.correct"
$CC antipatterns/giant-lock.c -o "$B/giant-lock.broken"
$CC patterns/event-loop-io.c -o "$B/event-loop-io"
$CC bench/event-loop-threads.c -o "$B/event-loop-threads"
$CC patterns/false-sharing.c -o "$B/false-sharing.padded"
$CC antipatterns/false-sharing.c -o "$B/false-sharing.adjacent"
LIBS="$(pkg-config --cflags --libs glib-2.0 libuv)"
$CC -Ichecks/lint bench/queue-bench.c blocks/queue.c $LIBS -o "$B/queue-bench"
$CC -Ichecks/lint -I/usr/include/cthreadpool bench/pool-bench.c blocks/pool.c \
	/usr/share/cthreadpool/thpool.c $LIBS -o "$B/pool-bench"

# best NAME CMD...: runs CMD, keeps its best wall time (s), CPU time (s) and
# peak memory (KiB) in $B/NAME.best as "wall cpu rss".
best() {
	name=$1
	shift
	/usr/bin/time -f "%e %U %S %M" -o "$B/$name.one" "$@" >"$B/$name.out"
	awk -v f="$B/$name.best" '{ w = $1; c = $2 + $3; m = $4 }
		END { if ((getline old < f) > 0) { split(old, o, " ");
			if (o[1] < w) w = o[1]; if (o[2] < c) c = o[2]; if (o[3] < m) m = o[3] }
		      printf "%.3f %.3f %d\n", w, c, m > f }' "$B/$name.one"
}

# compare TITLE A_NAME A_CMD -- B_NAME B_CMD: interleaved rounds, then ratios.
compare() {
	title=$1 a=$2 b=$5
	acmd=$3 bcmd=$6
	rm -f "$B/$a.best" "$B/$b.best"
	i=0
	while [ $i -lt "$ROUNDS" ]; do
		best "$a" $acmd
		best "$b" $bcmd
		i=$((i + 1))
	done
	echo "$title"
	awk -v a="$a" -v b="$b" '
		FNR == 1 && NR == 1 { aw = $1; ac = $2; am = $3; next }
		{ bw = $1; bc = $2; bm = $3 }
		END {
			printf "  %-28s wall %7.3f s  cpu %7.3f s  rss %7d KiB\n", a, aw, ac, am
			printf "  %-28s wall %7.3f s  cpu %7.3f s  rss %7d KiB\n", b, bw, bc, bm
			printf "  ratio %s / %s: wall %.2fx, cpu %.2fx, rss %.2fx\n\n", b, a, bw / aw, bc / ac, bm / am
		}' "$B/$a.best" "$B/$b.best"
}

# row NAME OURS THEIRS FIELD UNIT: a row of THEIRS / OURS for one field of
# their .best files (1 wall time, 2 CPU time, 3 peak memory).
row() {
	awk -v name="$1" -v ours="$2" -v theirs="$3" -v f="$4" -v unit="$5" '
		FNR == 1 && NR == 1 { split($0, o, " "); next }
		{ split($0, t, " ") }
		END { printf "%s\t%.2f\t%s %s %s, %s %s %s\n", name, t[f] / o[f],
			ours, o[f], unit, theirs, t[f], unit }' \
		"$B/$2.best" "$B/$3.best" >>"$TSV"
}

load_start=$(cut -d' ' -f1 /proc/loadavg)
echo "make bench: best of $ROUNDS interleaved rounds, $(nproc) cores, load $load_start"
echo
# giant-lock: the same CPU-bound job on every core, the lock around the one
# shared addition (the correct twin) vs around the whole unit of work.
G="$(nproc) 16 500000"
compare "giant-lock: $G (threads units unit-size)" \
	narrow-lock "$B/giant-lock.correct $G" -- \
	giant-lock "$B/giant-lock.broken $G"
row giant-lock-narrow-vs-whole-unit narrow-lock giant-lock 1 s
compare "giant-lock: one thread vs every core, narrow lock" \
	narrow-lock-1-thread "$B/giant-lock.correct 1 16 500000" -- \
	narrow-lock-all-cores "$B/giant-lock.correct $G"
row giant-lock-every-core-vs-one-thread narrow-lock-all-cores narrow-lock-1-thread 1 s
# event-loop-io: 1000 connections, one epoll thread vs one thread each.
compare "event-loop-io: 1000 loopback connections" \
	event-loop "$B/event-loop-io 1000" -- \
	thread-per-connection "$B/event-loop-threads 1000"
row event-loop-vs-thread-per-connection event-loop thread-per-connection 1 s
row event-loop-vs-thread-per-connection-memory event-loop thread-per-connection 3 KiB
# false-sharing: per-thread counters on their own cache lines, or adjacent.
F="2 100000000"
compare "false-sharing: $F (threads rounds)" \
	padded "$B/false-sharing.padded $F" -- \
	adjacent "$B/false-sharing.adjacent $F"
row false-sharing-padded-vs-adjacent padded adjacent 1 s

. bench/blocks.sh

load_end=$(cut -d' ' -f1 /proc/loadavg)
echo "results ($TSV), load average $load_start at the start, $load_end at the end:"
echo
sh bench/table.sh "$TSV"
