/* SPDX-License-Identifier: 0BSD */
/*
 * stress-io: threads and an epoll loop share one limiter; the loop runs its calls on a pool
 *
 * rule: Limit concurrency with semaphores (seed: fetch_with_limit)
 * fault: calloc 1
 * fault: pthread_create 1
 * fault: pthread_create 4
 * timeout: 20
 * sources: ../../blocks/limiter.c ../../blocks/executor.c ../../blocks/pool.c
 * cflags: -I../../checks/lint
 *
 * REQUESTS requests in all, each holding one of LIMIT permits of a limiter
 * (blocks/limiter.h) while it is in flight. THREADS client threads make
 * their share directly, acquiring at random in the blocking, try or timed
 * form (seeded: each run is reproducible). Main is an event loop that makes
 * the rest, as the seed's fetch_with_limit and run_in_executor do: it takes
 * a permit with limiter_loop_acquire (waiting in epoll on the limiter's
 * eventfd when none is free), runs the blocking request on a pool of WORKERS
 * threads through an executor (blocks/executor.h), and when the executor's
 * eventfd says a call finished, collects it and gives the permit back.
 * Checks: no more than LIMIT requests were ever in flight, every request ran
 * once with the right result, every permit came back. Any failure is
 * reported and the run ends with status 1 after every thread was joined and
 * everything freed: under the faults tool, the pool (calloc 1), a pool worker
 * (pthread_create 1) and a client thread (pthread_create 4) fail.
 *
 * usage: stress-io [REQUESTS [LIMIT [THREADS [WORKERS [SEED]]]]]
 *        defaults: 600 requests, limit 4, 3 threads, 2 workers, seed 1
 */
#include "../../blocks/executor.h"
#include "../../blocks/limiter.h"
#include "thread_safety.h"

#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#define PROG "stress-io"
#define MAX_THREADS 16
#define MAX_REQUESTS 100000

/* How many requests are in flight, and the most there ever were. */
static struct {
	tsa_mutex mu;		/* guards the fields below */
	int now, most;
	long done;
} gauge = { TSA_MUTEX_INITIALIZER, 0, 0, 0 };

static void gauge_add(int delta)
{
	tsa_mutex_lock(&gauge.mu);
	gauge.now += delta;
	if (gauge.now > gauge.most)
		gauge.most = gauge.now;
	gauge.done += delta < 0;
	tsa_mutex_unlock(&gauge.mu);
}

/* One request, made while holding a permit: in flight for a few yields. */
static int request(void *arg, void **result)
{
	uintptr_t n = (uintptr_t)arg;
	gauge_add(1);
	for (uintptr_t i = 0; i < 1 + n % 4; i++)
		sched_yield();	/* let others overlap it */
	gauge_add(-1);
	*result = (void *)(n * 3);
	return 0;
}

struct client {
	struct limiter *limiter;
	long requests;
	uintptr_t first;
	uint64_t seed;
	long wrong;
	int error;
};

