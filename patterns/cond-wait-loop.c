/* SPDX-License-Identifier: 0BSD */
/*
 * cond-wait-loop: wait on a condition variable in a loop that re-tests the predicate
 *
 * rule: CERT CON36-C: wrap functions that can spuriously wake up in a loop
 *
 * Main hands out one job to each of WORKERS worker threads through a job
 * board: a mutex, a count of posted jobs and a condition variable. A worker
 * waits while the board is empty, then takes one job. Main posts the jobs
 * one at a time and wakes the waiting workers with a broadcast.
 *
 * A return from pthread_cond_wait means only "look again": the wakeup may be
 * spurious, and between the broadcast and a worker getting the mutex back,
 * another worker may already have taken the job (a stolen wakeup). So each
 * worker waits in a `while` loop that re-tests "is there a job?" with the
 * mutex held, and goes back to waiting when there is none.
 *
 * So that every run takes the same path, main posts a job only when the
 * last one has been taken and every worker still without a job is blocked
 * in the wait (workers count themselves in `waiting` before they wait; the
 * broadcast that wakes them resets it). Each broadcast therefore wakes all
 * of them: one takes the job, the others find the board empty again.
 *
 * usage: cond-wait-loop [WORKERS]     default: 2
 */
#include <pthread.h>
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

#define PROG "cond-wait-loop"
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

struct board {
	pthread_mutex_t mutex;  /* guards every field below */
	pthread_cond_t posted;  /* workers wait here while jobs == 0 */
	pthread_cond_t changed; /* main waits here for the workers to settle */
	long jobs;              /* posted and not yet taken; never below 0 */
	long waiting;           /* workers blocked since the last broadcast */
	long done;              /* workers that have taken their job */
	long failed;            /* workers that took a job that was not there */
};

static void *work(void *arg)
{
	struct board *b = arg;
	check(pthread_mutex_lock(&b->mutex), "pthread_mutex_lock");
	while (b->jobs == 0) { /* re-tested after every wakeup */
		b->waiting++;
		check(pthread_cond_signal(&b->changed), "pthread_cond_signal");
		check(pthread_cond_wait(&b->posted, &b->mutex), "pthread_cond_wait"); /* @wait */
	}
	b->jobs--; /* take one */
	if (b->jobs < 0) {
		fprintf(stderr, "%s:%d: self-check: took a job from an empty board (%ld left)\n",
			__FILE__, __LINE__, b->jobs); /* @empty */
		b->failed++;
	}
	b->done++;
	check(pthread_cond_signal(&b->changed), "pthread_cond_signal");
	check(pthread_mutex_unlock(&b->mutex), "pthread_mutex_unlock");
	return NULL;
}

int main(int argc, char **argv)
{
	long workers = 2;
	if (argc > 1) {
		char *end;
		workers = strtol(argv[1], &end, 10);
		if (argc > 2 || end == argv[1] || *end != '\0' || workers < 1 ||
		    workers > MAX_WORKERS) {
			fprintf(stderr, "usage: %s [WORKERS]  (1 to %d)\n", PROG, MAX_WORKERS);
			return 2;
		}
	}

	struct board b = { .jobs = 0 };
	check(pthread_mutex_init(&b.mutex, NULL), "pthread_mutex_init");
	check(pthread_cond_init(&b.posted, NULL), "pthread_cond_init");
	check(pthread_cond_init(&b.changed, NULL), "pthread_cond_init");
	pthread_t tid[MAX_WORKERS];
	for (long i = 0; i < workers; i++)
		check(pthread_create(&tid[i], NULL, work, &b), "pthread_create");

	long posted = 0;
	check(pthread_mutex_lock(&b.mutex), "pthread_mutex_lock");
	for (;;) {
		/* Settled: the last job is taken, every other worker is blocked. */
		while (b.jobs > 0 || b.waiting + b.done < workers)
			check(pthread_cond_wait(&b.changed, &b.mutex), "pthread_cond_wait");
		if (b.done == workers)
			break;
		b.jobs++;
		posted++;
		b.waiting = 0; /* the broadcast wakes every one of them */
		check(pthread_cond_broadcast(&b.posted), "pthread_cond_broadcast");
	}
	check(pthread_mutex_unlock(&b.mutex), "pthread_mutex_unlock");

	for (long i = 0; i < workers; i++)
		check(pthread_join(tid[i], NULL), "pthread_join");
	check(pthread_cond_destroy(&b.changed), "pthread_cond_destroy");
	check(pthread_cond_destroy(&b.posted), "pthread_cond_destroy");
	check(pthread_mutex_destroy(&b.mutex), "pthread_mutex_destroy");
	printf("posted %ld job(s); %ld worker(s) took one each; %ld left on the board\n",
	       posted, b.done, b.jobs);
	return b.failed != 0;
}
