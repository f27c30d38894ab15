/* SPDX-License-Identifier: 0BSD */
/* pool.c: the worker pool with futures of pool.h: one mutex, a ring of
 * queued futures, a condition variable for idle workers, one for blocked
 * submitters, and one per future for the threads waiting on it. */
#include "pool.h"

#include "thread_safety.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

enum future_state { FUTURE_QUEUED, FUTURE_RUNNING, FUTURE_DONE };

/* Every field below pool is guarded by pool->mu, except fn, arg, done and
 * ctx, which are set before the future is queued and read by the one worker
 * that runs it (the queue hands them over under the mutex). */
struct future {
	pthread_cond_t completed;	/* waiters of this future, with pool->mu */
	struct pool *pool;
	pool_task_fn *fn;
	void *arg;
	pool_done_fn *done;
	void *ctx;
	void *result;
	int error;			/* the task's, or ECANCELED */
	enum future_state state;
	unsigned holds;			/* the caller's, the queue's or worker's, a callback's */
	size_t waiters;			/* threads waiting on completed */
	struct future *next;		/* in the free list, or a local list */
	struct future *next_allocated;	/* every future this pool made */
};

struct pool {
	tsa_mutex mu;		/* guards every field below but nworkers */
	pthread_cond_t work;	/* idle workers wait here while the ring is empty */
	pthread_cond_t space;	/* submitters wait here while the ring is full */
	struct future **ring;	/* queued futures, oldest at head */
	size_t capacity, head, count;
	size_t idle_workers;	/* workers waiting on work */
	size_t blocked_submitters;	/* submitters waiting on space */
	size_t work_wakeups;	/* signals on work not taken off by a woken worker */
	size_t space_wakeups;	/* the same for space */
	struct future *free_list;
	struct future *allocated;
	bool closed;		/* no more submissions */
	bool shut_down;		/* pool_shutdown has started: it alone joins */
	unsigned nworkers;	/* set at creation, then read-only */
	pthread_t workers[];	/* written once each, by pool_create, under mu */
};

/* The public functions take the mutex themselves: callers never hold it. */
int pool_submit_notify(struct pool *p, pool_task_fn *fn, void *arg, pool_done_fn *done,
		       void *ctx, bool wait, struct future **out) EXCLUDES(p->mu);
int pool_submit(struct pool *p, pool_task_fn *fn, void *arg, struct future **out)
	EXCLUDES(p->mu);
int pool_try_submit(struct pool *p, pool_task_fn *fn, void *arg, struct future **out)
	EXCLUDES(p->mu);
int future_wait(struct future *f, void **result) EXCLUDES(f->pool->mu);
int future_wait_release(struct future *f, void **result) EXCLUDES(f->pool->mu);
int future_wait_until(struct future *f, const struct timespec *deadline)
	EXCLUDES(f->pool->mu);
int future_cancel(struct future *f) EXCLUDES(f->pool->mu);
void future_release(struct future *f) EXCLUDES(f->pool->mu);
int pool_shutdown(struct pool *p, enum pool_stop how) EXCLUDES(p->mu);
int pool_destroy(struct pool *p) EXCLUDES(p->mu);

static void must(int rc, const char *what)
{
	if (rc != 0)
		tsa_fail(what, rc);
}

/* Waits on cv once, counted in *waiters: 0 or ETIMEDOUT; recheck either
 * way. However it woke, the thread takes one signal off *in_flight (when
 * not NULL; see signal_one). */
static int wait_once(struct pool *p, pthread_cond_t *cv, size_t *waiters, size_t *in_flight,
		     const struct timespec *deadline) REQUIRES(p->mu)
{
	int rc;
	(*waiters)++;
	if (deadline)
		rc = pthread_cond_timedwait(cv, tsa_mutex_native(&p->mu), deadline);
	else
		rc = pthread_cond_wait(cv, tsa_mutex_native(&p->mu));
	(*waiters)--;
	if (in_flight && *in_flight > 0)
		(*in_flight)--;
	if (rc != 0 && rc != ETIMEDOUT)
		tsa_fail("pool: pthread_cond_wait", rc);
	return rc;
}

