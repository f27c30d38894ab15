/* queue-bench.c: items per second through one queue, P producers and C
 * consumers, for blocks/queue.c and the queues people use instead.
 *
 * usage: queue-bench IMPL PRODUCERS CONSUMERS ITEMS [CAPACITY] [MAX_SECONDS]
 *   IMPL: blocks        blocks/queue.h, one item per call
 *         blocks-batch  blocks/queue.h, queue_push_many/queue_pop_many of 64
 *         gasyncqueue   GLib's GAsyncQueue (unbounded)
 *         textbook      bench/textbook-queue.h (mutex + two condvars)
 *         ckring-spsc   Concurrency Kit's ck_ring, single producer/consumer
 *         ckring-mpmc   ck_ring, many producers and consumers
 *   ck_ring never blocks: a full or empty ring is retried after sched_yield(),
 *   the usual way to wait on a lock-free ring.
 *
 * Each producer pushes ITEMS / PRODUCERS numbered items; consumers add up
 * what they pop; the sums must agree. A run that has not finished after
 * MAX_SECONDS (default 3) stops producing, and its rate is what got through:
 * a lock-free ring with more threads than cores can otherwise take minutes.
 * Prints: IMPL PpCc ITEMS_PER_SECOND. Exit 1 on a wrong sum or a failure. */
#include "../blocks/queue.h"
#include "textbook-queue.h"

#include <ck_ring.h>
#include <glib.h>

#include <errno.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#define MAX_THREADS 64
#define BATCH 64

enum impl { BLOCKS, BLOCKS_BATCH, GASYNC, TEXTBOOK, CK_SPSC, CK_MPMC };
static const char *const impl_names[] = { "blocks", "blocks-batch", "gasyncqueue",
					  "textbook", "ckring-spsc", "ckring-mpmc" };

static enum impl impl;
static long per_producer;
static double max_seconds = 3;
static struct timespec start;
static atomic_bool time_up;

static struct queue ours;
static GAsyncQueue *gq;
static struct textbook_queue tq;
static ck_ring_t ring;
static ck_ring_buffer_t *ring_buf;
static char stop_token;		/* the sentinel: its address is never an item */
#define STOP ((void *)&stop_token)

static double since_start(void)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start.tv_sec) + (double)(now.tv_nsec - start.tv_nsec) / 1e9;
}

static void die(const char *what, int rc)
{
	fprintf(stderr, "queue-bench: %s: %s\n", what, strerror(rc));
	exit(1);
}

static void put(void *item)
{
	switch (impl) {
	case BLOCKS:
	case BLOCKS_BATCH: {
		int rc = queue_push(&ours, item);
		if (rc != 0)
			die("queue_push", rc);
		break;
	}
	case GASYNC:
		g_async_queue_push(gq, item);
		break;
	case TEXTBOOK:
		textbook_push(&tq, item);
		break;
	case CK_SPSC:
		while (!ck_ring_enqueue_spsc(&ring, ring_buf, item))
			sched_yield();
		break;
	case CK_MPMC:
		while (!ck_ring_enqueue_mpmc(&ring, ring_buf, item))
			sched_yield();
		break;
	}
}

static void *take(void)
{
	void *item = NULL;
	switch (impl) {
	case BLOCKS:
	case BLOCKS_BATCH: {
		int rc = queue_pop(&ours, &item);
		if (rc == EPIPE)
			return STOP;
		if (rc != 0)
			die("queue_pop", rc);
		return item;
	}
	case GASYNC:
		return g_async_queue_pop(gq);
	case TEXTBOOK:
		return textbook_pop(&tq);
	case CK_SPSC:
		while (!ck_ring_dequeue_spsc(&ring, ring_buf, &item))
			sched_yield();
		return item;
	case CK_MPMC:
		while (!ck_ring_dequeue_mpmc(&ring, ring_buf, &item))
			sched_yield();
		return item;
	}
	return STOP;
}

static void push_batch(void **items, size_t n)
{
	while (n > 0) {
		size_t k;
		int rc = queue_push_many(&ours, items, n, &k, NULL);
		if (rc != 0)
			die("queue_push_many", rc);
		items += k;
		n -= k;
	}
}

static void *producer(void *arg)
{
	uintptr_t id = (uintptr_t)arg, sum = 0;
	void *batch[BATCH];
	size_t n = 0;
	for (long i = 0; i < per_producer; i++) {
		if ((i & 1023) == 0 && (atomic_load(&time_up) || since_start() > max_seconds)) {
			atomic_store(&time_up, true);
			break;
		}
		uintptr_t v = id * (uintptr_t)per_producer + (uintptr_t)i + 1;
		sum += v;
		if (impl != BLOCKS_BATCH) {
			put((void *)v);
			continue;
		}
		batch[n++] = (void *)v;
		if (n == BATCH) {
			push_batch(batch, n);
			n = 0;
		}
	}
	if (n > 0)
		push_batch(batch, n);
	return (void *)sum;
}

