/* SPDX-License-Identifier: 0BSD */
/* executor.h: runs blocking calls on a worker pool for an event loop, and
 * wakes the loop through an eventfd when each one finishes: the C form of
 * `await loop.run_in_executor(pool, blocking_io, item)`.
 *
 * The loop fills a struct executor_call it owns (fn, arg), hands it to
 * executor_submit (never blocks: EAGAIN when the pool's queue is full), and
 * registers executor_fd() for EPOLLIN once. When the fd is readable it calls
 * executor_collect() until it returns NULL; each call it returns carries the
 * outcome (error, result) and is the caller's again. Every submitted call
 * is collected exactly once: run, failed, or cancelled (ECANCELED, by
 * executor_cancel or by pool_shutdown(POOL_CANCEL_PENDING)).
 *
 * Locking contract: one mutex, mu, guards the list of finished calls; the
 * pool's workers append to it and write the eventfd (non-blocking) before
 * releasing mu, so that the loop never collects a call whose wakeup is still
 * on its way; the loop takes from the list. Each function takes and releases
 * mu (EXCLUDES(ex->mu)). executor_submit, executor_cancel and
 * executor_collect are for the loop's thread (one loop per executor);
 * in_flight is that thread's.
 * No allocation per call: the call struct is the caller's, the future is
 * the pool's recycled one.
 *
 * Errors are returned: 0, EAGAIN, EPIPE (the pool is shut down), ENOMEM,
 * EBUSY, EINVAL, and eventfd's or pthread's errors from executor_init. A
 * failing pthread call on a valid object, or a failing write to the
 * executor's own eventfd, aborts with a message. */
#ifndef BLOCKS_EXECUTOR_H
#define BLOCKS_EXECUTOR_H

#include "pool.h"
#include "thread_safety.h"

#include <stddef.h>

struct executor_call {
	pool_task_fn *fn;		/* set by the caller: the blocking call */
	void *arg;			/* set by the caller */
	int error;			/* when collected: the task's error, or ECANCELED */
	void *result;			/* when collected: the task's result */
	struct future *future;		/* private from here on */
	struct executor *executor;
	struct executor_call *next;	/* in the finished list, under mu */
};

struct executor {
	tsa_mutex mu;			/* guards finished, finished_tail */
	struct executor_call *finished;	/* oldest first */
	struct executor_call *finished_tail;
	struct pool *pool;		/* set once, then read-only */
	int efd;			/* eventfd, set once: readable after a finish */
	size_t in_flight;		/* submitted, not collected: loop thread only */
};

/* An executor on pool (which it does not own): 0, or eventfd(2)'s or
 * pthread_mutex_init's error. */
int executor_init(struct executor *ex, struct pool *pool);
/* Frees it: 0, or EBUSY (nothing freed) while calls are still in flight. */
int executor_destroy(struct executor *ex) EXCLUDES(ex->mu);

/* Starts call->fn(call->arg) on the pool: 0, EAGAIN (the pool's queue is
 * full: retry after collecting), EPIPE, ENOMEM or EINVAL (no fn). */
int executor_submit(struct executor *ex, struct executor_call *call) EXCLUDES(ex->mu);
/* Cancels a submitted call whose task has not started: 0 (it will be
 * collected with ECANCELED) or EBUSY (running or finished). */
int executor_cancel(struct executor_call *call);

/* The eventfd to poll for EPOLLIN. */
int executor_fd(const struct executor *ex);
/* The next finished call, or NULL when there is none now (then the eventfd
 * has been emptied, and turns readable at the next finish). The eventfd can
 * be readable with nothing left to collect: NULL at once, then. */
struct executor_call *executor_collect(struct executor *ex) EXCLUDES(ex->mu);
/* Calls submitted and not collected yet. */
size_t executor_in_flight(const struct executor *ex);

#endif