/* Wakes one waiter for one new task or free slot, unless every waiter
 * already has a signal on its way (*in_flight counts those, less the
 * threads that woke since): waiters - in_flight never falls below the
 * number of threads blocked without a signal, so none is missed, and a
 * thread already waking is not signalled again for nothing. */
static void signal_one(pthread_cond_t *cv, size_t waiters, size_t *in_flight)
{
	if (waiters <= *in_flight)
		return;
	must(pthread_cond_signal(cv), "pool: pthread_cond_signal");
	(*in_flight)++;
}

/* Drops one hold; the last one puts f back on the free list. */
static void unhold_locked(struct pool *p, struct future *f) REQUIRES(p->mu)
{
	if (--f->holds > 0)
		return;
	f->next = p->free_list;
	p->free_list = f;
}

/* Completes f and wakes exactly the threads waiting on it; then runs its
 * callback with the mutex released (holding f meanwhile). */
static void settle_locked(struct pool *p, struct future *f, int error, void *result)
	REQUIRES(p->mu)
{
	f->state = FUTURE_DONE;
	f->error = error;
	f->result = result;
	if (f->waiters > 0)
		must(pthread_cond_broadcast(&f->completed), "pool: pthread_cond_broadcast");
	if (!f->done)
		return;
	f->holds++;
	tsa_mutex_unlock(&p->mu);
	f->done(f, f->ctx);
	tsa_mutex_lock(&p->mu);
	unhold_locked(p, f);
}

/* The next task to run, waiting while there is none: NULL once the pool is
 * closed and its queue empty. Cancelled futures are dropped on the way. */
static struct future *next_task_locked(struct pool *p) REQUIRES(p->mu)
{
	for (;;) {
		while (p->count == 0) {
			if (p->closed)
				return NULL;
			wait_once(p, &p->work, &p->idle_workers, &p->work_wakeups, NULL);
		}
		struct future *f = p->ring[p->head];
		if (++p->head == p->capacity)
			p->head = 0;
		p->count--;
		signal_one(&p->space, p->blocked_submitters, &p->space_wakeups);
		if (f->state == FUTURE_QUEUED)
			return f;
		unhold_locked(p, f);	/* cancelled while it waited in the ring */
	}
}

/* A worker: runs tasks until the pool is closed and drained. One lock
 * acquisition per task: completing one and taking the next. */
static void *worker_main(void *arg)
{
	struct pool *p = arg;
	tsa_mutex_lock(&p->mu);
	for (struct future *f; (f = next_task_locked(p)) != NULL;) {
		f->state = FUTURE_RUNNING;
		/* the task is read while the lock that published it is held */
		pool_task_fn *fn = f->fn;
		void *fn_arg = f->arg;
		tsa_mutex_unlock(&p->mu);
		void *result = NULL;
		int error = fn(fn_arg, &result);
		tsa_mutex_lock(&p->mu);
		settle_locked(p, f, error, result);
		unhold_locked(p, f);	/* the queue's hold, carried by this worker */
	}
	tsa_mutex_unlock(&p->mu);
	return NULL;
}

/* Closes the pool and wakes everyone who waits for work or for space. */
static void close_locked(struct pool *p) REQUIRES(p->mu)
{
	p->closed = true;
	must(pthread_cond_broadcast(&p->work), "pool: pthread_cond_broadcast");
	must(pthread_cond_broadcast(&p->space), "pool: pthread_cond_broadcast");
}

static void join_workers(struct pool *p, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		must(pthread_join(p->workers[i], NULL), "pool: pthread_join");
}

static void free_pool(struct pool *p)
{
	while (p->allocated) {
		struct future *f = p->allocated;
		p->allocated = f->next_allocated;
		must(pthread_cond_destroy(&f->completed), "pool: pthread_cond_destroy");
		free(f);
	}
	must(pthread_cond_destroy(&p->work), "pool: pthread_cond_destroy");
	must(pthread_cond_destroy(&p->space), "pool: pthread_cond_destroy");
	must(pthread_mutex_destroy(&p->mu.m), "pool: pthread_mutex_destroy");
	free(p->ring);
	free(p);
}

