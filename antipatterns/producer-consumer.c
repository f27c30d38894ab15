/* SPDX-License-Identifier: 0BSD */
/*
 * producer-consumer: a consumer peeks at the queue without the lock
 *
 * rule: Producer-Consumer pattern (bounded queue, maxsize 100) (seed)
 * expect: tsan,helgrind,drd data-race @peek
 * expect: tsan,helgrind,drd data-race @publish
 * expect: helgrind,drd data-race @claim
 * expect: lint spin-on-shared-variable @peek
 *
 * PRODUCERS threads each put ITEMS numbered items into a ring queue of
 * CAPACITY slots (100, the seed's maxsize); CONSUMERS threads take them out
 * and add them up. When every producer is done, main puts one sentinel per
 * consumer, so every consumer stops, then checks that each item was consumed
 * exactly once (count and sum).
 *
 * The queue is one mutex and two condition variables: a producer waits on
 * not_full while the queue is full, a consumer on not_empty while it is
 * empty, each in a while loop that rechecks the count after waking (wakeups
 * can be spurious, and another thread may have got there first).
 *
 * The bug: queue_take first polls q->count WITHOUT the mutex ("why lock an
 * empty queue?"). That read races with the locked writes of count in
 * queue_put (@publish) and queue_take (@claim): a lock orders only the
 * threads that take it. The totals still come out right here, so only a race
 * detector sees it; the compiler may keep the unlocked count in a register,
 * and code that trusts the peek (reads a slot) gets torn or stale data. The
 * first peek that sees an item has not taken the lock since the put that
 * stored it, so the race is there on every run, whatever the timing. TSan
 * reports the first race on count (@publish against @peek); Helgrind and DRD
 * report each write and the read.
 *
 * usage: producer-consumer [ITEMS [PRODUCERS [CONSUMERS [CAPACITY]]]]
 *        defaults: 1000 items per producer, 2 producers, 3 consumers, 100 slots
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The text of errno value err. With _GNU_SOURCE, glibc declares the GNU
 * strerror_r: it returns the text, which may be a static string, leaving buf
 * untouched. POSIX's (XSI) strerror_r fills buf and returns 0 or an error
 * number. Either way the text is what this returns. */
static const char *error_text(int err, char *buf, size_t len)
{
#if defined(__GLIBC__) && defined(_GNU_SOURCE)
	return strerror_r(err, buf, len);
#else
	if (strerror_r(err, buf, len) != 0)
		(void)snprintf(buf, len, "error %d", err);
	return buf;
#endif
}

#define PROG "producer-consumer"
#define MAX_THREADS 64
#define SENTINEL 0L /* real items are >= 1; 0 tells one consumer to stop */

/* Reports a failed call and ends the process. _exit, not exit: this may run
 * on any thread, and exit() is not thread-safe (atexit handlers, stdio). */
static void check(int rc, const char *what)
{
	if (rc != 0) {
		char buf[128];
		fprintf(stderr, "%s: %s: %s\n", PROG, what,
			error_text(rc, buf, sizeof buf));
		_exit(1);
	}
}

struct queue {
	pthread_mutex_t mutex;     /* guards every field below */
	pthread_cond_t not_full;   /* producers wait here while count == capacity */
	pthread_cond_t not_empty;  /* consumers wait here while count == 0 */
	long *slots;               /* ring buffer of capacity items */
	size_t capacity;
	size_t head;               /* slot of the oldest item */
	size_t count;              /* items in the queue */
};

/* Blocks while the queue is full, then appends item. */
static void queue_put(struct queue *q, long item)
{
	check(pthread_mutex_lock(&q->mutex), "pthread_mutex_lock");
	while (q->count == q->capacity)
		check(pthread_cond_wait(&q->not_full, &q->mutex), "pthread_cond_wait");
	q->slots[(q->head + q->count) % q->capacity] = item;
	q->count++; /* @publish */
	check(pthread_cond_signal(&q->not_empty), "pthread_cond_signal");
	check(pthread_mutex_unlock(&q->mutex), "pthread_mutex_unlock");
}

/* Blocks while the queue is empty, then removes and returns the oldest item. */
static long queue_take(struct queue *q)
{
	while (q->count == 0) /* @peek: BUG, read without the mutex */
		(void)nanosleep(&(struct timespec){ .tv_nsec = 1000000 }, NULL);
	check(pthread_mutex_lock(&q->mutex), "pthread_mutex_lock");
	while (q->count == 0)
		check(pthread_cond_wait(&q->not_empty, &q->mutex), "pthread_cond_wait");
	long item = q->slots[q->head];
	q->head = (q->head + 1) % q->capacity;
	q->count--; /* @claim */
	check(pthread_cond_signal(&q->not_full), "pthread_cond_signal");
	check(pthread_mutex_unlock(&q->mutex), "pthread_mutex_unlock");
	return item;
}