struct tally {
	uintptr_t sum;
	long count;
};

static void *consumer(void *arg)
{
	struct tally *t = arg;
	if (impl == BLOCKS_BATCH) {
		void *batch[BATCH];
		size_t k;
		int rc;
		while ((rc = queue_pop_many(&ours, batch, BATCH, &k, NULL)) == 0) {
			for (size_t i = 0; i < k; i++)
				t->sum += (uintptr_t)batch[i];
			t->count += (long)k;
		}
		if (rc != EPIPE)
			die("queue_pop_many", rc);
		return NULL;
	}
	for (void *item; (item = take()) != STOP;) {
		t->sum += (uintptr_t)item;
		t->count++;
	}
	return NULL;
}

static void setup(size_t capacity)
{
	switch (impl) {
	case BLOCKS:
	case BLOCKS_BATCH: {
		int rc = queue_init(&ours, capacity);
		if (rc != 0)
			die("queue_init", rc);
		break;
	}
	case GASYNC:
		gq = g_async_queue_new();
		break;
	case TEXTBOOK:
		textbook_init(&tq, capacity);
		break;
	case CK_SPSC:
	case CK_MPMC:
		/* ck_ring needs a power of two and holds one item fewer */
		ring_buf = calloc(capacity * 2, sizeof *ring_buf);
		if (!ring_buf)
			die("calloc", ENOMEM);
		ck_ring_init(&ring, (unsigned)capacity * 2);
		break;
	}
}

/* Every producer has finished: tell every consumer to stop. */
static void stop_consumers(int consumers)
{
	if (impl == BLOCKS || impl == BLOCKS_BATCH) {
		queue_close(&ours);
		return;
	}
	for (int i = 0; i < consumers; i++)
		put(STOP);
}

static void teardown(void)
{
	if (impl == BLOCKS || impl == BLOCKS_BATCH)
		queue_destroy(&ours);
	else if (impl == GASYNC)
		g_async_queue_unref(gq);
	else if (impl == TEXTBOOK)
		textbook_destroy(&tq);
	else
		free(ring_buf);
}

static int parse_impl(const char *s)
{
	for (size_t i = 0; i < sizeof impl_names / sizeof impl_names[0]; i++)
		if (strcmp(s, impl_names[i]) == 0)
			return (int)i;
	return -1;
}

int main(int argc, char **argv)
{
	int which = argc >= 5 ? parse_impl(argv[1]) : -1;
	int np = argc >= 5 ? atoi(argv[2]) : 0, nc = argc >= 5 ? atoi(argv[3]) : 0;
	long items = argc >= 5 ? atol(argv[4]) : 0;
	long capacity = argc >= 6 ? atol(argv[5]) : 1024;
	if (argc >= 7)
		max_seconds = atof(argv[6]);
	if (which < 0 || np < 1 || nc < 1 || np > MAX_THREADS || nc > MAX_THREADS ||
	    items < np || capacity < 2 || capacity > (1L << 24) ||
	    (which == CK_SPSC && (np != 1 || nc != 1))) {
		fprintf(stderr, "usage: queue-bench blocks|blocks-batch|gasyncqueue|textbook|"
			"ckring-spsc|ckring-mpmc PRODUCERS CONSUMERS ITEMS [CAPACITY] "
			"[MAX_SECONDS]\n");
		return 2;
	}
	impl = (enum impl)which;
	per_producer = items / np;
	setup((size_t)capacity);

	pthread_t prod[MAX_THREADS], cons[MAX_THREADS];
	struct tally tallies[MAX_THREADS] = { { 0, 0 } };
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (int i = 0; i < nc; i++)
		if (pthread_create(&cons[i], NULL, consumer, &tallies[i]) != 0)
			die("pthread_create", EAGAIN);
	for (int i = 0; i < np; i++)
		if (pthread_create(&prod[i], NULL, producer, (void *)(uintptr_t)i) != 0)
			die("pthread_create", EAGAIN);
	uintptr_t pushed = 0, popped = 0;
	long count = 0;
	for (int i = 0; i < np; i++) {
		void *sum;
		pthread_join(prod[i], &sum);
		pushed += (uintptr_t)sum;
	}
	stop_consumers(nc);
	for (int i = 0; i < nc; i++) {
		pthread_join(cons[i], NULL);
		popped += tallies[i].sum;
		count += tallies[i].count;
	}
	double seconds = since_start();
	teardown();
	if (pushed != popped) {
		fprintf(stderr, "queue-bench: %s: pushed sum %ju, popped sum %ju\n",
			impl_names[impl], (uintmax_t)pushed, (uintmax_t)popped);
		return 1;
	}
	printf("%s %dp%dc %.0f%s\n", impl_names[impl], np, nc, (double)count / seconds,
	       atomic_load(&time_up) ? " (stopped at the time limit)" : "");
	return 0;
}