/* The pool's memory and synchronisation objects, no threads yet. */
static int pool_alloc(struct pool **out, unsigned nworkers, size_t capacity)
{
	struct pool *p = calloc(1, sizeof *p + nworkers * sizeof p->workers[0]);
	if (!p)
		return ENOMEM;
	p->capacity = capacity;
	p->nworkers = nworkers;
	p->ring = malloc(capacity * sizeof *p->ring);
	int rc = p->ring ? 0 : ENOMEM;
	if (rc == 0)
		rc = tsa_mutex_init_adaptive(&p->mu);
	if (rc == 0 && (rc = tsa_cond_init_monotonic(&p->work)) != 0)
		(void)pthread_mutex_destroy(&p->mu.m);
	if (rc == 0 && (rc = tsa_cond_init_monotonic(&p->space)) != 0) {
		(void)pthread_cond_destroy(&p->work);
		(void)pthread_mutex_destroy(&p->mu.m);
	}
	if (rc != 0) {
		free(p->ring);
		free(p);
		return rc;
	}
	*out = p;
	return 0;
}

int pool_create(struct pool **out, unsigned nworkers, size_t queue_capacity)
{
	if (queue_capacity == 0 || queue_capacity > SIZE_MAX / sizeof(struct future *))
		return EINVAL;
	if (nworkers == 0) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		nworkers = cpus > 0 && cpus < 4096 ? (unsigned)cpus : 1;
	}
	struct pool *p;
	int rc = pool_alloc(&p, nworkers, queue_capacity);
	if (rc != 0)
		return rc;
	for (unsigned i = 0; i < nworkers; i++) {
		pthread_t t;
		rc = pthread_create(&t, NULL, worker_main, p);
		tsa_mutex_lock(&p->mu);
		if (rc == 0)
			p->workers[i] = t;	/* under mu: pool_shutdown reads it */
		else
			close_locked(p);
		tsa_mutex_unlock(&p->mu);
		if (rc != 0) {
			join_workers(p, i);
			free_pool(p);
			return rc;
		}
	}
	*out = p;
	return 0;
}

/* A new future for p's free list: 0, ENOMEM or pthread_cond_init's error. */
static int future_alloc(struct pool *p, struct future **out)
{
	struct future *f = calloc(1, sizeof *f);
	if (!f)
		return ENOMEM;
	int rc = tsa_cond_init_monotonic(&f->completed);
	if (rc != 0) {
		free(f);
		return rc;
	}
	f->pool = p;
	*out = f;
	return 0;
}

/* Waits for room and for a free future: 0, EAGAIN (!wait), EPIPE, ENOMEM.
 * Allocates, when it must, with the mutex released. */
static int reserve_locked(struct pool *p, bool wait) REQUIRES(p->mu)
{
	for (;;) {
		if (p->closed)
			return EPIPE;
		if (p->count == p->capacity) {
			if (!wait)
				return EAGAIN;
			wait_once(p, &p->space, &p->blocked_submitters, &p->space_wakeups, NULL);
			continue;
		}
		if (p->free_list)
			return 0;
		struct future *f;
		tsa_mutex_unlock(&p->mu);
		int rc = future_alloc(p, &f);
		tsa_mutex_lock(&p->mu);
		if (rc != 0)
			return rc;
		f->next_allocated = p->allocated;
		p->allocated = f;
		f->next = p->free_list;
		p->free_list = f;
	}
}

int pool_submit_notify(struct pool *p, pool_task_fn *fn, void *arg, pool_done_fn *done,
		       void *ctx, bool wait, struct future **out)
{
	if (out)
		*out = NULL;
	if (!fn)
		return EINVAL;
	tsa_mutex_lock(&p->mu);
	int rc = reserve_locked(p, wait);
	if (rc == 0) {
		struct future *f = p->free_list;
		p->free_list = f->next;
		f->fn = fn;
		f->arg = arg;
		f->done = done;
		f->ctx = ctx;
		f->result = NULL;
		f->error = 0;
		f->state = FUTURE_QUEUED;
		f->holds = out ? 2 : 1;	/* the queue's, and the caller's */
		size_t tail = p->head + p->count;
		p->ring[tail >= p->capacity ? tail - p->capacity : tail] = f;
		p->count++;
		signal_one(&p->work, p->idle_workers, &p->work_wakeups);
		if (out)
			*out = f;
	}
	tsa_mutex_unlock(&p->mu);
	return rc;
}

