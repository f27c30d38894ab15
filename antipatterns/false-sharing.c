/* SPDX-License-Identifier: 0BSD */
/*
 * false-sharing: per-thread hot counters packed side by side in one cache line
 *
 * rule: keep per-thread hot data on separate cache lines (avoid false sharing)
 *
 * THREADS threads each count ROUNDS events in a counter of their own; main
 * adds the counters up after joining the threads. No counter is shared, so
 * no lock is needed: each is written only by its own thread, and read by
 * main only after the join.
 *
 * The counters are atomic (relaxed: no ordering is needed, only that each
 * increment really reaches memory, as a statistics counter read by a
 * monitor would) and each sits alone on its own 64-byte cache line. Cores
 * keep memory coherent a whole line at a time, so a thread that writes its
 * line owns it and keeps it in its cache, whatever the others do.
 *
 * A benchmark more than a test: the program is correct either way, and
 * only the time differs (`make bench`, or time it with large arguments).
 *
 * The bug: the counters are packed 8 bytes apart, so up to eight share one
 * cache line. There is no data race and the total is right; no detector
 * reports anything and this file expects nothing. But every increment
 * needs the whole line in its core's cache, so the line bounces between
 * the cores on every write (false sharing): only `make bench`, or timing
 * both twins with large arguments, shows the difference.
 *
 * usage: false-sharing [THREADS [ROUNDS]]     default: 2 100000
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

#define PROG "false-sharing"
#define MAX_THREADS 64

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

/* One thread's counter. BUG: no alignment, so neighbours share a line. */
struct counter {
	atomic_long events; /* written only by its thread */
};

static struct counter counters[MAX_THREADS];
static long rounds = 100000; /* read-only once the threads start */

static void *run_counter(void *arg)
{
	struct counter *c = arg;
	for (long i = 0; i < rounds; i++)
		atomic_fetch_add_explicit(&c->events, 1, memory_order_relaxed);
	return NULL;
}

/* Parses argv[i] into *value if present; returns 0, or -1 if invalid. */
static int parse_arg(int argc, char **argv, int i, long max, long *value)
{
	if (argc <= i)
		return 0;
	char *end;
	*value = strtol(argv[i], &end, 10);
	return end == argv[i] || *end != '\0' || *value < 1 || *value > max ? -1 : 0;
}

int main(int argc, char **argv)
{
	long threads = 2;
	if (argc > 3 || parse_arg(argc, argv, 1, MAX_THREADS, &threads) != 0 ||
	    parse_arg(argc, argv, 2, 1000000000, &rounds) != 0) {
		fprintf(stderr, "usage: %s [THREADS [ROUNDS]]  (1 to %d, 1 to 1000000000)\n",
			PROG, MAX_THREADS);
		return 2;
	}

	pthread_t tids[MAX_THREADS];
	for (long i = 0; i < threads; i++) {
		atomic_init(&counters[i].events, 0);
		check(pthread_create(&tids[i], NULL, run_counter, &counters[i]),
		      "pthread_create");
	}
	long total = 0;
	for (long i = 0; i < threads; i++) {
		check(pthread_join(tids[i], NULL), "pthread_join");
		total += atomic_load_explicit(&counters[i].events, memory_order_relaxed);
	}
	printf("%ld threads counted %ld events (%zu bytes per counter)\n", threads, total,
	       sizeof(struct counter));
	if (total != threads * rounds) {
		fprintf(stderr, "%s:%d: self-check: counted %ld, expected %ld\n",
			__FILE__, __LINE__, total, threads * rounds);
		return 1;
	}
	return 0;
}
