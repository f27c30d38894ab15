/* pool.c: a fixed pool of worker threads over a bounded job queue. */
#include "pool.h"

#include "thread_safety.h"
#include "util.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

/* One queued call. */
struct pool_task {
	pool_job_fn *fn;	/* NULL is the sentinel: the worker exits */
	void *arg;
};

struct pool {
	/* mu guards ring, head and count. Submitters wait on not_full while
	 * count == capacity; workers wait on not_empty while count == 0. Each
	 * waits in a loop, so a spurious or stolen wakeup is harmless. (clang 14
	 * cannot name a sibling field in GUARDED_BY in C: put() and take(),
	 * the only users, hold it from start to end.) */
	tsa_mutex mu;
	pthread_cond_t not_full;
	pthread_cond_t not_empty;
	struct pool_task *ring;
	int capacity, head, count;
	pthread_t *threads;	/* written only by pool_start and pool_finish */
	int nthreads;
};

/* A pthread call on the pool's own, valid objects cannot fail: if it does,
 * dodont is broken. */
static void check(int rc, const char *what)
{
	if (rc != 0) {
		char eb[128];
		internal_error("%s: %s", what, errstr(rc, eb, sizeof eb));
	}
}

static void put(struct pool *p, struct pool_task task)
{
	tsa_mutex_lock(&p->mu);
	while (p->count == p->capacity)
		check(pthread_cond_wait(&p->not_full, tsa_mutex_native(&p->mu)),
		      "pthread_cond_wait");
	p->ring[(p->head + p->count++) % p->capacity] = task;
	check(pthread_cond_signal(&p->not_empty), "pthread_cond_signal");
	tsa_mutex_unlock(&p->mu);
}

static struct pool_task take(struct pool *p)
{
	tsa_mutex_lock(&p->mu);
	while (p->count == 0)
		check(pthread_cond_wait(&p->not_empty, tsa_mutex_native(&p->mu)),
		      "pthread_cond_wait");
	struct pool_task task = p->ring[p->head];
	p->head = (p->head + 1) % p->capacity;
	p->count--;
	check(pthread_cond_signal(&p->not_full), "pthread_cond_signal");
	tsa_mutex_unlock(&p->mu);
	return task;
}

static void *worker(void *arg)
{
	struct pool *p = arg;
	for (struct pool_task task; (task = take(p)).fn;)
		task.fn(task.arg);
	return NULL;
}

struct pool *pool_start(int workers, int capacity)
{
	struct pool *p = xcalloc(1, sizeof *p);
	p->capacity = capacity;
	p->ring = xcalloc((size_t)capacity, sizeof *p->ring);
	p->threads = xcalloc((size_t)workers, sizeof *p->threads);
	check(pthread_mutex_init(&p->mu.m, NULL), "pthread_mutex_init");
	check(pthread_cond_init(&p->not_full, NULL), "pthread_cond_init");
	check(pthread_cond_init(&p->not_empty, NULL), "pthread_cond_init");
	for (; p->nthreads < workers; p->nthreads++) {
		int rc = pthread_create(&p->threads[p->nthreads], NULL, worker, p);
		if (rc != 0) {
			pool_finish(p);	/* stops the ones already started */
			errno = rc;
			return NULL;
		}
	}
	return p;
}

void pool_submit(struct pool *p, pool_job_fn *fn, void *arg)
{
	put(p, (struct pool_task){ fn, arg });
}

void pool_finish(struct pool *p)
{
	for (int i = 0; i < p->nthreads; i++)
		put(p, (struct pool_task){ NULL, NULL });	/* one sentinel each */
	for (int i = 0; i < p->nthreads; i++)
		check(pthread_join(p->threads[i], NULL), "pthread_join");
	check(pthread_cond_destroy(&p->not_empty), "pthread_cond_destroy");
	check(pthread_cond_destroy(&p->not_full), "pthread_cond_destroy");
	check(pthread_mutex_destroy(&p->mu.m), "pthread_mutex_destroy");
	free(p->threads);
	free(p->ring);
	free(p);
}
