/* SPDX-License-Identifier: 0BSD */
/*
 * stack-lifetime: a thread's job lives on the heap, as long as the thread needs it
 *
 * rule: CERT POS50-C: declare objects shared between POSIX threads with appropriate storage durations
 *
 * start_worker() prepares a job (here just its id) and starts a worker
 * thread on it, then returns at once. Main starts WORKERS (2) workers that
 * way, then joins them; each worker records the id of the job it worked
 * on, and main checks that worker N worked on job N.
 *
 * start_worker allocates the job on the heap and the worker frees it: the
 * job lives as long as the worker needs it, however long after
 * start_worker has returned.
 *
 * So that every run is the same, each worker waits for main's go-ahead
 * before it reads its job, and main sends it once it has started every
 * worker: by then every start_worker has returned, and the next one has
 * run in the same stack space. The go-ahead is a signal (pthread_kill,
 * taken by the worker's sigwait): POSIX does not count signals among the
 * operations that synchronise memory, and neither do the detectors, so it
 * fixes the order of the steps in every run without ordering the memory
 * accesses.
 *
 * usage: stack-lifetime
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
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

#define PROG "stack-lifetime"
#define WORKERS 2

struct job {
	int id;
};

/* One record per worker, in static storage. Main writes job before it
 * creates the worker; the worker writes seen_id, which main reads after
 * joining it. */
static struct worker {
	pthread_t thread;
	struct job *job; /* the job the worker works on */
	int seen_id;     /* the id the worker found in its job */
} workers[WORKERS];

/* Reports a failed call and ends the process (_exit: any thread may call). */
static void check(int rc, const char *what)
{
	if (rc != 0) {
		char buf[128];
		fprintf(stderr, "%s: %s: %s\n", PROG, what, error_text(rc, buf, sizeof buf));
		_exit(1);
	}
}

/* For calls that return -1 and set errno. */
static void check_sys(int failed, const char *what)
{
	check(failed ? errno : 0, what);
}

/* SIGUSR1, main's go-ahead to the workers. */
static sigset_t go_ahead(void)
{
	sigset_t set;
	check_sys(sigemptyset(&set) != 0, "sigemptyset");
	check_sys(sigaddset(&set, SIGUSR1) != 0, "sigaddset");
	return set;
}

static void *run_worker(void *arg)
{
	struct worker *w = arg;
	sigset_t go = go_ahead();
	int sig;
	check(sigwait(&go, &sig), "sigwait");
	w->seen_id = w->job->id; /* @use */
	free(w->job);
	return NULL;
}

/* Starts a worker on job `id` and returns without waiting for it. Kept out
 * of line, as it would be in a library: inlined into main's loop, its frame
 * would become a block scope of main. */
__attribute__((noinline)) static void start_worker(struct worker *w, int id)
{
	w->job = malloc(sizeof *w->job);
	check(w->job ? 0 : ENOMEM, "malloc");
	w->job->id = id; /* @job */
	check(pthread_create(&w->thread, NULL, run_worker, w), "pthread_create");
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		fprintf(stderr, "usage: %s\n", argv[0]);
		return 2;
	}
	/* Blocked in main, and so in every worker, which inherits the mask: a
	 * go-ahead waits for its worker's sigwait, even if it comes first. */
	sigset_t go = go_ahead();
	check(pthread_sigmask(SIG_BLOCK, &go, NULL), "pthread_sigmask");
	for (int i = 0; i < WORKERS; i++)
		start_worker(&workers[i], i + 1);
	for (int i = 0; i < WORKERS; i++)
		check(pthread_kill(workers[i].thread, SIGUSR1), "pthread_kill");
	int wrong = 0;
	for (int i = 0; i < WORKERS; i++) {
		check(pthread_join(workers[i].thread, NULL), "pthread_join");
		printf("worker %d worked on job %d\n", i + 1, workers[i].seen_id);
		wrong += workers[i].seen_id != i + 1;
	}
	if (wrong > 0) {
		fprintf(stderr, "%s:%d: self-check: %d workers worked on the wrong job\n",
			__FILE__, __LINE__, wrong); /* @wrong */
		return 1;
	}
	return 0;
}