int pool_submit(struct pool *p, pool_task_fn *fn, void *arg, struct future **out)
{
	return pool_submit_notify(p, fn, arg, NULL, NULL, true, out);
}

int pool_try_submit(struct pool *p, pool_task_fn *fn, void *arg, struct future **out)
{
	return pool_submit_notify(p, fn, arg, NULL, NULL, false, out);
}

/* Waits until f is complete; its outcome, and optionally the caller's hold
 * dropped in the same critical section. */
static int wait_complete(struct future *f, void **result, bool release)
	EXCLUDES(f->pool->mu)
{
	struct pool *p = f->pool;
	tsa_mutex_lock(&p->mu);
	while (f->state != FUTURE_DONE)
		wait_once(p, &f->completed, &f->waiters, NULL, NULL);
	int error = f->error;
	if (result)
		*result = f->result;
	if (release)
		unhold_locked(p, f);
	tsa_mutex_unlock(&p->mu);
	return error;
}

int future_wait(struct future *f, void **result)
{
	return wait_complete(f, result, false);
}

int future_wait_release(struct future *f, void **result)
{
	return wait_complete(f, result, true);
}

int future_wait_until(struct future *f, const struct timespec *deadline)
{
	if (!deadline || deadline->tv_nsec < 0 || deadline->tv_nsec >= 1000000000L)
		return EINVAL;
	struct pool *p = f->pool;
	int rc = 0;
	tsa_mutex_lock(&p->mu);
	while (f->state != FUTURE_DONE && rc == 0) {
		rc = wait_once(p, &f->completed, &f->waiters, NULL, deadline);
		if (f->state == FUTURE_DONE)
			rc = 0;
	}
	tsa_mutex_unlock(&p->mu);
	return rc;
}

int future_cancel(struct future *f)
{
	struct pool *p = f->pool;
	tsa_mutex_lock(&p->mu);
	int rc = f->state == FUTURE_QUEUED ? 0 : EBUSY;
	if (rc == 0)	/* the ring keeps its hold: a worker drops it unrun */
		settle_locked(p, f, ECANCELED, NULL);
	tsa_mutex_unlock(&p->mu);
	return rc;
}

void future_release(struct future *f)
{
	struct pool *p = f->pool;
	tsa_mutex_lock(&p->mu);
	unhold_locked(p, f);
	tsa_mutex_unlock(&p->mu);
}

/* Cancels every queued task: empties the ring into a local list first, so
 * that callbacks (run with the mutex released) see a consistent pool. */
static void cancel_queued_locked(struct pool *p) REQUIRES(p->mu)
{
	struct future *list = NULL;
	while (p->count > 0) {
		struct future *f = p->ring[p->head];
		if (++p->head == p->capacity)
			p->head = 0;
		p->count--;
		f->next = list;
		list = f;
	}
	while (list) {
		struct future *f = list;
		list = f->next;
		if (f->state == FUTURE_QUEUED)
			settle_locked(p, f, ECANCELED, NULL);
		unhold_locked(p, f);	/* the ring's hold */
	}
}

static bool is_worker_locked(struct pool *p) REQUIRES(p->mu)
{
	for (unsigned i = 0; i < p->nworkers; i++)
		if (pthread_equal(p->workers[i], pthread_self()))
			return true;
	return false;
}

int pool_shutdown(struct pool *p, enum pool_stop how)
{
	tsa_mutex_lock(&p->mu);
	int rc = p->shut_down ? EPIPE : is_worker_locked(p) ? EDEADLK : 0;
	if (rc != 0) {
		tsa_mutex_unlock(&p->mu);
		return rc;
	}
	p->shut_down = true;
	close_locked(p);
	if (how == POOL_CANCEL_PENDING)
		cancel_queued_locked(p);
	tsa_mutex_unlock(&p->mu);
	join_workers(p, p->nworkers);
	return 0;
}

int pool_destroy(struct pool *p)
{
	if (!p)
		return 0;
	int rc = pool_shutdown(p, POOL_DRAIN);
	if (rc == EDEADLK)
		return rc;	/* a worker cannot free the pool it runs in */
	free_pool(p);	/* rc 0, or EPIPE: it was shut down before */
	return 0;
}

unsigned pool_workers(const struct pool *p)
{
	return p->nworkers;
}
