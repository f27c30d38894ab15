/* SPDX-License-Identifier: 0BSD */
/*
 * giant-lock: every work unit runs under one global lock (a GIL, made visible)
 *
 * rule: Don't use threads for CPU-bound work in Python (the GIL is a global lock); Use multiprocessing for CPU-bound work
 * hold-ms: 100
 * expect: drd long-lock-hold @hold
 *
 * The job counts the primes below UNITS * UNIT_SIZE by trial division, one
 * work unit (UNIT_SIZE consecutive numbers) at a time; worker t of THREADS
 * takes units t, t+THREADS, t+2*THREADS, ... and adds each unit's count to
 * one shared total, guarded by giant_lock. It prints the total (the same
 * for any THREADS) and the number of threads.
 * Usage: giant-lock [THREADS [UNITS [UNIT_SIZE]]]   (defaults: 2 2 500000)
 * A benchmark compares e.g. `1 50 300000` with `2 50 300000`.
 *
 * The bug: each worker takes giant_lock before it computes the unit, not
 * just before it adds the count, so the lock is held for the whole unit, as
 * CPython holds its GIL while it runs bytecode. Nothing races and nothing
 * deadlocks, and the total is right, but only one thread computes at a
 * time: N threads take as long as one. DRD (--exclusive-threshold=hold-ms)
 * reports the lock held for a whole unit at its unlock (@hold). The hold is
 * long by construction, not by luck: the work under the lock is a whole
 * unit, and under DRD as dodont runs it (--check-stack-var=yes) a unit of
 * 500000 numbers keeps the lock for about 470 ms on an idle 2-core
 * machine, nearly five times hold-ms, and longer under load. hold-ms, for
 * its part, stays well above the short holds that load stretches: the
 * correct twin's holds (below 1 ms) and the C library's lock in _dl_fini
 * at exit, seen at up to 29 ms with every core busy.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
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

struct job {
	unsigned threads;
	uint64_t units;
	uint64_t unit_size;
};

struct worker {
	pthread_t thread;
	unsigned index;
	const struct job *job;	/* read-only while the workers run */
};

/* giant_lock guards primes, the shared total, while the workers run.
 * Main reads primes after joining every worker. */
static pthread_mutex_t giant_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t primes;	/* guarded by giant_lock */

static void report(const char *what, int err)
{
	char buf[128];

	fprintf(stderr, "giant-lock: %s: %s\n", what, error_text(err, buf, sizeof buf));
}

static bool is_prime(uint64_t n)
{
	if (n < 4)
		return n >= 2;
	if (n % 2 == 0)
		return false;
	for (uint64_t d = 3; d * d <= n; d += 2)
		if (n % d == 0)
			return false;
	return true;
}

/* One work unit: counts the primes in [first, first + count). Pure CPU work
 * on local variables, like the seed's cpu_intensive(). */
static uint64_t count_primes(uint64_t first, uint64_t count)
{
	uint64_t found = 0;

	for (uint64_t n = first; n < first + count; n++)
		found += is_prime(n);
	return found;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	const struct job *job = w->job;

	for (uint64_t u = w->index; u < job->units; u += job->threads) {
		if (pthread_mutex_lock(&giant_lock) != 0)
			abort();	/* cannot fail: a valid default mutex, not held */
		/* BUG: the whole unit is computed under the lock, not just added. */
		uint64_t found = count_primes(u * job->unit_size, job->unit_size);
		primes += found;
		if (pthread_mutex_unlock(&giant_lock) != 0) /* @hold */
			abort();
	}
	return NULL;
}

/* Parses argv[i] (if present) as an integer in [1, max]. */
static int parse_arg(int argc, char **argv, int i, uint64_t max, uint64_t *out)
{
	char *end;

	if (i >= argc)
		return 0;
	errno = 0;
	unsigned long long v = strtoull(argv[i], &end, 10);
	if (errno != 0 || end == argv[i] || *end != '\0' || v < 1 || v > max) {
		fprintf(stderr, "usage: giant-lock [THREADS [UNITS [UNIT_SIZE]]]\n");
		return -1;
	}
	*out = v;
	return 0;
}

int main(int argc, char **argv)
{
	struct job job = { .threads = 2, .units = 2, .unit_size = 500000 };
	uint64_t threads = job.threads;

	if (parse_arg(argc, argv, 1, 256, &threads) != 0 ||
	    parse_arg(argc, argv, 2, UINT32_MAX, &job.units) != 0 ||
	    parse_arg(argc, argv, 3, UINT32_MAX, &job.unit_size) != 0)
		return 2;
	job.threads = (unsigned)threads;

	struct worker *workers = calloc(job.threads, sizeof *workers);
	if (workers == NULL) {
		report("calloc", errno);
		return 1;
	}

	int status = 0;
	unsigned started = 0;
	for (; started < job.threads; started++) {
		struct worker *w = &workers[started];

		w->index = started;
		w->job = &job;
		int rc = pthread_create(&w->thread, NULL, worker_main, w);
		if (rc != 0) {
			report("pthread_create", rc);
			status = 1;
			break;
		}
	}

	for (unsigned i = 0; i < started; i++) {
		int rc = pthread_join(workers[i].thread, NULL);
		if (rc != 0) {
			report("pthread_join", rc);
			status = 1;
		}
	}
	free(workers);
	if (status != 0)
		return status;

	printf("%" PRIu64 " primes below %" PRIu64 " (%" PRIu64 " units of %" PRIu64 ") on %u threads\n",
	       primes, job.units * job.unit_size, job.units, job.unit_size, job.threads);
	return 0;
}
