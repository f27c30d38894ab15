/* SPDX-License-Identifier: 0BSD */
/*
 * stress-pool: many tasks through a worker pool, every future checked
 *
 * rule: Worker Pool with futures: submit returns the result, or raises the task's exception (seed)
 * fault: calloc 1
 * fault: malloc 1
 * fault: pthread_create 2
 * fault: pthread_create 4
 * fault: calloc 6
 * fault: pthread_create 7
 * timeout: 20
 * sources: ../../blocks/pool.c
 * cflags: -I../../checks/lint
 *
 * SUBMITTERS threads submit TASKS tasks in all to a pool of WORKERS
 * threads and a queue of CAPACITY slots (blocks/pool.h). A task squares
 * its number after a little work, or fails with EDOM when the number is 3
 * modulo 7, so every outcome is known in advance. Each submitter picks at
 * random (seeded: each run is reproducible) how to submit (submit,
 * try_submit falling back to submit, submit_notify with a completion
 * callback, fire-and-forget with a callback), sometimes cancels at once,
 * and how to wait (future_wait then release, future_wait_release, a
 * deadline 10 s away first). It keeps up to 16 futures in flight. Checks:
 * every future's outcome is its task's (ECANCELED only when the cancel
 * succeeded), every callback ran once with the same outcome, and a second
 * pool shut down with POOL_CANCEL_PENDING in the middle of a burst
 * completes every future, run or cancelled. Any failure is reported and
 * the run ends with status 1 after every thread was joined and every pool
 * destroyed: under the faults tool, the pool (calloc 1), its queue (malloc
 * 1), a worker (pthread_create 2), a submitter (pthread_create 4), the
 * second pool's first worker (pthread_create 7) fail, and so does the 6th
 * calloc: a future's allocation, or the thread-local block of the second
 * submitter (pthread_create allocates one), whichever comes first.
 *
 * usage: stress-pool [TASKS [WORKERS [CAPACITY [SUBMITTERS [SEED]]]]]
 *        defaults: 3000 tasks, 3 workers, 8 slots, 2 submitters, seed 1
 */
#include "../../blocks/pool.h"
#include "thread_safety.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROG "stress-pool"
#define MAX_SUBMITTERS 16
#define WINDOW 16

/* Outcomes seen by completion callbacks, from any thread. */
static struct {
	tsa_mutex mu;		/* guards the fields below */
	long calls;
	long wrong;		/* a callback saw an outcome its task cannot give */
} tally = { TSA_MUTEX_INITIALIZER, 0, 0 };

struct pending {
	struct future *f;
	uintptr_t n;
	bool cancelled;		/* our future_cancel succeeded */
};

struct submitter {
	struct pool *pool;
	long tasks;
	uintptr_t first;	/* this submitter's numbers: first, first + 1, ... */
	uint64_t seed;
	long notified;		/* submissions with a callback */
	long checked, wrong;
	int error;		/* a submission's error that stopped it */
	struct pending window[WINDOW];
	int head, count;
};

