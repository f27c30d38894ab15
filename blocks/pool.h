/* SPDX-License-Identifier: 0BSD */
/* pool.h: a fixed set of worker threads that run submitted tasks from a
 * bounded queue; each submission returns a future to wait on (with or without
 * a deadline), to cancel while its task has not started, and to read the
 * task's result or error from.
 *
 * Locking contract: one mutex per pool guards its queue, its idle and
 * waiting counts, its list of free futures and the state of every future.
 * Every function takes it and releases it before returning; tasks and
 * completion callbacks run with no pool lock held, so a task may submit to,
 * wait on or cancel in its own pool (a task that waits for another task
 * needs a free worker to run that one). Wakeups: a queued task signals one
 * idle worker (when one waits that no signal is already on its way to), a
 * freed queue slot one blocked submitter (likewise), a completed future only
 * the threads waiting on that future; shutdown alone broadcasts.
 *
 * Errors are returned, never fatal: EINVAL, ENOMEM, EAGAIN (try: the queue
 * is full; or pthread_create's own error), EPIPE (the pool is shut down),
 * ETIMEDOUT, EBUSY (too late to cancel), EDEADLK (a worker tried to shut down
 * its own pool). The process aborts, with a message, only when a pthread
 * call on a valid object fails: a broken invariant, not a usage error.
 *
 * Futures belong to the pool and are recycled through a free list, so a
 * submission allocates nothing once the pool has warmed up. A future is
 * valid from its submission until the caller's future_release() and the
 * task's end, whichever is last; release it exactly once (after waiting, or
 * at once for fire-and-forget); pool_destroy frees every future.
 *
 * Build: cc -std=c17 -pthread -I<dir of thread_safety.h> pool.c; under clang
 * add -Wthread-safety -Wthread-safety-beta to check the locking. */
#ifndef BLOCKS_POOL_H
#define BLOCKS_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct pool;
struct future;

/* A task: returns 0 and may set *result (NULL beforehand), or returns an
 * error code (a positive errno value by convention; not ECANCELED, which
 * future_wait uses for a task that never ran). */
typedef int pool_task_fn(void *arg, void **result);

/* Called exactly once when f completes (the task returned, or f was
 * cancelled), after waiters can see its outcome, on the thread that
 * completed it (a worker, or the caller of future_cancel/pool_shutdown),
 * with no lock held. f stays valid during the call. Keep it short. */
typedef void pool_done_fn(struct future *f, void *ctx);

enum pool_stop {
	POOL_DRAIN,		/* run every queued task, then stop */
	POOL_CANCEL_PENDING,	/* cancel queued tasks; running ones finish */
};

/* Starts nworkers threads (0: one per online CPU) and a queue of
 * queue_capacity tasks: 0 with *out set, EINVAL (capacity 0), ENOMEM, or
 * pthread_create's error, after every thread already started was joined. */
int pool_create(struct pool **out, unsigned nworkers, size_t queue_capacity);

/* Queues fn(arg), waiting while the queue is full: 0 with *out set to its
 * future (out may be NULL: nothing to wait for), EPIPE or ENOMEM. */
int pool_submit(struct pool *p, pool_task_fn *fn, void *arg, struct future **out);
/* The same without waiting: EAGAIN when the queue is full. */
int pool_try_submit(struct pool *p, pool_task_fn *fn, void *arg, struct future **out);
/* The same, with done(f, ctx) called when the future completes; wait says
 * whether to wait for a free slot (or return EAGAIN). */
int pool_submit_notify(struct pool *p, pool_task_fn *fn, void *arg, pool_done_fn *done,
		       void *ctx, bool wait, struct future **out);

/* Waits until f completes; returns the task's error (0 on success, with
 * *result set when result is not NULL) or ECANCELED if it never ran. */
int future_wait(struct future *f, void **result);
/* future_wait, then future_release, in one critical section: the common
 * case of a caller that needs nothing more from f. */
int future_wait_release(struct future *f, void **result);
/* Waits until f completes or the absolute CLOCK_MONOTONIC deadline passes:
 * 0 (complete: future_wait now returns at once), ETIMEDOUT or EINVAL. */
int future_wait_until(struct future *f, const struct timespec *deadline);
/* Cancels f if its task has not started: 0 (it never runs; waiters get
 * ECANCELED), or EBUSY (running or complete). */
int future_cancel(struct future *f);
/* Gives up the caller's hold on f; the pool recycles it when its task is
 * over too. f must not be used afterwards. */
void future_release(struct future *f);

/* Stops taking tasks (submissions fail with EPIPE, blocked submitters wake
 * with EPIPE), then either runs or cancels what is queued, and joins every
 * worker: 0, EPIPE (already shut down) or EDEADLK (called from a worker).
 * Call it from one thread. */
int pool_shutdown(struct pool *p, enum pool_stop how);
/* Shuts down (draining) if that was not done, then frees the pool and
 * every future: 0, or EDEADLK (called from a worker: nothing is freed).
 * NULL is accepted. */
int pool_destroy(struct pool *p);

/* The number of worker threads. */
unsigned pool_workers(const struct pool *p);

#endif
