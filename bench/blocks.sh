# blocks.sh: the reference blocks (blocks/) against what people use instead,
# sourced by bench/run.sh (it uses B and TSV). Each program measures itself
# (items per second, microseconds per task); runs are interleaved, round by
# round, and the best of each is kept. The runs are short (a fraction of a
# second), so there are more rounds than for the pairs.
QUEUE_ITEMS=${QUEUE_ITEMS:-2000000}
POOL_TASKS=${POOL_TASKS:-1000000}
BLOCK_ROUNDS=${BLOCK_ROUNDS:-5}

# best_of FILE max|min: the highest or the lowest number in FILE.
best_of() {
	sort -g "$1" | if [ "$2" = max ]; then tail -n 1; else head -n 1; fi
}

# rounds KIND IMPLS FIELD CMD...: runs CMD... IMPL for each IMPL, BLOCK_ROUNDS times
# interleaved, appending the number it prints (field FIELD) to
# $B/KIND-IMPL.runs.
rounds() {
	kind=$1 impls=$2 field=$3
	shift 3
	for impl in $impls; do : >"$B/$kind-$impl.runs"; done
	i=0
	while [ $i -lt "$BLOCK_ROUNDS" ]; do
		for impl in $impls; do
			out=$("$@" "$impl")	# a failed run stops make bench (set -e)
			echo "$out" | awk -v f="$field" '{ print $f }' >>"$B/$kind-$impl.runs"
		done
		i=$((i + 1))
	done
}

# rate LEVEL IMPL max|min: the best or the worst rate of IMPL at LEVEL.
rate() {
	best_of "$B/queue-$1-$2.runs" "$3"
}

# queue_level P C: every queue at P producers and C consumers; three rows.
queue_level() {
	level="${1}p${2}c"
	impls="blocks-batch blocks gasyncqueue textbook ckring-mpmc"
	[ "$level" = 1p1c ] && impls="$impls ckring-spsc"
	rounds "queue-$level" "$impls" 3 queue_bench "$1" "$2"
	line="  $level, best (worst):"
	for impl in $impls; do
		line="$line $impl $(awk -v b="$(rate $level $impl max)" -v w="$(rate $level $impl min)" \
			'BEGIN { printf "%.2f (%.2f)", b / 1e6, w / 1e6 }')"
	done
	echo "$line"
	spsc=0 spsc_worst=0
	if [ "$level" = 1p1c ]; then
		spsc=$(rate $level ckring-spsc max) spsc_worst=$(rate $level ckring-spsc min)
	fi
	awk -v l="$level" -v n="$BLOCK_ROUNDS" -v spsc="$spsc" -v spsc_worst="$spsc_worst" \
	    -v batch="$(rate $level blocks-batch max)" -v one="$(rate $level blocks max)" \
	    -v g="$(rate $level gasyncqueue max)" -v t="$(rate $level textbook max)" \
	    -v ck="$(rate $level ckring-mpmc max)" -v ck_worst="$(rate $level ckring-mpmc min)" 'BEGIN {
		m = 1e6
		d = sprintf("M items/s, best of %d: blocks in batches of 64 %.2f, one item per call %.2f; GAsyncQueue %.2f; textbook %.2f; ck_ring MPMC %.2f (worst %.2f)", n, batch / m, one / m, g / m, t / m, ck / m, ck_worst / m)
		if (spsc > 0)
			d = d sprintf(", SPSC %.2f (worst %.2f)", spsc / m, spsc_worst / m)
		printf "queue-%s-vs-gasyncqueue\t%.2f\t%s\n", l, batch / g, d
		printf "queue-%s-single-vs-gasyncqueue\t%.2f\t%s\n", l, one / g, d
		printf "queue-%s-vs-ckring-mpmc\t%.2f\t%s\n", l, batch / ck, d
	}' >>"$TSV"
}

# queue_bench P C IMPL: one run, capacity 1024, stopped after 1 s at most.
queue_bench() {
	"$B/queue-bench" "$3" "$1" "$2" "$QUEUE_ITEMS" 1024 1
}

# pool_bench IMPL: one run on 2 workers.
pool_bench() {
	"$B/pool-bench" "$1" "$POOL_TASKS" 2
}

echo "queue: M items/s through one queue of 1024 slots, $QUEUE_ITEMS items, best of $BLOCK_ROUNDS"
queue_level 1 1
queue_level 2 2
queue_level 4 4
echo

pools="blocks cthreadpool gthreadpool libuv"
rounds pool "$pools" 2 pool_bench
line="pool: us per task, $POOL_TASKS tasks on 2 workers, best of $BLOCK_ROUNDS:"
for impl in $pools; do
	line="$line $impl $(best_of "$B/pool-$impl.runs" min)"
done
echo "$line"
echo
for impl in cthreadpool gthreadpool libuv; do
	awk -v them="$impl" -v ours="$(best_of "$B/pool-blocks.runs" min)" \
	    -v theirs="$(best_of "$B/pool-$impl.runs" min)" 'BEGIN {
		printf "pool-vs-%s\t%.2f\tus per task, 2 workers: blocks %.3f, every future waited on; %s %.3f, no future\n", them, theirs / ours, ours, them, theirs
	}' >>"$TSV"
done
