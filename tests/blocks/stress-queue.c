/* SPDX-License-Identifier: 0BSD */
/*
 * stress-queue: many producers and consumers through one bounded queue, every operation
 *
 * rule: Producer-Consumer pattern (bounded queue, maxsize 100) (seed)
 * fault: malloc 1
 * fault: pthread_create 1
 * fault: pthread_create 6
 * timeout: 20
 * sources: ../../blocks/queue.c
 * cflags: -I../../checks/lint
 *
 * PRODUCERS threads push ITEMS numbered items in all into a queue of
 * CAPACITY slots (blocks/queue.h); CONSUMERS threads pop them. Each thread
 * picks, at random (seeded, so each run is reproducible), one of the
 * queue's operations for each step: push or pop, the try forms (falling
 * back to waiting on EAGAIN), the timed forms with a deadline 10 s away
 * (reached only if a wakeup were lost), and batches of a random size. Main
 * closes the queue when every producer is done; consumers drain it and stop
 * at EPIPE. Checks: the count and the sum of everything pushed and popped
 * agree, and each consumer sees each producer's items in increasing order
 * (FIFO). Any failure is reported and the run ends with status 1 after
 * every started thread was joined and the queue destroyed: under the
 * faults tool, the queue's allocation (malloc 1) and a consumer or a
 * producer (pthread_create 1, 6) fail.
 *
 * usage: stress-queue [ITEMS [PRODUCERS [CONSUMERS [CAPACITY [SEED]]]]]
 *        defaults: 20000 items, 4 producers, 4 consumers, 16 slots, seed 1
 */
#include "../../blocks/queue.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROG "stress-queue"
#define MAX_THREADS 32
#define MAX_BATCH 16

struct producer {
	struct queue *q;
	unsigned id;
	long items;
	uint64_t seed;
	uint64_t sum;		/* of what was pushed */
	long pushed;
	int error;		/* 0, or the queue's error that stopped it */
};

struct consumer {
	struct queue *q;
	uint64_t seed;
	uint64_t sum;
	long popped;
	uint32_t last[MAX_THREADS];	/* the last sequence number seen per producer */
	bool out_of_order;
	int error;
};

