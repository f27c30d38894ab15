/* SPDX-License-Identifier: 0BSD */
/* limiter.c: the counting limiter of limiter.h: a mutex-guarded count, a
 * condition variable for threads and an eventfd for one event loop. */
#include "limiter.h"

#include <errno.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <unistd.h>

static void must(int rc, const char *what)
{
	if (rc != 0)
		tsa_fail(what, rc);
}

int limiter_init(struct limiter *l, unsigned limit)
{
	if (limit == 0)
		return EINVAL;
	*l = (struct limiter){ .limit = limit };
	l->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (l->efd < 0)
		return errno;
	int rc = tsa_cond_init_monotonic(&l->freed);
	if (rc == 0 && (rc = pthread_mutex_init(&l->mu.m, NULL)) != 0)
		(void)pthread_cond_destroy(&l->freed);
	if (rc != 0)
		(void)close(l->efd);
	return rc;
}

void limiter_destroy(struct limiter *l)
{
	must(pthread_cond_destroy(&l->freed), "limiter_destroy: pthread_cond_destroy");
	must(pthread_mutex_destroy(&l->mu.m), "limiter_destroy: pthread_mutex_destroy");
	if (close(l->efd) != 0)
		tsa_fail("limiter_destroy: close", errno);
}

static bool take_locked(struct limiter *l) REQUIRES(l->mu)
{
	if (l->in_use == l->limit)
		return false;
	l->in_use++;
	return true;
}

/* Waits once on freed: 0 or ETIMEDOUT; the caller rechecks either way. */
static int wait_once(struct limiter *l, const struct timespec *deadline) REQUIRES(l->mu)
{
	l->waiters++;
	int rc = deadline ? pthread_cond_timedwait(&l->freed, tsa_mutex_native(&l->mu), deadline)
			  : pthread_cond_wait(&l->freed, tsa_mutex_native(&l->mu));
	l->waiters--;
	if (rc != 0 && rc != ETIMEDOUT)
		tsa_fail("limiter: pthread_cond_wait", rc);
	return rc;
}

void limiter_acquire(struct limiter *l)
{
	tsa_mutex_lock(&l->mu);
	while (!take_locked(l))
		wait_once(l, NULL);
	tsa_mutex_unlock(&l->mu);
}

int limiter_try_acquire(struct limiter *l)
{
	tsa_mutex_lock(&l->mu);
	int rc = take_locked(l) ? 0 : EAGAIN;
	tsa_mutex_unlock(&l->mu);
	return rc;
}

int limiter_acquire_until(struct limiter *l, const struct timespec *deadline)
{
	if (!deadline || deadline->tv_nsec < 0 || deadline->tv_nsec >= 1000000000L)
		return EINVAL;
	int rc = 0;
	tsa_mutex_lock(&l->mu);
	for (;;) {
		if (take_locked(l)) {
			rc = 0;
			break;
		}
		if (rc == ETIMEDOUT)
			break;	/* timed out, and looked once more since */
		rc = wait_once(l, deadline);
	}
	tsa_mutex_unlock(&l->mu);
	return rc;
}

int limiter_release(struct limiter *l)
{
	tsa_mutex_lock(&l->mu);
	if (l->in_use == 0) {
		tsa_mutex_unlock(&l->mu);
		return EINVAL;
	}
	l->in_use--;
	if (l->waiters > 0)
		must(pthread_cond_signal(&l->freed), "limiter: pthread_cond_signal");
	bool notify_loop = l->loop_armed;
	l->loop_armed = false;
	tsa_mutex_unlock(&l->mu);
	if (notify_loop) {	/* outside the lock: a system call */
		uint64_t one = 1;
		if (write(l->efd, &one, sizeof one) != (ssize_t)sizeof one)
			tsa_fail("limiter: write to its eventfd", errno);
	}
	return 0;
}

int limiter_fd(const struct limiter *l)
{
	return l->efd;
}

int limiter_loop_acquire(struct limiter *l)
{
	/* Empty the eventfd first, then look: a release after this read
	 * writes again, so no wakeup is lost; one before it is seen below. */
	uint64_t count;
	if (read(l->efd, &count, sizeof count) < 0 && errno != EAGAIN)
		tsa_fail("limiter: read from its eventfd", errno);
	tsa_mutex_lock(&l->mu);
	int rc = take_locked(l) ? 0 : EAGAIN;
	if (rc == EAGAIN)
		l->loop_armed = true;
	tsa_mutex_unlock(&l->mu);
	return rc;
}

unsigned limiter_in_use(struct limiter *l)
{
	tsa_mutex_lock(&l->mu);
	unsigned n = l->in_use;
	tsa_mutex_unlock(&l->mu);
	return n;
}
