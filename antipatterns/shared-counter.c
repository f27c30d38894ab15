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
 * usage: shared-counter [THREADS [ROUNDS]]
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* counter is shared by every thread, and nothing guards it. */
static long counter;

static pthread_barrier_t start_line;
static long rounds = 1000;

static void die(const char *what, int err)
{
	char buf[128];
	fprintf(stderr, "shared-counter: %s: %s\n", what, strerror_r(err, buf, sizeof buf));
	exit(1);
}

static void *count(void *arg)
{
	(void)arg;
	int rc = pthread_barrier_wait(&start_line);
	if (rc != 0 && rc != PTHREAD_BARRIER_SERIAL_THREAD)
		return (void *)(long)rc;
	for (long i = 0; i < rounds; i++)
		counter++; /* @bump: load, add, store, with no lock */
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