static uint64_t next_random(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static int acquire_somehow(struct client *c)
{
	struct timespec deadline;
	switch (next_random(&c->seed) % 3) {
	case 0:
		limiter_acquire(c->limiter);
		return 0;
	case 1:
		if (limiter_try_acquire(c->limiter) == 0)
			return 0;
		limiter_acquire(c->limiter);
		return 0;
	default:
		/* a clock that cannot be read: a deadline in the past, reported */
		if (clock_gettime(CLOCK_MONOTONIC, &deadline) != 0)
			deadline = (struct timespec){ 0, 0 };
		deadline.tv_sec += 10;	/* reached only if a wakeup were lost */
		return limiter_acquire_until(c->limiter, &deadline);
	}
}

static void *client_main(void *arg)
{
	struct client *c = arg;
	for (long i = 0; i < c->requests && c->error == 0; i++) {
		uintptr_t n = c->first + (uintptr_t)i;
		void *result;
		if ((c->error = acquire_somehow(c)) != 0)
			break;
		request((void *)n, &result);
		c->wrong += (uintptr_t)result != n * 3;
		c->error = limiter_release(c->limiter);
	}
	return NULL;
}

struct loop {
	struct limiter *limiter;
	struct executor *ex;
	struct executor_call *calls;
	long requests, started, finished, wrong;
	bool holding;		/* a permit taken, its call not submitted yet */
};

/* Starts what the permits and the pool's queue allow: 0, or an error. */
static int start_calls(struct loop *l, bool *progressed)
{
	while (l->started < l->requests) {
		if (!l->holding && limiter_loop_acquire(l->limiter) != 0)
			return 0;	/* armed: the limiter's eventfd wakes us */
		l->holding = true;
		int rc = executor_submit(l->ex, &l->calls[l->started]);
		if (rc == EAGAIN)
			return 0;	/* queue full: a finish wakes us */
		if (rc != 0)
			return rc;
		l->holding = false;
		l->started++;
		*progressed = true;
	}
	return 0;
}

static int collect_calls(struct loop *l, bool *progressed)
{
	for (struct executor_call *c; (c = executor_collect(l->ex)) != NULL;) {
		l->wrong += c->error != 0 || (uintptr_t)c->result != (uintptr_t)c->arg * 3;
		l->finished++;
		*progressed = true;
		int rc = limiter_release(l->limiter);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* The event loop: waits in epoll only when nothing can move. 0 or an error. */
static int run_loop(struct loop *l)
{
	int ep = epoll_create1(EPOLL_CLOEXEC);
	if (ep < 0)
		return errno;
	struct epoll_event in = { .events = EPOLLIN };
	int rc = 0;
	in.data.fd = limiter_fd(l->limiter);
	if (epoll_ctl(ep, EPOLL_CTL_ADD, in.data.fd, &in) != 0)
		rc = errno;
	in.data.fd = executor_fd(l->ex);
	if (rc == 0 && epoll_ctl(ep, EPOLL_CTL_ADD, in.data.fd, &in) != 0)
		rc = errno;
	while (rc == 0 && l->finished < l->requests) {
		bool progressed = false;
		rc = collect_calls(l, &progressed);
		if (rc == 0)
			rc = start_calls(l, &progressed);
		struct epoll_event ev[2];
		if (rc == 0 && !progressed && epoll_wait(ep, ev, 2, -1) < 0 && errno != EINTR)
			rc = errno;
	}
	/* on an error, let what was submitted finish, so nothing is left behind */
	while (executor_in_flight(l->ex) > 0) {
		bool progressed = false;
		(void)collect_calls(l, &progressed);
		struct epoll_event ev[2];
		if (!progressed)
			(void)epoll_wait(ep, ev, 2, -1);
	}
	if (l->holding)
		(void)limiter_release(l->limiter);
	close(ep);
	return rc;
}

/* argv[i] as a number in [lo, hi], or fallback when absent: false when bad. */
static bool arg_or(int argc, char **argv, int i, long fallback, long lo, long hi, long *out)
{
	*out = fallback;
	if (argc <= i)
		return true;
	char *end;
	*out = strtol(argv[i], &end, 10);
	return *end == '\0' && *out >= lo && *out <= hi;
}

static void report(const char *what, int rc)
{
	char buf[128];
	fprintf(stderr, "%s: %s: %s\n", PROG, what, strerror_r(rc, buf, sizeof buf));
}

static struct client clients[MAX_THREADS];
static struct executor_call calls[MAX_REQUESTS];

/* Starts the clients, runs the loop, joins them: 0, or 1 after a report. */
static int run(struct limiter *limiter, struct executor *ex, long requests, int nt,
	       uint64_t seed)
{
	pthread_t threads[MAX_THREADS];
	int started = 0, status = 0, rc = 0;
	long share = requests / (nt + 1);
	for (int i = 0; i < nt; i++) {
		clients[i] = (struct client){ .limiter = limiter, .requests = share,
			.first = (uintptr_t)(i + 1) * (uintptr_t)share, .seed = seed * 31 + (uint64_t)i };
		if ((rc = pthread_create(&threads[i], NULL, client_main, &clients[i])) != 0) {
			report("pthread_create", rc);
			status = 1;
			break;
		}
		started++;
	}
	struct loop l = { .limiter = limiter, .ex = ex, .calls = calls,
			  .requests = status == 0 ? requests - share * nt : 0 };
	for (long i = 0; i < l.requests; i++)
		calls[i] = (struct executor_call){ .fn = request, .arg = (void *)(uintptr_t)i };
	if ((rc = run_loop(&l)) != 0) {
		report("event loop", rc);
		status = 1;
	}
	long wrong = l.wrong;
	for (int i = 0; i < started; i++) {
		if ((rc = pthread_join(threads[i], NULL)) != 0) {
			report("pthread_join", rc);
			exit(1);	/* a client may still use the limiter */
		}
		if (clients[i].error != 0) {
			report("limiter", clients[i].error);
			status = 1;
		}
		wrong += clients[i].wrong;
	}
	if (status == 0 && (wrong != 0 || gauge.done != requests || gauge.most > (int)limiter->limit ||
			    limiter_in_use(limiter) != 0)) {
		fprintf(stderr, "%s:%d: self-check: %ld of %ld requests done, %ld wrong, at most "
			"%d in flight (limit %u), %u permits not given back\n", __FILE__, __LINE__,
			gauge.done, requests, wrong, gauge.most, limiter->limit,
			limiter_in_use(limiter));
		status = 1;
	}
	if (status == 0)
		printf("%s: %ld requests (%ld from the event loop), at most %d in flight of %u\n",
		       PROG, requests, l.requests, gauge.most, limiter->limit);
	return status;
}

int main(int argc, char **argv)
{
	long requests, limit, nt, workers, seed;
	if (!arg_or(argc, argv, 1, 600, 1, MAX_REQUESTS, &requests) ||
	    !arg_or(argc, argv, 2, 4, 1, 1000, &limit) ||
	    !arg_or(argc, argv, 3, 3, 0, MAX_THREADS, &nt) ||
	    !arg_or(argc, argv, 4, 2, 1, 64, &workers) ||
	    !arg_or(argc, argv, 5, 1, 1, 1L << 30, &seed)) {
		fprintf(stderr, "usage: %s [REQUESTS [LIMIT [THREADS [WORKERS [SEED]]]]]\n", PROG);
		return 2;
	}
	struct limiter limiter;
	struct pool *pool;
	struct executor ex;
	int rc = limiter_init(&limiter, (unsigned)limit);
	if (rc != 0) {
		report("limiter_init", rc);
		return 1;
	}
	if ((rc = pool_create(&pool, (unsigned)workers, 2 * (size_t)limit)) != 0) {
		report("pool_create", rc);
		limiter_destroy(&limiter);
		return 1;
	}
	if ((rc = executor_init(&ex, pool)) != 0) {
		report("executor_init", rc);
		(void)pool_destroy(pool);
		limiter_destroy(&limiter);
		return 1;
	}
	int status = run(&limiter, &ex, requests, (int)nt, (uint64_t)seed);
	if ((rc = executor_destroy(&ex)) != 0 || (rc = pool_destroy(pool)) != 0) {
		report("executor_destroy", rc);
		status = 1;
	}
	limiter_destroy(&limiter);
	return status;
}
