/* SPDX-License-Identifier: 0BSD */
/*
 * loop-variable-capture: every thread gets the address of the loop counter
 *
 * rule: CERT CON34-C / POS50-C: declare objects shared between threads with appropriate storage durations
 * expect: tsan,drd data-race @read
 * expect: helgrind data-race @read @counter
 * expect: watchdog self-check @total
 * expect: lint loop-counter-address @spawn
 *
 * WORKERS threads add up 1..WORKERS*SLICE: worker k sums the k-th slice of
 * SLICE numbers and returns its partial sum, which main adds up and checks
 * against n(n+1)/2. Each worker waits for main's go-ahead, sent once the
 * loop that creates the workers is over: a stand-in for a thread that gets
 * to run late, as on a busy machine. Then it reads its number and sums its
 * slice.
 * The go-ahead is a signal (pthread_kill, taken by the worker's sigwait):
 * POSIX does not count signals among the operations that synchronise
 * memory, and neither do the detectors, so it fixes the order of the
 * threads' steps in every run without ordering their memory accesses.
 *
 * A thread's argument is a pointer, and the thread reads through it later,
 * whenever it runs. So each worker gets the address of its own slot,
 * numbers[k], written before the thread is created and never again, and
 * alive until the thread is joined. The loop counter is not such an
 * object: the loop goes on changing it (passing the number itself, cast to
 * a pointer, works too).
 *
 * The bug: main passes &i, the address of the loop counter, to every
 * worker. By the time a worker reads it (@read), the loop has moved on:
 * every run, all the workers read the same final value, sum the same
 * slice, and the total is wrong (@total). The read in the worker and the
 * loop's increment of i in main (@counter) are a data race: TSan, Helgrind
 * and DRD report it at @read (Helgrind names @counter too; TSan's report
 * names main with no line).
 *
 * usage: loop-variable-capture [WORKERS [SLICE]]     defaults: 2, 1000
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
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

#define PROG "loop-variable-capture"
#define MAX_WORKERS 64

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

static long slice = 1000; /* set by main before any thread starts */

/* SIGUSR1, main's go-ahead to the workers. */
static sigset_t go_ahead(void)
{
	sigset_t set;
	check(sigemptyset(&set) != 0 ? errno : 0, "sigemptyset");
	check(sigaddset(&set, SIGUSR1) != 0 ? errno : 0, "sigaddset");
	return set;
}

/* Returns the sum of slice number *arg: (k*slice, (k+1)*slice]. */
static void *sum_slice(void *arg)
{
	const int *number = arg;
	sigset_t go = go_ahead();
	int sig;
	check(sigwait(&go, &sig), "sigwait");
	long first = *number * slice + 1; /* @read */
	long sum = 0;
	for (long x = first; x < first + slice; x++)
		sum += x;
	return (void *)(intptr_t)sum;
}

static long arg_or(int argc, char **argv, int i, long fallback, long max)
{
	if (argc <= i)
		return fallback;
	char *end;
	long v = strtol(argv[i], &end, 10);
	if (argc > 3 || end == argv[i] || *end != '\0' || v < 1 || v > max) {
		fprintf(stderr, "usage: %s [WORKERS (1-%d) [SLICE (1-1000000)]]\n", PROG,
			MAX_WORKERS);
		_exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	int workers = (int)arg_or(argc, argv, 1, 2, MAX_WORKERS);
	slice = arg_or(argc, argv, 2, 1000, 1000000);
	/* Blocked in main, and so in every worker, which inherits the mask: a
	 * go-ahead waits for its worker's sigwait, even if it comes first. */
	sigset_t go = go_ahead();
	check(pthread_sigmask(SIG_BLOCK, &go, NULL), "pthread_sigmask");

	pthread_t tid[MAX_WORKERS];
	int i;
	for (i = 0; i < workers; i++) { /* @counter */
		/* BUG: every worker gets the same i, which the loop goes on changing */
		check(pthread_create(&tid[i], NULL, sum_slice, &i), "pthread_create"); /* @spawn */
	}

	for (int k = 0; k < workers; k++)
		check(pthread_kill(tid[k], SIGUSR1), "pthread_kill");

	long total = 0;
	for (int k = 0; k < workers; k++) {
		void *partial;
		check(pthread_join(tid[k], &partial), "pthread_join");
		total += (long)(intptr_t)partial;
	}

	long n = workers * slice, expected = n * (n + 1) / 2;
	printf("%d workers summed 1..%ld: %ld (expected %ld)\n", workers, n, total,
	       expected);
	if (total != expected) {
		fprintf(stderr, "%s:%d: self-check: sum is %ld, expected %ld\n",
			__FILE__, __LINE__, total, expected); /* @total */
		return 1;
	}
	return 0;
}
