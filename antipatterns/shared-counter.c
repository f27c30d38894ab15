/* SPDX-License-Identifier: 0BSD */
/*
 * shared-counter: threads add to one counter with no lock (broken)
 *
 * rule: Don't share mutable state without locks (seed; CERT CON43-C)
 * expect: tsan,helgrind,drd data-race @bump
 * expect: lint unguarded-write @bump
 * skip: watchdog -- lost updates show in only some native runs at this size
 *   (about 1 in 4); the detectors see the race in every run, lost or not
 *
 * THREADS threads (default 2) each add 1 to a shared counter ROUNDS times
 * (default 1000). `counter += 1` is a load, an add and a store: two threads
 * can load the same value and one increment is lost. The mutex makes the
 * three steps one indivisible step as seen by every other thread that also
 * takes the mutex. A start barrier lets every thread begin together, so the
 * updates really overlap.
 *
 * The bug: there is no mutex. The threads' loads and stores of counter
 * (@bump) interleave, and some runs lose updates. TSan, Helgrind and DRD
 * report the data race at @bump in every run, lost updates or not: after
 * the common barrier nothing orders one thread's accesses with the other's.
 *
 * usage: shared-counter [THREADS [ROUNDS]]
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

/* BUG: counter is shared by every thread, and nothing guards it. */
static long counter;

static pthread_barrier_t start_line;
static long rounds = 1000;

static void die(const char *what, int err)
{
	char buf[128];
	fprintf(stderr, "shared-counter: %s: %s\n", what, error_text(err, buf, sizeof buf));
	exit(1);
}

static void *count(void *arg)
{
	(void)arg;
	int rc = pthread_barrier_wait(&start_line);
	if (rc != 0 && rc != PTHREAD_BARRIER_SERIAL_THREAD)
		return (void *)(long)rc;
	for (long i = 0; i < rounds; i++) {
		counter++; /* @bump */
	}
	return NULL;
}

static long arg_or(int argc, char **argv, int i, long fallback, long max)
{
	if (argc <= i)
		return fallback;
	char *end;
	errno = 0;
	long v = strtol(argv[i], &end, 10);
	if (errno || *end || v < 1 || v > max) {
		fprintf(stderr, "usage: shared-counter [THREADS (1-64) [ROUNDS]]\n");
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	long nthreads = arg_or(argc, argv, 1, 2, 64);
	rounds = arg_or(argc, argv, 2, 1000, 100000000);
	pthread_t threads[64];
	int rc = pthread_barrier_init(&start_line, NULL, (unsigned)nthreads);
	if (rc != 0)
		die("pthread_barrier_init", rc);
	for (long i = 0; i < nthreads; i++)
		if ((rc = pthread_create(&threads[i], NULL, count, NULL)) != 0)
			die("pthread_create", rc);
	int failed = 0;
	for (long i = 0; i < nthreads; i++) {
		void *result;
		if ((rc = pthread_join(threads[i], &result)) != 0)
			die("pthread_join", rc);
		if (result)
			die("a counting thread", (int)(long)result);
	}
	if ((rc = pthread_barrier_destroy(&start_line)) != 0)
		die("pthread_barrier_destroy", rc);
	/* No lock from here on: the joins above order these reads after every
	 * write of every counting thread, and no other thread is left. */
	long expected = nthreads * rounds;
	if (counter != expected) {
		fprintf(stderr, "%s:%d: self-check: counter is %ld, expected %ld: "
			"%ld updates lost\n", __FILE__, __LINE__, counter, expected, /* @lost */
			expected - counter);
		failed = 1;
	}
	printf("%ld threads x %ld rounds: counter = %ld (expected %ld)\n", nthreads,
	       rounds, counter, expected);
	return failed;
}
