/* SPDX-License-Identifier: 0BSD */
/*
 * sentinel-shutdown: one sentinel too few, so the last consumer waits forever
 *
 * rule: Send sentinel to each consumer (seed, Producer-Consumer pattern)
 * expect: watchdog,tsan,asan hang @wait @join
 * expect: helgrind,drd,memcheck hang
 * timeout: 2
 *
 * A bounded queue (one mutex, two condition variables) feeds N consumer
 * threads. The producer (main) puts ITEMS numbers, then one SENTINEL per
 * consumer: a consumer that takes a sentinel exits, so after N sentinels all
 * N consumers have exited and main joins every one of them. Each consumer
 * takes exactly one sentinel because it stops reading after it.
 * The bug: the seed's loop `for _ in range(num_consumers - 1)`, copied
 * without what precedes it. In the seed it is right: its producer() has
 * already put one None, so N-1 more make one per consumer. Here the
 * producer puts no sentinel of its own, so only N-1 are sent. N-1 consumers
 * exit; the last one blocks forever in queue_get on an empty queue, and
 * main blocks forever joining it. No detector reports anything: nothing
 * races and no lock is misused; only the watchdog sees it.
 * Usage: sentinel-shutdown [ITEMS [CONSUMERS]]   (defaults 100 and 3)
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

#define PROG "sentinel-shutdown"
#define QUEUE_CAPACITY 8
#define MAX_CONSUMERS 64
#define SENTINEL (-1) /* not an item: "no more work, exit" */

/* A bounded FIFO of ints.
 * Locking contract: lock guards items, head and count. Consumers wait on
 * not_empty while count == 0; the producer waits on not_full while
 * count == QUEUE_CAPACITY. Every wait sits in a while loop. */
struct queue {
	pthread_mutex_t lock;
	pthread_cond_t not_empty;
	pthread_cond_t not_full;
	int items[QUEUE_CAPACITY];
	size_t head, count;
};

static struct queue queue = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.not_empty = PTHREAD_COND_INITIALIZER,
	.not_full = PTHREAD_COND_INITIALIZER,
};

/* One consumer. Only its own thread writes processed, sum and error; main
 * reads them after pthread_join, which orders the accesses. */
struct consumer {
	pthread_t thread;
	struct queue *queue;
	size_t processed;
	long long sum;
	int error;
};

static void report_error(const char *what, int rc)
{
	char buf[128];
	fprintf(stderr, "%s: %s: %s\n", PROG, what, error_text(rc, buf, sizeof buf));
}

/* Blocks while the queue is full. Returns 0 or a pthread error number. */
static int queue_put(struct queue *q, int item)
{
	int rc = pthread_mutex_lock(&q->lock);
	if (rc != 0)
		return rc;
	while (rc == 0 && q->count == QUEUE_CAPACITY)
		rc = pthread_cond_wait(&q->not_full, &q->lock);
	if (rc == 0) {
		q->items[(q->head + q->count) % QUEUE_CAPACITY] = item;
		q->count++;
		rc = pthread_cond_signal(&q->not_empty);
	}
	int unlock_rc = pthread_mutex_unlock(&q->lock);
	return rc != 0 ? rc : unlock_rc;
}

/* Blocks while the queue is empty. Returns 0 or a pthread error number. */
static int queue_get(struct queue *q, int *item)
{
	int rc = pthread_mutex_lock(&q->lock);
	if (rc != 0)
		return rc;
	while (rc == 0 && q->count == 0)
		rc = pthread_cond_wait(&q->not_empty, &q->lock); /* @wait */
	if (rc == 0) {
		*item = q->items[q->head];
		q->head = (q->head + 1) % QUEUE_CAPACITY;
		q->count--;
		rc = pthread_cond_signal(&q->not_full);
	}
	int unlock_rc = pthread_mutex_unlock(&q->lock);
	return rc != 0 ? rc : unlock_rc;
}

/* Consumes items until it takes a sentinel (or the queue fails). */
static void *consume(void *arg)
{
	struct consumer *c = arg;
	for (;;) {
		int item;
		c->error = queue_get(c->queue, &item);
		if (c->error != 0 || item == SENTINEL)
			return NULL;
		c->processed++;
		c->sum += item;
	}
}

/* Returns the number in text, or 0 when it is not a number from 1 to max. */
static size_t parse_count(const char *text, size_t max)
{
	char *end;
	errno = 0;
	unsigned long value = strtoul(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || value > max)
		return 0;
	return value;
}

int main(int argc, char **argv)
{
	size_t num_items = argc > 1 ? parse_count(argv[1], 1000000) : 100;
	size_t num_consumers = argc > 2 ? parse_count(argv[2], MAX_CONSUMERS) : 3;
	if (num_items == 0 || num_consumers == 0) {
		fprintf(stderr, "usage: %s [ITEMS [CONSUMERS]] (ITEMS up to 1000000, "
			"CONSUMERS up to %d)\n", PROG, MAX_CONSUMERS);
		return 2;
	}
	struct consumer consumers[MAX_CONSUMERS];
	size_t started = 0;
	int status = EXIT_SUCCESS;

	for (; started < num_consumers; started++) {
		struct consumer *c = &consumers[started];
		*c = (struct consumer){ .queue = &queue };
		int rc = pthread_create(&c->thread, NULL, consume, c);
		if (rc != 0) {
			report_error("pthread_create", rc);
			status = EXIT_FAILURE;
			break;
		}
	}
	int put_rc = 0;
	for (size_t i = 0; i < num_items && status == EXIT_SUCCESS && put_rc == 0; i++)
		put_rc = queue_put(&queue, (int)i);

	/* BUG: the seed's count, N-1, without the seed producer's own sentinel. */
	for (size_t i = 0; i < started - 1 && put_rc == 0; i++)
		put_rc = queue_put(&queue, SENTINEL);
	if (put_rc != 0) {
		report_error("queue_put", put_rc);
		return EXIT_FAILURE; /* the process ends, consumers included */
	}

	size_t processed = 0, exited = 0;
	long long sum = 0;
	for (size_t i = 0; i < started; i++) {
		int rc = pthread_join(consumers[i].thread, NULL); /* @join */
		if (rc != 0) {
			report_error("pthread_join", rc);
			status = EXIT_FAILURE;
			continue;
		}
		exited++;
		if (consumers[i].error != 0) {
			report_error("queue_get", consumers[i].error);
			status = EXIT_FAILURE;
		}
		processed += consumers[i].processed;
		sum += consumers[i].sum;
	}
	if (status != EXIT_SUCCESS)
		return status;
	long long expected_sum = (long long)num_items * ((long long)num_items - 1) / 2;
	if (processed != num_items || sum != expected_sum) {
		fprintf(stderr, "%s:%d: self-check: items lost\n", __FILE__, __LINE__); /* @count */
		return EXIT_FAILURE;
	}
	printf("%zu items consumed by %zu consumers; %zu sentinels sent, %zu consumers exited\n",
	       processed, num_consumers, started, exited);
	return EXIT_SUCCESS;
}
