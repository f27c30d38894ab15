/* SPDX-License-Identifier: 0BSD */
/*
 * async-cancel: a worker can be cancelled only where it says so (deferred)
 *
 * rule: CERT POS47-C: do not use threads that can be canceled asynchronously
 * hold-ms: 2000
 *
 * A worker keeps a tally in `progress`, under progress_lock: each batch
 * adds BATCH items, then counts one more batch, so whenever the lock is
 * free, items == batches * BATCH. Main cancels the worker partway through a
 * batch, joins it, then takes the lock and reads the tally.
 *
 * The worker's cancel type is PTHREAD_CANCEL_DEFERRED (the default, set
 * here on purpose): a cancel request waits for a cancellation point, and
 * the worker's only one is pthread_testcancel() between batches, where the
 * lock is free and the tally whole.
 *
 * So that every run is the same, the worker tells main when it is midway
 * through batch MIDWAY, holding the lock, and lingers there until main has
 * sent the cancel request: the request always arrives in the middle of a
 * critical section, the moment any real program can hit by chance.
 * (That linger holds the lock for main's 50 ms pause, hundreds of ms under
 * Valgrind, so DRD's lock-hold threshold is raised to 2 s: hold-ms.)
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdio.h>
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

#define PROG "async-cancel"
#define BATCH 100
#define MIDWAY 3

/* progress_lock guards progress; only the worker writes it while it runs. */
static pthread_mutex_t progress_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	long batches, items;
} progress;

static sem_t midway;      /* posted by the worker inside batch MIDWAY */
static sem_t cancel_sent; /* posted by main once its cancel request is out */

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

/* Tells main the worker is midway, then spins until the cancel is sent.
 * sem_trywait and sched_yield are not cancellation points. */
static void linger(void)
{
	check_sys(sem_post(&midway) != 0, "sem_post");
	while (sem_trywait(&cancel_sent) != 0) {
		check_sys(errno != EAGAIN, "sem_trywait");
		check_sys(sched_yield() != 0, "sched_yield");
	}
}

static void *run_worker(void *arg)
{
	(void)arg;
	int old_type;
	/* Deferred: a cancel request acts only at a cancellation point. */
	check(pthread_setcanceltype(PTHREAD_CANCEL_DEFERRED, &old_type), "pthread_setcanceltype"); /* @type */
	for (long batch = 1;; batch++) {
		check(pthread_mutex_lock(&progress_lock), "pthread_mutex_lock");
		progress.items += BATCH;
		if (batch == MIDWAY)
			linger(); /* @window: the cancel request arrives here */
		progress.batches++;
		check(pthread_mutex_unlock(&progress_lock), "pthread_mutex_unlock");
		pthread_testcancel(); /* the one place the worker can be cancelled */
	}
	return NULL;
}

int main(void)
{
	check_sys(sem_init(&midway, 0, 0) != 0, "sem_init");
	check_sys(sem_init(&cancel_sent, 0, 0) != 0, "sem_init");
	pthread_t worker;
	check(pthread_create(&worker, NULL, run_worker, NULL), "pthread_create");

	check_sys(sem_wait(&midway) != 0, "sem_wait");
	check(pthread_cancel(worker), "pthread_cancel");
	/* Give an asynchronous cancel time to land before the worker moves on. */
	struct timespec delay = { 0, 50 * 1000000 };
	check_sys(nanosleep(&delay, NULL) != 0, "nanosleep");
	check_sys(sem_post(&cancel_sent) != 0, "sem_post");
	void *result;
	check(pthread_join(worker, &result), "pthread_join"); /* @join */
	check(result == PTHREAD_CANCELED ? 0 : EINVAL, "worker not cancelled");
	check_sys(sem_destroy(&cancel_sent) != 0, "sem_destroy");
	check_sys(sem_destroy(&midway) != 0, "sem_destroy");

	/* trylock, not lock: a thread cancelled holding the lock never frees it. */
	int rc = pthread_mutex_trylock(&progress_lock);
	if (rc == EBUSY) {
		fprintf(stderr, "%s:%d: self-check: the cancelled worker died holding "
			"progress_lock\n", __FILE__, __LINE__); /* @stuck */
		return 1;
	}
	check(rc, "pthread_mutex_trylock");
	long batches = progress.batches, items = progress.items;
	check(pthread_mutex_unlock(&progress_lock), "pthread_mutex_unlock");
	printf("worker cancelled after %ld batches, %ld items\n", batches, items);
	if (items != batches * BATCH) {
		fprintf(stderr, "%s:%d: self-check: torn tally: %ld items in %ld batches\n",
			__FILE__, __LINE__, items, batches); /* @torn */
		return 1;
	}
	return 0;
}
