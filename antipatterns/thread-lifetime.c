/* SPDX-License-Identifier: 0BSD */
/*
 * thread-lifetime: the loader thread is never joined
 *
 * rule: CERT CON39-C: join or detach each thread exactly once (never twice, never zero times)
 * expect: tsan,memcheck thread-leak @spawn
 *
 * A loader thread fills a table with the squares 0, 1, 4, ..., then marks
 * it ready. WORKERS worker threads wait until the table is ready, then
 * each adds up its own slice of SLICE entries. Main adds the workers' sums
 * and checks the total against n(n-1)(2n-1)/6.
 *
 * Main joins every thread it starts, exactly once: the workers, to collect
 * their sums, and the loader too, although main needs nothing from it (the
 * table is handed over through `ready`). A thread that has returned is not
 * gone until it is joined: like a zombie process, its stack and descriptor
 * stay allocated. Joining it a second time is undefined behaviour. A thread
 * that nobody will wait for is detached instead, once.
 *
 * So that every run ends in the same state, main waits until the loader
 * has ended before it goes on (without joining it: it polls with
 * tgkill(pid, tid, 0), which fails with ESRCH once the thread is gone).
 * The broken twin's leak shows only then: ThreadSanitizer reports a thread
 * leak for a thread that has ended and was neither joined nor detached.
 *
 * The bug: main never joins the loader. It has what it needed from it (the
 * table is ready before any worker adds), and the loader has returned by
 * the time main exits; so the output is right. But the thread was neither
 * joined nor detached: its stack and descriptor are never reclaimed, and a
 * program that does this once per request runs out of memory or threads. TSan reports the
 * thread leak and Memcheck the lost thread memory, both at the
 * pthread_create of the loader (@spawn).
 *
 * usage: thread-lifetime [WORKERS [SLICE]]     defaults: 4, 1000
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
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

#define PROG "thread-lifetime"
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

struct table {
	pthread_mutex_t mutex; /* guards ready and loader_tid */
	pthread_cond_t filled; /* workers wait here until ready */
	bool ready;
	pid_t loader_tid;      /* the loader's kernel thread id, set with ready */
	long *squares;         /* written by the loader before ready, read-only after */
	long size;
};

/* Static, so its mutex and condition variable need no init or destroy. */
static struct table table = { .mutex = PTHREAD_MUTEX_INITIALIZER,
			      .filled = PTHREAD_COND_INITIALIZER };

struct worker {
	struct table *table;
	long first, count; /* its slice of the table */
	long sum;          /* written by the worker; main reads it after the join */
};

static void *load(void *arg)
{
	struct table *t = arg;
	for (long x = 0; x < t->size; x++)
		t->squares[x] = x * x;
	check(pthread_mutex_lock(&t->mutex), "pthread_mutex_lock");
	t->ready = true;
	t->loader_tid = gettid();
	check(pthread_cond_broadcast(&t->filled), "pthread_cond_broadcast");
	check(pthread_mutex_unlock(&t->mutex), "pthread_mutex_unlock");
	return NULL;
}

static void *add_slice(void *arg)
{
	struct worker *w = arg;
	struct table *t = w->table;
	check(pthread_mutex_lock(&t->mutex), "pthread_mutex_lock");
	while (!t->ready)
		check(pthread_cond_wait(&t->filled, &t->mutex), "pthread_cond_wait");
	check(pthread_mutex_unlock(&t->mutex), "pthread_mutex_unlock");
	for (long x = w->first; x < w->first + w->count; x++)
		w->sum += t->squares[x];
	return NULL;
}

/* Waits, without joining it, until thread tid of this process has ended:
 * the kernel lets an ended thread go at once, and tgkill(pid, tid, 0) then
 * fails with ESRCH. Only here so that every run reaches its end with the
 * loader finished, whatever the scheduling. */
static void wait_until_ended(pid_t tid)
{
	struct timespec tick = { .tv_nsec = 1000000 }; /* 1 ms between looks */
	while (tgkill(getpid(), tid, 0) == 0)
		check(nanosleep(&tick, NULL) == 0 ? 0 : errno, "nanosleep");
	check(errno == ESRCH ? 0 : errno, "tgkill");
}

static long arg_or(int argc, char **argv, int i, long fallback, long max)
{
	if (argc <= i)
		return fallback;
	char *end;
	long v = strtol(argv[i], &end, 10);
	if (argc > 3 || end == argv[i] || *end != '\0' || v < 1 || v > max) {
		fprintf(stderr, "usage: %s [WORKERS (1-%d) [SLICE (1-10000)]]\n", PROG,
			MAX_WORKERS);
		_exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	long nworkers = arg_or(argc, argv, 1, 4, MAX_WORKERS);
	long slice = arg_or(argc, argv, 2, 1000, 10000);
	struct table *t = &table;
	t->size = nworkers * slice;
	t->squares = malloc((size_t)t->size * sizeof *t->squares);
	if (!t->squares) {
		fprintf(stderr, "%s: malloc: out of memory\n", PROG);
		return 1;
	}

	pthread_t loader, tid[MAX_WORKERS];
	struct worker workers[MAX_WORKERS];
	check(pthread_create(&loader, NULL, load, t), "pthread_create"); /* @spawn */
	for (long i = 0; i < nworkers; i++) {
		workers[i] = (struct worker){ .table = t, .first = i * slice, .count = slice };
		check(pthread_create(&tid[i], NULL, add_slice, &workers[i]), "pthread_create");
	}

	long total = 0;
	for (long i = 0; i < nworkers; i++) {
		check(pthread_join(tid[i], NULL), "pthread_join");
		total += workers[i].sum;
	}
	/* The workers saw ready, so loader_tid is set: their joins order it. */
	wait_until_ended(t->loader_tid);
	/* BUG: the loader is never joined (nor detached): it has done its part */

	free(t->squares);
	long n = nworkers * slice, expected = (n - 1) * n * (2 * n - 1) / 6;
	printf("%ld workers added the squares 0..%ld: %ld (expected %ld)\n", nworkers,
	       n - 1, total, expected);
	if (total != expected) {
		fprintf(stderr, "%s:%d: self-check: total is %ld, expected %ld\n",
			__FILE__, __LINE__, total, expected);
		return 1;
	}
	return 0;
}
