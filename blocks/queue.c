/* SPDX-License-Identifier: 0BSD */
/* queue.c: the bounded MPMC queue of queue.h: a ring of pointers under one
 * mutex, two condition variables, and counts of who waits on each. */
#include "queue.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

enum wait_mode { WAIT_NONE, WAIT_FOREVER, WAIT_UNTIL };

static bool deadline_valid(const struct timespec *t)
{
	return t && t->tv_nsec >= 0 && t->tv_nsec < 1000000000L;
}

int queue_init(struct queue *q, size_t capacity)
{
	if (capacity == 0 || capacity > SIZE_MAX / sizeof(void *))
		return EINVAL;
	*q = (struct queue){ .capacity = capacity };
	q->slots = malloc(capacity * sizeof *q->slots);
	if (!q->slots)
		return ENOMEM;
	int rc = tsa_mutex_init_adaptive(&q->mu);
	if (rc != 0)
		goto free_slots;
	rc = tsa_cond_init_monotonic(&q->not_empty);
	if (rc != 0)
		goto destroy_mutex;
	rc = tsa_cond_init_monotonic(&q->not_full);
	if (rc == 0)
		return 0;
	(void)pthread_cond_destroy(&q->not_empty);
destroy_mutex:
	(void)pthread_mutex_destroy(&q->mu.m);
free_slots:
	free(q->slots);
	q->slots = NULL;
	return rc;
}

void queue_destroy(struct queue *q)
{
	int rc = pthread_cond_destroy(&q->not_empty);
	if (rc == 0)
		rc = pthread_cond_destroy(&q->not_full);
	if (rc != 0)
		tsa_fail("queue_destroy: pthread_cond_destroy", rc);
	rc = pthread_mutex_destroy(&q->mu.m);
	if (rc != 0)
		tsa_fail("queue_destroy: pthread_mutex_destroy", rc);
	free(q->slots);
	q->slots = NULL;
}

/* One wait on cv, counted in *waiters: 0 (woken: recheck the state) or
 * ETIMEDOUT (also recheck: the state may have changed as the time ran out).
 * However it woke, the thread takes one signal off *in_flight (see wake). */
static int wait_once(struct queue *q, pthread_cond_t *cv, size_t *waiters,
		     size_t *in_flight, const struct timespec *deadline) REQUIRES(q->mu)
{
	int rc;
	(*waiters)++;
	if (deadline)
		rc = pthread_cond_timedwait(cv, tsa_mutex_native(&q->mu), deadline);
	else
		rc = pthread_cond_wait(cv, tsa_mutex_native(&q->mu));
	(*waiters)--;
	if (*in_flight > 0)
		(*in_flight)--;
	if (rc != 0 && rc != ETIMEDOUT)
		tsa_fail("queue: pthread_cond_wait", rc);
	return rc;
}

/* Wakes one waiter per item or slot moved, and only while some waiter has
 * no signal on its way: *in_flight counts signals sent and not yet taken
 * off by a woken thread. Every thread that wakes, for any reason (signal,
 * timeout, spurious), takes one off, so waiters - in_flight never falls
 * below the number of threads still blocked without a signal: none of them
 * is missed, and a thread already woken is not signalled again. */
static void wake(pthread_cond_t *cv, size_t moved, size_t waiters, size_t *in_flight)
{
	for (size_t i = 0; i < moved && waiters > *in_flight; i++) {
		int rc = pthread_cond_signal(cv);
		if (rc != 0)
			tsa_fail("queue: pthread_cond_signal", rc);
		(*in_flight)++;
	}
}

static int push_locked(struct queue *q, void *const items[], size_t n, size_t *pushed,
		       enum wait_mode mode, const struct timespec *deadline) REQUIRES(q->mu)
{
	while (!q->closed && q->count == q->capacity) {
		if (mode == WAIT_NONE)
			return EAGAIN;
		if (wait_once(q, &q->not_full, &q->push_waiters, &q->push_wakeups,
			      mode == WAIT_UNTIL ? deadline : NULL) == ETIMEDOUT &&
		    !q->closed && q->count == q->capacity)
			return ETIMEDOUT;
	}
	if (q->closed)
		return EPIPE;
	size_t k = q->capacity - q->count < n ? q->capacity - q->count : n;
	size_t tail = q->head + q->count;
	if (tail >= q->capacity)
		tail -= q->capacity;
	for (size_t i = 0; i < k; i++) {
		q->slots[tail] = items[i];
		if (++tail == q->capacity)
			tail = 0;
	}
	q->count += k;
	*pushed = k;
	wake(&q->not_empty, k, q->pop_waiters, &q->pop_wakeups);
	return 0;
}

