/* SPDX-License-Identifier: 0BSD */
/*
 * lost-wakeup: signal a condition variable only with a predicate under the mutex
 *
 * rule: POSIX: every condition wait has a Boolean predicate on shared data, set and tested under the mutex (CERT CON38-C, liveness: test the predicate before waiting)
 *
 * Main hands a job to a worker thread through a mailbox: a mutex, a
 * `posted` flag and a condition variable. Main posts the job and signals;
 * the worker waits until a job has been posted, takes it and clears the
 * flag; main joins the worker.
 *
 * A signal is not remembered: pthread_cond_signal wakes only a thread that
 * is waiting at that moment, and is lost otherwise. What is remembered is
 * the predicate, `posted`, set under the mutex before the signal. The
 * worker tests it under the same mutex and waits only while it is false,
 * in a loop (CON36-C), so it cannot miss a job whether it arrives before
 * or after the signal. POSIX says so in pthread_cond_wait: there is always
 * a Boolean predicate associated with each condition wait. CERT CON38-C
 * adds, for liveness, that the predicate is tested before waiting, because
 * a wait begun after the signal blocks indefinitely (its examples go on to
 * signal versus broadcast with several waiters, which does not arise with
 * the one waiter here).
 *
 * So that every run takes the same path, main posts and signals the job
 * before it even creates the worker: the signal always comes first, and
 * the worker always finds the flag already set.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
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

#define PROG "lost-wakeup"

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

struct mailbox {
	pthread_mutex_t mutex; /* guards posted and taken */
	pthread_cond_t cond;   /* the worker waits here for a posted job */
	bool posted;           /* a job is waiting to be taken */
	long taken;            /* jobs taken so far */
};

static void *run_worker(void *arg)
{
	struct mailbox *m = arg;
	check(pthread_mutex_lock(&m->mutex), "pthread_mutex_lock");
	while (!m->posted)
		check(pthread_cond_wait(&m->cond, &m->mutex), "pthread_cond_wait"); /* @wait */
	m->posted = false;
	m->taken++;
	check(pthread_mutex_unlock(&m->mutex), "pthread_mutex_unlock");
	return NULL;
}

/* Posts one job and wakes the worker, if one is waiting. */
static void post(struct mailbox *m)
{
	check(pthread_mutex_lock(&m->mutex), "pthread_mutex_lock");
	m->posted = true;
	check(pthread_cond_signal(&m->cond), "pthread_cond_signal");
	check(pthread_mutex_unlock(&m->mutex), "pthread_mutex_unlock");
}

int main(void)
{
	struct mailbox m = { .posted = false, .taken = 0 };
	check(pthread_mutex_init(&m.mutex, NULL), "pthread_mutex_init");
	check(pthread_cond_init(&m.cond, NULL), "pthread_cond_init");

	pthread_t worker;
	post(&m); /* before the worker exists: the signal finds no waiter */
	check(pthread_create(&worker, NULL, run_worker, &m), "pthread_create");
	check(pthread_join(worker, NULL), "pthread_join");

	check(pthread_cond_destroy(&m.cond), "pthread_cond_destroy");
	check(pthread_mutex_destroy(&m.mutex), "pthread_mutex_destroy");
	printf("posted 1 job, %ld taken\n", m.taken);
	return 0;
}