static uint64_t next_random(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static int expected_error(uintptr_t n)
{
	return n % 7 == 3 ? EDOM : 0;
}

static int square_task(void *arg, void **result)
{
	uintptr_t n = (uintptr_t)arg;
	if (expected_error(n) != 0)
		return EDOM;
	/* n * n, partly by repeated addition: work of a size that varies */
	uintptr_t square = n * (n - n % 64);
	for (uintptr_t i = 0; i < n % 64; i++)
		square += n;
	*result = (void *)square;
	return 0;
}

/* The outcome task n must have when it ran. */
static bool outcome_ok(uintptr_t n, int error, void *result)
{
	return error == expected_error(n) && (error != 0 || (uintptr_t)result == n * n);
}

static void on_done(struct future *f, void *ctx)
{
	uintptr_t n = (uintptr_t)ctx;
	void *result = NULL;
	int error = future_wait(f, &result);	/* complete: returns at once */
	/* ECANCELED: a submitter cancelled it (its future is checked strictly) */
	bool ok = error == ECANCELED || outcome_ok(n, error, result);
	tsa_mutex_lock(&tally.mu);
	tally.calls++;
	tally.wrong += !ok;
	tsa_mutex_unlock(&tally.mu);
}

/* Waits for the oldest future in the window and checks it. */
static void settle_oldest(struct submitter *s)
{
	struct pending *p = &s->window[s->head];
	s->head = (s->head + 1) % WINDOW;
	s->count--;
	void *result = NULL;
	int error;
	struct timespec deadline;
	switch (next_random(&s->seed) % 3) {
	case 0:
		error = future_wait(p->f, &result);
		future_release(p->f);
		break;
	case 1:
		error = future_wait_release(p->f, &result);
		break;
	default:
		/* a clock that cannot be read: a deadline in the past, reported */
		if (clock_gettime(CLOCK_MONOTONIC, &deadline) != 0)
			deadline = (struct timespec){ 0, 0 };
		deadline.tv_sec += 10;
		error = future_wait_until(p->f, &deadline);
		if (error == 0)
			error = future_wait_release(p->f, &result);
		else
			future_release(p->f);	/* a lost wakeup: counted wrong below */
		break;
	}
	bool ok = p->cancelled ? error == ECANCELED : outcome_ok(p->n, error, result);
	s->checked++;
	s->wrong += !ok;
}

/* Submits task n in a randomly chosen way: 0 or the pool's error. */
static int submit_one(struct submitter *s, uintptr_t n)
{
	struct future *f = NULL;
	void *arg = (void *)n;
	int rc;
	switch (next_random(&s->seed) % 4) {
	case 0:
		rc = pool_submit(s->pool, square_task, arg, &f);
		break;
	case 1:
		rc = pool_try_submit(s->pool, square_task, arg, &f);
		if (rc == EAGAIN)
			rc = pool_submit(s->pool, square_task, arg, &f);
		break;
	case 2:
		rc = pool_submit_notify(s->pool, square_task, arg, on_done, arg, true, &f);
		s->notified += rc == 0;
		break;
	default:	/* fire and forget: only the callback sees it */
		rc = pool_submit_notify(s->pool, square_task, arg, on_done, arg, true, NULL);
		s->notified += rc == 0;
		return rc;
	}
	if (rc != 0)
		return rc;
	struct pending *p = &s->window[(s->head + s->count) % WINDOW];
	*p = (struct pending){ f, n, false };
	s->count++;
	if (next_random(&s->seed) % 8 == 0)
		p->cancelled = future_cancel(f) == 0;
	return 0;
}

static void *submit_all(void *arg)
{
	struct submitter *s = arg;
	for (long i = 0; i < s->tasks; i++) {
		if (s->count == WINDOW)
			settle_oldest(s);
		s->error = submit_one(s, s->first + (uintptr_t)i);
		if (s->error != 0)
			break;
	}
	while (s->count > 0)
		settle_oldest(s);
	return NULL;
}

static void report(const char *what, int rc)
{
	char buf[128];
	fprintf(stderr, "%s: %s: %s\n", PROG, what, strerror_r(rc, buf, sizeof buf));
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

static struct submitter submitters[MAX_SUBMITTERS];

/* Phase 1: the submitters against one pool. 0, or 1 after a reported failure. */
static int run_submitters(unsigned workers, size_t capacity, int ns, long tasks, uint64_t seed)
{
	struct pool *pool;
	int rc = pool_create(&pool, workers, capacity);
	if (rc != 0) {
		report("pool_create", rc);
		return 1;
	}
	pthread_t threads[MAX_SUBMITTERS];
	int started = 0, status = 0;
	for (int i = 0; i < ns; i++) {
		long share = tasks / ns + (i < tasks % ns);
		submitters[i] = (struct submitter){ .pool = pool, .tasks = share,
			.first = (uintptr_t)i * (uintptr_t)tasks, .seed = seed * 7919 + (uint64_t)i };
		if ((rc = pthread_create(&threads[i], NULL, submit_all, &submitters[i])) != 0) {
			report("pthread_create", rc);
			status = 1;
			break;
		}
		started++;
	}
	for (int i = 0; i < started; i++)
		if ((rc = pthread_join(threads[i], NULL)) != 0) {
			report("pthread_join", rc);
			return 1;	/* it may still use the pool: keep it */
		}
	if ((rc = pool_shutdown(pool, POOL_DRAIN)) != 0 || (rc = pool_destroy(pool)) != 0) {
		report("pool_shutdown", rc);
		return 1;
	}
	long checked = 0, wrong = 0, notified = 0;
	for (int i = 0; i < started; i++) {
		if (submitters[i].error != 0) {
			report("pool_submit", submitters[i].error);
			status = 1;
		}
		checked += submitters[i].checked;
		wrong += submitters[i].wrong;
		notified += submitters[i].notified;
	}
	if (wrong != 0 || tally.wrong != 0 || tally.calls != notified) {
		fprintf(stderr, "%s:%d: self-check: %ld of %ld futures wrong; %ld callbacks for "
			"%ld notifying submissions, %ld wrong\n", __FILE__, __LINE__, wrong,
			checked, tally.calls, notified, tally.wrong);
		return 1;
	}
	if (status == 0)
		printf("%s: %ld tasks: %ld futures and %ld callbacks checked\n", PROG, tasks,
		       checked, tally.calls);
	return status;
}

/* Phase 2: a burst, then shutdown with POOL_CANCEL_PENDING. */
static int cancel_a_burst(unsigned workers, size_t capacity)
{
	enum { BURST = 64 };
	struct pool *pool;
	struct future *f[BURST];
	int rc = pool_create(&pool, workers, capacity < BURST ? BURST : capacity);
	if (rc != 0) {
		report("pool_create", rc);
		return 1;
	}
	int submitted = 0;
	for (; submitted < BURST && rc == 0; submitted++)
		if ((rc = pool_submit(pool, square_task, (void *)(uintptr_t)submitted,
				      &f[submitted])) != 0)
			report("pool_submit", rc);
	submitted -= rc != 0;
	int shut = pool_shutdown(pool, POOL_CANCEL_PENDING);
	int ran = 0, cancelled = 0, wrong = 0;
	for (int i = 0; i < submitted; i++) {
		void *result = NULL;
		int error = future_wait_release(f[i], &result);
		cancelled += error == ECANCELED;
		ran += error != ECANCELED;
		wrong += error != ECANCELED && !outcome_ok((uintptr_t)i, error, result);
	}
	if (pool_destroy(pool) != 0 || shut != 0) {
		report("pool_shutdown", shut);
		return 1;
	}
	if (wrong != 0) {
		fprintf(stderr, "%s:%d: self-check: %d of %d outcomes wrong after a cancelling "
			"shutdown\n", __FILE__, __LINE__, wrong, submitted);
		return 1;
	}
	printf("%s: cancelling shutdown: %d ran, %d cancelled\n", PROG, ran, cancelled);
	return rc != 0;
}

int main(int argc, char **argv)
{
	long tasks, workers, capacity, ns, seed;
	if (!arg_or(argc, argv, 1, 3000, 1, 1L << 24, &tasks) ||
	    !arg_or(argc, argv, 2, 3, 1, 256, &workers) ||
	    !arg_or(argc, argv, 3, 8, 1, 1L << 20, &capacity) ||
	    !arg_or(argc, argv, 4, 2, 1, MAX_SUBMITTERS, &ns) ||
	    !arg_or(argc, argv, 5, 1, 1, 1L << 30, &seed)) {
		fprintf(stderr, "usage: %s [TASKS [WORKERS [CAPACITY [SUBMITTERS [SEED]]]]]\n",
			PROG);
		return 2;
	}
	if (run_submitters((unsigned)workers, (size_t)capacity, (int)ns, tasks,
			   (uint64_t)seed) != 0)
		return 1;
	return cancel_a_burst((unsigned)workers, (size_t)capacity);
}
