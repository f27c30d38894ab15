/* SPDX-License-Identifier: 0BSD */
/* queue.h: a bounded blocking FIFO of pointers, for any number of producers
 * and consumers (MPMC), with timed waits, try operations, batches and close.
 *
 * Locking contract: one mutex, mu, guards every field of struct queue; every
 * function takes it and releases it before it returns, so no caller ever
 * holds it (the functions are EXCLUDES(q->mu)). Never touch the fields.
 * Producers wait on not_full, consumers on not_empty, each in a loop that
 * rechecks the state. Wakeups: one pushed item signals at most one waiting
 * consumer, one freed slot at most one waiting producer, and only while one
 * waits that no signal is already on its way to; queue_close alone
 * broadcasts. So no thundering herd, and no signal spent on a thread that
 * is already waking up.
 *
 * Errors are returned, never fatal: 0; EAGAIN (try: full, or empty);
 * ETIMEDOUT (the deadline passed); EPIPE (closed: no push is accepted, and
 * pop reports it once the queue is empty); ENOMEM; EINVAL (capacity 0, a
 * batch of 0, a deadline whose tv_nsec is out of range). The process is
 * aborted, with a message, only when a pthread call on a valid object fails:
 * a broken invariant, not a usage error.
 *
 * Items are opaque pointers, NULL included: a result is never in-band.
 * Deadlines are absolute CLOCK_MONOTONIC times (clock_gettime + timeout).
 *
 * Batches: queue_push_many and queue_pop_many move up to n items under one
 * lock acquisition, which is where a mutex queue spends its time. They keep
 * every guarantee above: FIFO order (the items one call moves are
 * contiguous, in order), at most one wakeup per item moved and none for a
 * waiter already woken, close and deadlines as for one item. They may move
 * fewer than n (at least one), like write(2) and read(2): the caller loops
 * on the rest.
 *
 * Build: cc -std=c17 -pthread -I<dir of thread_safety.h> queue.c; under
 * clang add -Wthread-safety -Wthread-safety-beta to check the locking. */
#ifndef BLOCKS_QUEUE_H
#define BLOCKS_QUEUE_H

#include "thread_safety.h"

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct queue {
	tsa_mutex mu;			/* guards every field below */
	pthread_cond_t not_empty;	/* consumers wait here while count == 0 */
	pthread_cond_t not_full;	/* producers wait here while count == capacity */
	void **slots;			/* ring of capacity items */
	size_t capacity;
	size_t head;			/* slot of the oldest item */
	size_t count;			/* items in the queue */
	size_t pop_waiters;		/* consumers inside a wait on not_empty */
	size_t push_waiters;		/* producers inside a wait on not_full */
	size_t pop_wakeups;		/* signals to consumers not woken yet */
	size_t push_wakeups;		/* signals to producers not woken yet */
	bool closed;
};

/* Makes an empty open queue of capacity slots: 0, EINVAL, ENOMEM, or the
 * error of pthread_mutex_init/pthread_cond_init. */
int queue_init(struct queue *q, size_t capacity);

/* Frees the queue. No thread may be using it, or use it afterwards. Items
 * still queued are not freed: they belong to the caller (drain them first
 * with queue_try_pop when they own memory). */
void queue_destroy(struct queue *q) EXCLUDES(q->mu);

/* Appends item, waiting while the queue is full: 0 or EPIPE. */
int queue_push(struct queue *q, void *item) EXCLUDES(q->mu);
/* Appends item if a slot is free now: 0, EAGAIN or EPIPE. */
int queue_try_push(struct queue *q, void *item) EXCLUDES(q->mu);
/* Appends item, waiting at most until deadline: 0, ETIMEDOUT, EPIPE, EINVAL. */
int queue_push_until(struct queue *q, void *item, const struct timespec *deadline)
	EXCLUDES(q->mu);

/* Removes the oldest item into *item, waiting while the queue is empty:
 * 0, or EPIPE once the queue is closed and empty. */
int queue_pop(struct queue *q, void **item) EXCLUDES(q->mu);
/* The same without waiting: 0, EAGAIN (empty, open) or EPIPE. */
int queue_try_pop(struct queue *q, void **item) EXCLUDES(q->mu);
/* The same, waiting at most until deadline: 0, ETIMEDOUT, EPIPE, EINVAL. */
int queue_pop_until(struct queue *q, void **item, const struct timespec *deadline)
	EXCLUDES(q->mu);

/* Waits until at least one slot is free (or deadline, when not NULL), then
 * appends items[0..k) for the largest k <= n that fits; *pushed = k.
 * 0 (k >= 1), ETIMEDOUT, EPIPE or EINVAL, with *pushed = 0. */
int queue_push_many(struct queue *q, void *const items[], size_t n, size_t *pushed,
		    const struct timespec *deadline) EXCLUDES(q->mu);
/* Waits until at least one item is queued (or deadline, when not NULL), then
 * removes up to n of the oldest into items[0..k); *popped = k.
 * 0 (k >= 1), ETIMEDOUT, EPIPE (closed and empty) or EINVAL, *popped = 0. */
int queue_pop_many(struct queue *q, void *items[], size_t n, size_t *popped,
		   const struct timespec *deadline) EXCLUDES(q->mu);

/* Closes the queue and wakes every waiter: pushes fail with EPIPE from now
 * on; pops return what is left, then EPIPE. Closing twice is harmless. */
void queue_close(struct queue *q) EXCLUDES(q->mu);

/* Items queued at the moment of the call (a snapshot, for monitoring). */
size_t queue_length(struct queue *q) EXCLUDES(q->mu);

#endif