struct producer {
	struct queue *queue;
	long first, items; /* puts first, first+1, ..., first+items-1 */
};

struct consumer {
	struct queue *queue;
	long consumed, sum; /* written by this consumer only; main reads after join */
};

static void *produce(void *arg)
{
	struct producer *p = arg;
	for (long i = 0; i < p->items; i++)
		queue_put(p->queue, p->first + i);
	return NULL;
}

static void *consume(void *arg)
{
	struct consumer *c = arg;
	for (;;) {
		long item = queue_take(c->queue);
		if (item == SENTINEL)
			return NULL;
		c->consumed++;
		c->sum += item;
	}
}

/* Reads argv[i] into *out if present; false unless it is a number in [1, max]. */
static bool arg_in_range(int argc, char **argv, int i, long max, long *out)
{
	if (i >= argc)
		return true;
	char *end;
	long v = strtol(argv[i], &end, 10);
	if (end == argv[i] || *end != '\0' || v < 1 || v > max)
		return false;
	*out = v;
	return true;
}

int main(int argc, char **argv)
{
	long items = 1000, nproducers = 2, nconsumers = 3, capacity = 100;
	if (argc > 5 || !arg_in_range(argc, argv, 1, 10000000, &items) ||
	    !arg_in_range(argc, argv, 2, MAX_THREADS, &nproducers) ||
	    !arg_in_range(argc, argv, 3, MAX_THREADS, &nconsumers) ||
	    !arg_in_range(argc, argv, 4, 1000000, &capacity)) {
		fprintf(stderr, "usage: %s [ITEMS [PRODUCERS [CONSUMERS [CAPACITY]]]]\n", PROG);
		return 2;
	}

	struct queue q = { .capacity = (size_t)capacity };
	q.slots = calloc(q.capacity, sizeof *q.slots);
	if (!q.slots) {
		fprintf(stderr, "%s: calloc: out of memory\n", PROG);
		return 1;
	}
	check(pthread_mutex_init(&q.mutex, NULL), "pthread_mutex_init");
	check(pthread_cond_init(&q.not_full, NULL), "pthread_cond_init");
	check(pthread_cond_init(&q.not_empty, NULL), "pthread_cond_init");

	pthread_t ptid[MAX_THREADS], ctid[MAX_THREADS];
	struct producer producers[MAX_THREADS];
	struct consumer consumers[MAX_THREADS];
	for (long i = 0; i < nconsumers; i++) {
		consumers[i] = (struct consumer){ .queue = &q };
		check(pthread_create(&ctid[i], NULL, consume, &consumers[i]), "pthread_create");
	}
	for (long i = 0; i < nproducers; i++) {
		producers[i] = (struct producer){ &q, 1 + i * items, items };
		check(pthread_create(&ptid[i], NULL, produce, &producers[i]), "pthread_create");
	}

	for (long i = 0; i < nproducers; i++)
		check(pthread_join(ptid[i], NULL), "pthread_join");
	for (long i = 0; i < nconsumers; i++) /* one sentinel per consumer */
		queue_put(&q, SENTINEL);
	long consumed = 0, sum = 0;
	for (long i = 0; i < nconsumers; i++) {
		check(pthread_join(ctid[i], NULL), "pthread_join");
		consumed += consumers[i].consumed;
		sum += consumers[i].sum;
	}

	check(pthread_cond_destroy(&q.not_empty), "pthread_cond_destroy");
	check(pthread_cond_destroy(&q.not_full), "pthread_cond_destroy");
	check(pthread_mutex_destroy(&q.mutex), "pthread_mutex_destroy");
	free(q.slots);

	long produced = nproducers * items;
	long expected_sum = produced * (produced + 1) / 2; /* 1 + 2 + ... + produced */
	printf("produced %ld items, consumed %ld, sum %ld, queue capacity %ld\n",
	       produced, consumed, sum, capacity);
	if (consumed != produced || sum != expected_sum) {
		fprintf(stderr, "%s:%d: self-check: consumed %ld items (sum %ld), expected %ld (sum %ld)\n",
			__FILE__, __LINE__, consumed, sum, produced, expected_sum);
		return 1;
	}
	return 0;
}