static int pop_locked(struct queue *q, void *items[], size_t n, size_t *popped,
		      enum wait_mode mode, const struct timespec *deadline) REQUIRES(q->mu)
{
	while (!q->closed && q->count == 0) {
		if (mode == WAIT_NONE)
			return EAGAIN;
		if (wait_once(q, &q->not_empty, &q->pop_waiters, &q->pop_wakeups,
			      mode == WAIT_UNTIL ? deadline : NULL) == ETIMEDOUT &&
		    !q->closed && q->count == 0)
			return ETIMEDOUT;
	}
	if (q->count == 0)
		return EPIPE;	/* closed, and nothing left to drain */
	size_t k = q->count < n ? q->count : n;
	for (size_t i = 0; i < k; i++) {
		items[i] = q->slots[q->head];
		if (++q->head == q->capacity)
			q->head = 0;
	}
	q->count -= k;
	*popped = k;
	wake(&q->not_full, k, q->push_waiters, &q->push_wakeups);
	return 0;
}

static int push_n(struct queue *q, void *const items[], size_t n, size_t *pushed,
		  enum wait_mode mode, const struct timespec *deadline) EXCLUDES(q->mu)
{
	*pushed = 0;
	if (n == 0 || (mode == WAIT_UNTIL && !deadline_valid(deadline)))
		return EINVAL;
	tsa_mutex_lock(&q->mu);
	int rc = push_locked(q, items, n, pushed, mode, deadline);
	tsa_mutex_unlock(&q->mu);
	return rc;
}

static int pop_n(struct queue *q, void *items[], size_t n, size_t *popped,
		 enum wait_mode mode, const struct timespec *deadline) EXCLUDES(q->mu)
{
	*popped = 0;
	if (n == 0 || (mode == WAIT_UNTIL && !deadline_valid(deadline)))
		return EINVAL;
	tsa_mutex_lock(&q->mu);
	int rc = pop_locked(q, items, n, popped, mode, deadline);
	tsa_mutex_unlock(&q->mu);
	return rc;
}

int queue_push(struct queue *q, void *item)
{
	size_t k;
	return push_n(q, &item, 1, &k, WAIT_FOREVER, NULL);
}

int queue_try_push(struct queue *q, void *item)
{
	size_t k;
	return push_n(q, &item, 1, &k, WAIT_NONE, NULL);
}

int queue_push_until(struct queue *q, void *item, const struct timespec *deadline)
{
	size_t k;
	return push_n(q, &item, 1, &k, WAIT_UNTIL, deadline);
}

int queue_pop(struct queue *q, void **item)
{
	size_t k;
	return pop_n(q, item, 1, &k, WAIT_FOREVER, NULL);
}

int queue_try_pop(struct queue *q, void **item)
{
	size_t k;
	return pop_n(q, item, 1, &k, WAIT_NONE, NULL);
}

int queue_pop_until(struct queue *q, void **item, const struct timespec *deadline)
{
	size_t k;
	return pop_n(q, item, 1, &k, WAIT_UNTIL, deadline);
}

int queue_push_many(struct queue *q, void *const items[], size_t n, size_t *pushed,
		    const struct timespec *deadline)
{
	return push_n(q, items, n, pushed, deadline ? WAIT_UNTIL : WAIT_FOREVER, deadline);
}

int queue_pop_many(struct queue *q, void *items[], size_t n, size_t *popped,
		   const struct timespec *deadline)
{
	return pop_n(q, items, n, popped, deadline ? WAIT_UNTIL : WAIT_FOREVER, deadline);
}

void queue_close(struct queue *q)
{
	tsa_mutex_lock(&q->mu);
	q->closed = true;
	int rc = pthread_cond_broadcast(&q->not_empty);
	if (rc == 0)
		rc = pthread_cond_broadcast(&q->not_full);
	if (rc != 0)
		tsa_fail("queue_close: pthread_cond_broadcast", rc);
	tsa_mutex_unlock(&q->mu);
}

size_t queue_length(struct queue *q)
{
	tsa_mutex_lock(&q->mu);
	size_t n = q->count;
	tsa_mutex_unlock(&q->mu);
	return n;
}
