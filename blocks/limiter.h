/* SPDX-License-Identifier: 0BSD */
/* limiter.h: a counting limiter (a semaphore of `limit` permits) that keeps
 * at most `limit` operations in flight, shared by threads that block on it
 * and by event loops that wait for it with epoll through an eventfd: the
 * C form of `async with asyncio.Semaphore(limit)` around each fetch.
 *
 * Locking contract: one mutex, mu, guards every field of struct limiter but
 * efd; every function takes and releases it (EXCLUDES(l->mu)), and no
 * system call is made while it is held. Threads wait on freed; a release
 * signals one waiting thread (only when one waits) and, when an event loop
 * has armed the limiter, makes efd readable: whichever comes first takes the
 * permit, the other waits again. A free permit is never left unseen.
 *
 * Event loops: register limiter_fd() for EPOLLIN once; call
 * limiter_loop_acquire(), which never blocks: 0 (go), or EAGAIN, after which
 * the fd becomes readable when a permit is released: call it again then.
 * One event loop per limiter (the eventfd wakes whoever polls it).
 *
 * Errors are returned: 0, EAGAIN, ETIMEDOUT, EINVAL (limit 0, a bad
 * deadline, a release without an acquire), and eventfd's or pthread's
 * errors from limiter_init. A failing pthread call on a valid object, or a
 * failing write to the limiter's own eventfd, aborts with a message. */
#ifndef BLOCKS_LIMITER_H
#define BLOCKS_LIMITER_H

#include "thread_safety.h"

#include <pthread.h>
#include <stdbool.h>
#include <time.h>

struct limiter {
	tsa_mutex mu;		/* guards every field below but efd */
	pthread_cond_t freed;	/* threads wait here while every permit is taken */
	unsigned limit;
	unsigned in_use;	/* permits taken */
	size_t waiters;		/* threads waiting on freed */
	bool loop_armed;	/* an event loop waits for efd */
	int efd;		/* eventfd: set once, then read-only */
};

/* A limiter of limit permits: 0, EINVAL (limit 0), or the error of
 * eventfd(2), pthread_mutex_init or pthread_cond_init. */
int limiter_init(struct limiter *l, unsigned limit);
/* Frees it: no thread may wait on it or use it afterwards. */
void limiter_destroy(struct limiter *l) EXCLUDES(l->mu);

/* Takes a permit, waiting while none is free. */
void limiter_acquire(struct limiter *l) EXCLUDES(l->mu);
/* Takes a permit if one is free: 0 or EAGAIN. */
int limiter_try_acquire(struct limiter *l) EXCLUDES(l->mu);
/* Takes a permit, waiting at most until the absolute CLOCK_MONOTONIC
 * deadline: 0, ETIMEDOUT or EINVAL. */
int limiter_acquire_until(struct limiter *l, const struct timespec *deadline)
	EXCLUDES(l->mu);
/* Gives a permit back: 0, or EINVAL when none is taken. */
int limiter_release(struct limiter *l) EXCLUDES(l->mu);

/* For an event loop: the eventfd to poll for EPOLLIN. */
int limiter_fd(const struct limiter *l);
/* For an event loop: takes a permit without blocking: 0, or EAGAIN, and then
 * limiter_fd() turns readable at the next release (call this again then;
 * it empties the eventfd itself). */
int limiter_loop_acquire(struct limiter *l) EXCLUDES(l->mu);

/* Permits taken at the moment of the call (a snapshot, for monitoring). */
unsigned limiter_in_use(struct limiter *l) EXCLUDES(l->mu);

#endif
