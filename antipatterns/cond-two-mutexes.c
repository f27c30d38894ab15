/* SPDX-License-Identifier: 0BSD */
/*
 * cond-two-mutexes: one condition variable shared by waiters holding different mutexes
 *
 * rule: CERT POS53-C: do not use more than one mutex for concurrent waiting operations on a condition variable
 * expect: helgrind,drd cond-mutex-mismatch @wait
 *
 * Two gates, A and B, each guarded by its own mutex, each with a waiter
 * thread blocked until its gate opens. Main starts waiter A and waits until
 * it is blocked at its gate, does the same with waiter B, then opens both
 * gates at once and joins the waiters.
 *
 * A condition variable is bound to the mutex its waiters pass to
 * pthread_cond_wait: while any thread waits on it, every other waiter must
 * use the same mutex (POSIX calls anything else undefined). So each gate
 * owns its `opened` condition variable, used only with the gate's mutex.
 * A gate also has a `settled` condition variable on which main waits for
 * the waiter to be blocked: a waiter sets `waiting` and then waits, and
 * pthread_cond_wait releases the mutex atomically, so once main sees
 * `waiting` under the mutex, the waiter is in the wait. This makes every
 * run take the same path: both waiters are blocked when the gates open.
 *
 * The bug: to save a variable, both gates share one `opened` condition
 * variable. Waiter A waits on it with gate A's mutex; while A is still
 * waiting, waiter B waits on it with gate B's mutex (@wait). That is
 * undefined behaviour; today's glibc happens to tolerate it and the run
 * ends normally, but Helgrind and DRD bind the condition variable to its
 * first mutex and report the second one. TSan, ASan, Memcheck and the
 * watchdog see nothing.
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

#define PROG "cond-two-mutexes"

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

struct gate {
	pthread_mutex_t mutex;  /* guards waiting and open */
	pthread_cond_t *opened; /* the waiter waits here until open; only with mutex */
	pthread_cond_t settled; /* main waits here until waiting */
	bool waiting;           /* the waiter is blocked (or about to block) */
	bool open;
};

static void *run_waiter(void *arg)
{
	struct gate *g = arg;
	check(pthread_mutex_lock(&g->mutex), "pthread_mutex_lock");
	g->waiting = true;
	check(pthread_cond_signal(&g->settled), "pthread_cond_signal");
	while (!g->open)
		check(pthread_cond_wait(g->opened, &g->mutex), "pthread_cond_wait"); /* @wait */
	check(pthread_mutex_unlock(&g->mutex), "pthread_mutex_unlock");
	return NULL;
}

/* Starts a waiter on g and returns once it is blocked at the gate. */
static void start_waiter(struct gate *g, pthread_t *tid)
{
	check(pthread_create(tid, NULL, run_waiter, g), "pthread_create");
	check(pthread_mutex_lock(&g->mutex), "pthread_mutex_lock");
	while (!g->waiting)
		check(pthread_cond_wait(&g->settled, &g->mutex), "pthread_cond_wait");
	check(pthread_mutex_unlock(&g->mutex), "pthread_mutex_unlock");
}

/* Opens both gates at once: holds both mutexes (always A, then B) while
 * it sets the flags and wakes the waiters. */
static void open_gates(struct gate *a, struct gate *b)
{
	check(pthread_mutex_lock(&a->mutex), "pthread_mutex_lock");
	check(pthread_mutex_lock(&b->mutex), "pthread_mutex_lock");
	a->open = b->open = true;
	check(pthread_cond_broadcast(a->opened), "pthread_cond_broadcast");
	check(pthread_cond_broadcast(b->opened), "pthread_cond_broadcast");
	check(pthread_mutex_unlock(&b->mutex), "pthread_mutex_unlock");
	check(pthread_mutex_unlock(&a->mutex), "pthread_mutex_unlock");
}

int main(void)
{
	/* BUG: one condition variable for two gates, each with its own mutex. */
	pthread_cond_t opened;
	struct gate a = { .opened = &opened }, b = { .opened = &opened };
	struct gate *gates[] = { &a, &b };
	pthread_t waiters[2];
	check(pthread_cond_init(&opened, NULL), "pthread_cond_init");
	for (int i = 0; i < 2; i++) {
		check(pthread_mutex_init(&gates[i]->mutex, NULL), "pthread_mutex_init");
		check(pthread_cond_init(&gates[i]->settled, NULL), "pthread_cond_init");
	}

	for (int i = 0; i < 2; i++)
		start_waiter(gates[i], &waiters[i]);
	open_gates(&a, &b);
	for (int i = 0; i < 2; i++)
		check(pthread_join(waiters[i], NULL), "pthread_join");

	for (int i = 0; i < 2; i++) {
		check(pthread_cond_destroy(&gates[i]->settled), "pthread_cond_destroy");
		check(pthread_mutex_destroy(&gates[i]->mutex), "pthread_mutex_destroy");
	}
	check(pthread_cond_destroy(&opened), "pthread_cond_destroy");
	printf("2 gates opened, 2 waiters released\n");
	return 0;
}
