/* SPDX-License-Identifier: 0BSD */
/*
 * thread-pool: a fixed pool of worker threads maps a blocking call over items
 *
 * rule: ThreadPoolExecutor for blocking I/O; Don't create unlimited concurrent tasks (seed)
 * caps: threads=16 fds=64
 *
 * The program maps a blocking call (10 ms of nanosleep, standing in for a
 * legacy blocking API or a disk read) over ITEMS items with a pool of
 * threads, like executor.map(): the threads take the next item from a shared
 * counter until none is left, and each result goes to its item's slot, so the
 * results come out in input order. A counter of live pool threads records the
 * peak. Usage: thread-pool [ITEMS [WORKERS]], by default 64 items, 4 workers.
 *
 * The pool has WORKERS threads, whatever the number of items: the program
 * prints a peak of 4 live threads (5 with main), stays under a cap of 16
 * threads, and takes ITEMS / WORKERS * 10 ms (160 ms).
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

#define PROG "thread-pool"

enum { BLOCK_MS = 10 };

/* Shared by the pool's threads. `lock` guards next_item, live_threads and
 * peak_threads. items[] is read-only while the pool runs. results[i] is
 * written only by the thread that claimed item i, and read by
 * main only after every thread was joined. */
struct pool {
	pthread_mutex_t lock;
	size_t next_item;
	int live_threads, peak_threads;
	size_t nitems;
	const long *items;
	long *results;
};

static void report(const char *what, int err)
{
	char buf[128];

	fprintf(stderr, PROG ": %s: %s\n", what, error_text(err, buf, sizeof buf));
}

/* The blocking call: sleeps BLOCK_MS, then returns x squared. */
static int blocking_io(long x, long *result)
{
	struct timespec left = { 0, BLOCK_MS * 1000000L };

	while (nanosleep(&left, &left) != 0)
		if (errno != EINTR)
			return errno;
	*result = x * x;
	return 0;
}

/* Adds delta to the live thread count and records its peak. */
static int count_live(struct pool *p, int delta)
{
	int rc = pthread_mutex_lock(&p->lock);

	if (rc != 0)
		return rc;
	p->live_threads += delta;
	if (p->live_threads > p->peak_threads)
		p->peak_threads = p->live_threads;
	return pthread_mutex_unlock(&p->lock);
}

/* Claims the next item; *item == nitems when none is left. */
static int claim(struct pool *p, size_t *item)
{
	int rc = pthread_mutex_lock(&p->lock);

	if (rc != 0)
		return rc;
	*item = p->next_item;
	if (p->next_item < p->nitems)
		p->next_item++;
	return pthread_mutex_unlock(&p->lock);
}

/* A pool thread: runs items until none is left. Returns 0 or an errno value. */
static void *pool_thread(void *arg)
{
	struct pool *p = arg;
	int err = count_live(p, +1);
	bool counted = err == 0;
	size_t item = 0;

	while (err == 0) {
		err = claim(p, &item);
		if (err != 0 || item == p->nitems)
			break;
		err = blocking_io(p->items[item], &p->results[item]);
	}
	if (err != 0)
		report("pool thread", err);
	int rc = counted ? count_live(p, -1) : 0;
	return (void *)(intptr_t)(err != 0 ? err : rc);
}

/* Threads that only wait need little stack: 256 KiB rather than the default
 * 8 MiB keeps many of them cheap (and quick under Valgrind). */
static int start_thread(pthread_t *thread, void *(*fn)(void *), void *arg)
{
	pthread_attr_t attr;
	int rc = pthread_attr_init(&attr);

	if (rc != 0)
		return rc;
	rc = pthread_attr_setstacksize(&attr, 256 * 1024);
	if (rc == 0)
		rc = pthread_create(thread, &attr, fn, arg);
	int destroyed = pthread_attr_destroy(&attr);
	if (destroyed != 0)	/* the thread, if created, runs all the same */
		report("pthread_attr_destroy", destroyed);
	return rc;
}

static int parse_count(const char *arg, size_t *out)
{
	char *end;

	errno = 0;
	unsigned long v = strtoul(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || v == 0 || v > 100000)
		return -1;
	*out = v;
	return 0;
}

int main(int argc, char **argv)
{
	size_t nitems = 64, nworkers = 4;

	if (argc > 3 || (argc > 1 && parse_count(argv[1], &nitems) != 0) ||
	    (argc > 2 && parse_count(argv[2], &nworkers) != 0)) {
		fprintf(stderr, "usage: " PROG " [ITEMS [WORKERS]]\n");
		return 2;
	}
	size_t nthreads = nworkers;	/* fixed, whatever the input size */

	struct pool pool = { .nitems = nitems };
	long *items = calloc(nitems, sizeof *items);
	long *results = calloc(nitems, sizeof *results);
	pthread_t *threads = calloc(nthreads, sizeof *threads);
	int failed = 0;
	if (items == NULL || results == NULL || threads == NULL) {
		report("calloc", errno);
		failed = 1;
		goto out;
	}
	for (size_t i = 0; i < nitems; i++)
		items[i] = (long)i + 1;
	pool.items = items;
	pool.results = results;
	int rc = pthread_mutex_init(&pool.lock, NULL);
	if (rc != 0) {
		report("pthread_mutex_init", rc);
		failed = 1;
		goto out;
	}

	/* If a thread cannot be created, the ones already running still finish
	 * every item; the run is reported as failed all the same. */
	size_t started = 0;
	for (; started < nthreads; started++) {
		rc = start_thread(&threads[started], pool_thread, &pool);
		if (rc != 0) {
			report("pthread_create", rc);
			failed = 1;
			break;
		}
	}
	for (size_t t = 0; t < started; t++) {
		void *result;
		rc = pthread_join(threads[t], &result);
		if (rc != 0) {
			report("pthread_join", rc);
			failed = 1;
		} else if (result != NULL) {
			failed = 1;	/* the thread said why */
		}
	}
	rc = pthread_mutex_destroy(&pool.lock);
	if (rc != 0) {
		report("pthread_mutex_destroy", rc);
		failed = 1;
	}

	size_t wrong = 0;
	for (size_t i = 0; i < nitems; i++)
		if (results[i] != items[i] * items[i])
			wrong++;
	printf("mapped %zu items with %zu threads (peak %d live), results in input order, %zu wrong\n",
	       nitems, started, pool.peak_threads, wrong);
	if (wrong != 0)
		failed = 1;
out:
	free(threads);
	free(results);
	free(items);
	return failed;
}