static uint64_t next_random(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* A deadline s seconds away. A clock that cannot be read gives one in the
 * past: every timed wait then times out, and the run reports it. */
static struct timespec seconds_from_now(int s)
{
	struct timespec t;
	if (clock_gettime(CLOCK_MONOTONIC, &t) != 0)
		return (struct timespec){ 0, 0 };
	t.tv_sec += s;
	return t;
}

/* An item: producer id in the high half, sequence number (from 1) below. */
static void *make_item(unsigned id, long seq)
{
	return (void *)(((uintptr_t)id << 32) | (uintptr_t)(seq + 1));
}

/* Pushes items[0..n) with a randomly chosen operation: 0 or the error. */
static int push_some(struct producer *p, void *items[], size_t n)
{
	while (n > 0) {
		size_t k = 1;
		int rc;
		struct timespec deadline = seconds_from_now(10);
		switch (next_random(&p->seed) % 4) {
		case 0:
			rc = queue_push(p->q, items[0]);
			break;
		case 1:
			rc = queue_try_push(p->q, items[0]);
			if (rc == EAGAIN)
				rc = queue_push(p->q, items[0]);
			break;
		case 2:
			rc = queue_push_until(p->q, items[0], &deadline);
			break;
		default:
			rc = queue_push_many(p->q, items, n, &k, &deadline);
			break;
		}
		if (rc != 0)
			return rc;
		items += k;
		n -= k;
	}
	return 0;
}

static void *produce(void *arg)
{
	struct producer *p = arg;
	void *batch[MAX_BATCH];
	for (long seq = 0; seq < p->items && p->error == 0;) {
		size_t n = 1 + next_random(&p->seed) % MAX_BATCH;
		if ((long)n > p->items - seq)
			n = (size_t)(p->items - seq);
		for (size_t i = 0; i < n; i++)
			batch[i] = make_item(p->id, seq + (long)i);
		p->error = push_some(p, batch, n);
		if (p->error == 0) {
			for (size_t i = 0; i < n; i++)
				p->sum += (uintptr_t)batch[i];
			p->pushed += (long)n;
			seq += (long)n;
		}
	}
	return NULL;
}

/* Pops up to MAX_BATCH items with a randomly chosen operation. */
static int pop_some(struct consumer *c, void *items[], size_t *k)
{
	struct timespec deadline = seconds_from_now(10);
	int rc;
	*k = 1;
	switch (next_random(&c->seed) % 4) {
	case 0:
		return queue_pop(c->q, &items[0]);
	case 1:
		rc = queue_try_pop(c->q, &items[0]);
		return rc == EAGAIN ? queue_pop(c->q, &items[0]) : rc;
	case 2:
		return queue_pop_until(c->q, &items[0], &deadline);
	default:
		return queue_pop_many(c->q, items, 1 + next_random(&c->seed) % MAX_BATCH, k,
				      &deadline);
	}
}

static void *consume(void *arg)
{
	struct consumer *c = arg;
	void *batch[MAX_BATCH];
	size_t k;
	int rc;
	while ((rc = pop_some(c, batch, &k)) == 0) {
		for (size_t i = 0; i < k; i++) {
			uintptr_t v = (uintptr_t)batch[i];
			unsigned id = (unsigned)(v >> 32);
			uint32_t seq = (uint32_t)v;
			if (id >= MAX_THREADS || seq <= c->last[id])
				c->out_of_order = true;
			else
				c->last[id] = seq;
			c->sum += v;
		}
		c->popped += (long)k;
	}
	if (rc != EPIPE)	/* EPIPE: closed and drained, the normal end */
		c->error = rc;
	return NULL;
}

static void report(const char *what, int rc)
{
	char buf[128];
	fprintf(stderr, "%s: %s: %s\n", PROG, what, strerror_r(rc, buf, sizeof buf));
}

/* argv[i] as a number in [lo, hi], or fallback when absent: false when bad. */
static bool arg_or(int argc, char **argv, int i, long fallback, long lo, long hi, long *out)
{
	*out = fallback;
	if (argc <= i)
		return true;
	char *end;
	*out = strtol(argv[i], &end, 10);
	return *end == '\0' && *out >= lo && *out <= hi;
}

static struct producer producers[MAX_THREADS];
static struct consumer consumers[MAX_THREADS];

/* Compares what went in with what came out: 0 when they agree. */
static int check_totals(int np, int nc, long items)
{
	uint64_t in = 0, out = 0;
	long pushed = 0, popped = 0;
	bool ordered = true;
	for (int i = 0; i < np; i++) {
		in += producers[i].sum;
		pushed += producers[i].pushed;
	}
	for (int i = 0; i < nc; i++) {
		out += consumers[i].sum;
		popped += consumers[i].popped;
		ordered = ordered && !consumers[i].out_of_order;
	}
	if (pushed != items || popped != pushed || in != out || !ordered) {
		fprintf(stderr, "%s:%d: self-check: pushed %ld of %ld, popped %ld, sums %s, "
			"order %s\n", __FILE__, __LINE__, pushed, items, popped,
			in == out ? "agree" : "differ", ordered ? "kept" : "broken");
		return 1;
	}
	printf("%s: %ld items from %d producers to %d consumers: counts, sums and order agree\n",
	       PROG, items, np, nc);
	return 0;
}

/* Starts the consumers, then the producers: 0, or pthread_create's error
 * (then *nc_started and *np_started say how many of each run). */
static int start_threads(struct queue *q, long items, int np, int nc, uint64_t seed,
			 pthread_t cons[], pthread_t prods[], int *nc_started, int *np_started)
{
	*nc_started = *np_started = 0;
	for (int i = 0; i < nc; i++) {
		consumers[i] = (struct consumer){ .q = q, .seed = seed * 7919 + (uint64_t)i };
		int rc = pthread_create(&cons[i], NULL, consume, &consumers[i]);
		if (rc != 0)
			return rc;
		++*nc_started;
	}
	for (int i = 0; i < np; i++) {
		long share = items / np + (i < items % np);
		producers[i] = (struct producer){ .q = q, .id = (unsigned)i, .items = share,
						  .seed = seed * 104729 + (uint64_t)i };
		int rc = pthread_create(&prods[i], NULL, produce, &producers[i]);
		if (rc != 0)
			return rc;
		++*np_started;
	}
	return 0;
}

/* Joins n threads: false (after a report) when one cannot be joined. */
static bool join_all(pthread_t threads[], int n)
{
	for (int i = 0; i < n; i++) {
		int rc = pthread_join(threads[i], NULL);
		if (rc != 0) {
			report("pthread_join", rc);
			return false;
		}
	}
	return true;
}

int main(int argc, char **argv)
{
	long items, np, nc, capacity, seed;
	if (!arg_or(argc, argv, 1, 20000, 1, 1L << 30, &items) ||
	    !arg_or(argc, argv, 2, 4, 1, MAX_THREADS, &np) ||
	    !arg_or(argc, argv, 3, 4, 1, MAX_THREADS, &nc) ||
	    !arg_or(argc, argv, 4, 16, 1, 1L << 20, &capacity) ||
	    !arg_or(argc, argv, 5, 1, 1, 1L << 30, &seed)) {
		fprintf(stderr, "usage: %s [ITEMS [PRODUCERS [CONSUMERS [CAPACITY [SEED]]]]]\n",
			PROG);
		return 2;
	}
	struct queue q;
	int rc = queue_init(&q, (size_t)capacity);
	if (rc != 0) {
		report("queue_init", rc);
		return 1;
	}
	pthread_t cons[MAX_THREADS], prods[MAX_THREADS];
	int nc_started, np_started, status = 0;
	rc = start_threads(&q, items, (int)np, (int)nc, (uint64_t)seed, cons, prods,
			   &nc_started, &np_started);
	if (rc != 0) {
		report("pthread_create", rc);
		queue_close(&q);	/* so that every started thread stops */
		status = 1;
	}
	/* the producers first; then close, so that the consumers drain and stop */
	if (!join_all(prods, np_started))
		return 1;	/* a thread may still use the queue: keep it */
	queue_close(&q);
	if (!join_all(cons, nc_started))
		return 1;
	for (int i = 0; i < np_started; i++)
		if (producers[i].error != 0 && status == 0) {
			report("push", producers[i].error);
			status = 1;
		}
	for (int i = 0; i < nc_started; i++)
		if (consumers[i].error != 0) {
			report("pop", consumers[i].error);
			status = 1;
		}
	queue_destroy(&q);
	return status != 0 ? status : check_totals((int)np, (int)nc, items);
}
