/* Unit tests: blocks/pool.c, every function and error path. It is included
 * whole, with pthread_create, pthread_join and the allocator wrapped, so
 * that the tests can fail the Nth call and see whom a completion wakes.
 * Workers are held inside a task by a gate the test opens; events are
 * ordered by handshakes, never by sleeping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

static atomic_int create_calls, create_fail_at, joins;
static atomic_int alloc_calls, alloc_fail_at, live_allocations;
/* The condition variables broadcast since the log was last cleared. */
static pthread_cond_t *_Atomic broadcast_log[16];
static atomic_int broadcasts;

static int wrapped_create(pthread_t *t, const pthread_attr_t *attr, void *(*fn)(void *),
			  void *arg)
{
	if (atomic_fetch_add(&create_calls, 1) + 1 == atomic_load(&create_fail_at))
		return EAGAIN;
	return pthread_create(t, attr, fn, arg);
}

static int wrapped_join(pthread_t t, void **ret)
{
	atomic_fetch_add(&joins, 1);
	return pthread_join(t, ret);
}

static bool alloc_fails(void)
{
	return atomic_fetch_add(&alloc_calls, 1) + 1 == atomic_load(&alloc_fail_at);
}

static void *wrapped_malloc(size_t n)
{
	void *p = alloc_fails() ? NULL : malloc(n);
	if (p)
		atomic_fetch_add(&live_allocations, 1);
	return p;
}

static void *wrapped_calloc(size_t n, size_t size)
{
	void *p = alloc_fails() ? NULL : calloc(n, size);
	if (p)
		atomic_fetch_add(&live_allocations, 1);
	return p;
}

static void wrapped_free(void *p)
{
	if (p)
		atomic_fetch_sub(&live_allocations, 1);
	free(p);
}

static int wrapped_broadcast(pthread_cond_t *cv)
{
	int n = atomic_fetch_add(&broadcasts, 1);
	if (n < 16)
		atomic_store(&broadcast_log[n], cv);
	return pthread_cond_broadcast(cv);
}

#define pthread_create wrapped_create
#define pthread_join wrapped_join
#define malloc wrapped_malloc
#define calloc wrapped_calloc
#define free wrapped_free
#define pthread_cond_broadcast wrapped_broadcast
#include "../../blocks/pool.c"
#undef pthread_create
#undef pthread_join
#undef malloc
#undef calloc
#undef free
#undef pthread_cond_broadcast

#include "gate.h"

#define ITEM(n) ((void *)(uintptr_t)(n))

static int setup(void **state)
{
	(void)state;
	reset_gate();
	atomic_store(&create_fail_at, 0);
	atomic_store(&alloc_fail_at, 0);
	atomic_store(&alloc_calls, 0);
	atomic_store(&create_calls, 0);
	atomic_store(&joins, 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	assert_int_equal(atomic_load(&live_allocations), 0);	/* nothing leaked */
	return 0;
}

static int echo_task(void *arg, void **result)
{
	*result = arg;
	return 0;
}

static int failing_task(void *arg, void **result)
{
	(void)result;
	return (int)(uintptr_t)arg;
}

static atomic_int counter;

static int count_task(void *arg, void **result)
{
	(void)arg;
	(void)result;
	atomic_fetch_add(&counter, 1);
	return 0;
}

/* White-box reads, under the pool's lock: the handshakes. */
static size_t read_locked(struct pool *p, const size_t *field)
{
	tsa_mutex_lock(&p->mu);
	size_t v = *field;
	tsa_mutex_unlock(&p->mu);
	return v;
}

static void await_field(struct pool *p, const size_t *field, size_t n)
{
	while (read_locked(p, field) < n)
		sched_yield();
}

static bool is_closed(struct pool *p)
{
	tsa_mutex_lock(&p->mu);
	bool closed = p->closed;
	tsa_mutex_unlock(&p->mu);
	return closed;
}

/* A pool of one worker, held in a gated task, with `queued` tasks behind. */
static struct pool *busy_pool(size_t capacity, struct future **running)
{
	struct pool *p;
	assert_int_equal(pool_create(&p, 1, capacity), 0);
	assert_int_equal(pool_submit(p, gated_task, ITEM(42), running), 0);
	await_entered(1);
	return p;
}

static void create_rejects_bad_capacity(void **state)
{
	(void)state;
	struct pool *p;
	assert_int_equal(pool_create(&p, 1, 0), EINVAL);
	assert_int_equal(pool_create(&p, 1, SIZE_MAX), EINVAL);
}

static void zero_workers_means_online_cpus(void **state)
{
	(void)state;
	struct pool *p;
	assert_int_equal(pool_create(&p, 0, 4), 0);
	assert_int_equal(pool_workers(p), (unsigned)sysconf(_SC_NPROCESSORS_ONLN));
	assert_int_equal(pool_destroy(p), 0);
}

static void failed_thread_is_reported_and_the_rest_joined(void **state)
{
	(void)state;
	struct pool *p = NULL;
	atomic_store(&create_fail_at, 3);
	assert_int_equal(pool_create(&p, 4, 8), EAGAIN);
	assert_null(p);
	assert_int_equal(atomic_load(&joins), 2);
	atomic_store(&create_fail_at, 1);
	atomic_store(&create_calls, 0);
	atomic_store(&joins, 0);
	assert_int_equal(pool_create(&p, 4, 8), EAGAIN);
	assert_int_equal(atomic_load(&joins), 0);
}

static void out_of_memory_at_create(void **state)
{
	(void)state;
	struct pool *p = NULL;
	for (int nth = 1; nth <= 2; nth++) {	/* the pool, then its ring */
		atomic_store(&alloc_calls, 0);
		atomic_store(&alloc_fail_at, nth);
		assert_int_equal(pool_create(&p, 2, 8), ENOMEM);
		assert_null(p);
	}
}

static void out_of_memory_for_a_future(void **state)
{
	(void)state;
	struct pool *p;
	struct future *f;
	void *result;
	assert_int_equal(pool_create(&p, 1, 4), 0);
	atomic_store(&alloc_calls, 0);
	atomic_store(&alloc_fail_at, 1);
	assert_int_equal(pool_submit(p, echo_task, ITEM(1), &f), ENOMEM);
	assert_null(f);
	assert_int_equal(pool_submit(p, echo_task, ITEM(2), &f), 0);	/* still works */
	assert_int_equal(future_wait_release(f, &result), 0);
	assert_ptr_equal(result, ITEM(2));
	assert_int_equal(pool_destroy(p), 0);
}

static void results_and_errors(void **state)
{
	(void)state;
	struct pool *p;
	struct future *ok, *bad;
	void *result = ITEM(1);
	assert_int_equal(pool_create(&p, 2, 4), 0);
	assert_int_equal(pool_submit(p, echo_task, ITEM(9), &ok), 0);
	assert_int_equal(pool_submit(p, failing_task, ITEM(EIO), &bad), 0);
	assert_int_equal(future_wait(ok, &result), 0);
	assert_ptr_equal(result, ITEM(9));
	assert_int_equal(future_wait(ok, NULL), 0);	/* waiting again is fine */
	assert_int_equal(future_wait(bad, &result), EIO);
	assert_null(result);
	future_release(ok);
	future_release(bad);
	assert_int_equal(pool_destroy(p), 0);
}

static void futures_are_recycled(void **state)
{
	(void)state;
	struct pool *p;
	struct future *f;
	assert_int_equal(pool_create(&p, 1, 4), 0);
	for (int i = 0; i < 100; i++) {
		assert_int_equal(pool_submit(p, echo_task, ITEM(i), &f), 0);
		assert_int_equal(future_wait_release(f, NULL), 0);
	}
	tsa_mutex_lock(&p->mu);
	int made = 0;
	for (struct future *g = p->allocated; g; g = g->next_allocated)
		made++;
	tsa_mutex_unlock(&p->mu);
	assert_int_equal(made, 1);
	assert_int_equal(pool_destroy(p), 0);
}

static void fire_and_forget(void **state)
{
	(void)state;
	struct pool *p;
	atomic_store(&counter, 0);
	assert_int_equal(pool_create(&p, 2, 4), 0);
	for (int i = 0; i < 50; i++)
		assert_int_equal(pool_submit(p, count_task, NULL, NULL), 0);
	assert_int_equal(pool_shutdown(p, POOL_DRAIN), 0);
	assert_int_equal(atomic_load(&counter), 50);
	assert_int_equal(pool_destroy(p), 0);
}

static void try_submit_on_a_full_queue(void **state)
{
	(void)state;
	struct future *running, *queued, *f = ITEM(1);
	struct pool *p = busy_pool(1, &running);
	assert_int_equal(pool_try_submit(p, echo_task, ITEM(2), &queued), 0);
	assert_int_equal(pool_try_submit(p, echo_task, ITEM(3), &f), EAGAIN);
	assert_null(f);
	open_gate();
	assert_int_equal(future_wait_release(running, NULL), 0);
	assert_int_equal(future_wait_release(queued, NULL), 0);
	assert_int_equal(pool_destroy(p), 0);
}

struct submission {
	struct pool *p;
	struct future *f;
	int rc;
};

static void *submit_thread(void *arg)
{
	struct submission *s = arg;
	s->rc = pool_submit(s->p, echo_task, ITEM(5), &s->f);
	return NULL;
}

static void submit_waits_for_a_slot(void **state)
{
	(void)state;
	struct future *running, *queued;
	struct pool *p = busy_pool(1, &running);
	assert_int_equal(pool_submit(p, echo_task, ITEM(2), &queued), 0);
	struct submission s = { .p = p };
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, submit_thread, &s), 0);
	await_field(p, &p->blocked_submitters, 1);
	open_gate();
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(s.rc, 0);
	void *result;
	assert_int_equal(future_wait_release(s.f, &result), 0);
	assert_ptr_equal(result, ITEM(5));
	future_release(running);
	future_release(queued);
	assert_int_equal(pool_destroy(p), 0);
}

static void cancel_before_start(void **state)
{
	(void)state;
	struct future *running, *queued;
	atomic_store(&counter, 0);
	struct pool *p = busy_pool(4, &running);
	assert_int_equal(pool_submit(p, count_task, NULL, &queued), 0);
	assert_int_equal(future_cancel(running), EBUSY);	/* it has started */
	assert_int_equal(future_cancel(queued), 0);
	assert_int_equal(future_cancel(queued), EBUSY);	/* complete now */
	assert_int_equal(future_wait(queued, NULL), ECANCELED);
	open_gate();
	assert_int_equal(future_wait(running, NULL), 0);
	assert_int_equal(future_cancel(running), EBUSY);
	assert_int_equal(pool_shutdown(p, POOL_DRAIN), 0);
	assert_int_equal(atomic_load(&counter), 0);	/* it never ran */
	future_release(running);
	future_release(queued);
	assert_int_equal(pool_destroy(p), 0);
}

static void wait_until_a_deadline(void **state)
{
	(void)state;
	struct future *running;
	struct pool *p = busy_pool(2, &running);
	struct timespec past = { 0, 0 }, soon, bad = { 0, 1000000000L };
	clock_gettime(CLOCK_MONOTONIC, &soon);
	soon.tv_nsec = (soon.tv_nsec + 5000000L) % 1000000000L;	/* within 1 s */
	soon.tv_sec += 1;
	assert_int_equal(future_wait_until(running, &past), ETIMEDOUT);
	struct timespec near;
	clock_gettime(CLOCK_MONOTONIC, &near);
	near.tv_nsec += 2000000L;
	if (near.tv_nsec >= 1000000000L) {
		near.tv_sec++;
		near.tv_nsec -= 1000000000L;
	}
	assert_int_equal(future_wait_until(running, &near), ETIMEDOUT);
	assert_int_equal(future_wait_until(running, &bad), EINVAL);
	assert_int_equal(future_wait_until(running, NULL), EINVAL);
	open_gate();
	soon.tv_sec += 600;
	assert_int_equal(future_wait_until(running, &soon), 0);
	assert_int_equal(future_wait_until(running, &past), 0);	/* complete */
	void *result;
	assert_int_equal(future_wait_release(running, &result), 0);
	assert_ptr_equal(result, ITEM(42));
	assert_int_equal(pool_destroy(p), 0);
}

static void submit_after_shutdown(void **state)
{
	(void)state;
	struct pool *p;
	struct future *f = ITEM(1);
	assert_int_equal(pool_create(&p, 2, 4), 0);
	assert_int_equal(pool_shutdown(p, POOL_DRAIN), 0);
	assert_int_equal(pool_submit(p, echo_task, NULL, &f), EPIPE);
	assert_null(f);
	assert_int_equal(pool_try_submit(p, echo_task, NULL, NULL), EPIPE);
	assert_int_equal(pool_shutdown(p, POOL_CANCEL_PENDING), EPIPE);
	assert_int_equal(pool_submit(p, NULL, NULL, NULL), EINVAL);
	assert_int_equal(pool_destroy(p), 0);
	assert_int_equal(pool_destroy(NULL), 0);
}

struct shutdown_call {
	struct pool *p;
	enum pool_stop how;
	int rc;
};

static void *shutdown_thread(void *arg)
{
	struct shutdown_call *s = arg;
	s->rc = pool_shutdown(s->p, s->how);
	return NULL;
}

static void drain_runs_what_is_queued(void **state)
{
	(void)state;
	struct future *running, *queued[3];
	struct pool *p = busy_pool(4, &running);
	for (int i = 0; i < 3; i++)
		assert_int_equal(pool_submit(p, echo_task, ITEM(i + 1), &queued[i]), 0);
	struct shutdown_call s = { p, POOL_DRAIN, -1 };
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, shutdown_thread, &s), 0);
	while (!is_closed(p))
		sched_yield();
	assert_int_equal(pool_submit(p, echo_task, NULL, NULL), EPIPE);
	open_gate();
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(s.rc, 0);
	for (int i = 0; i < 3; i++) {
		void *result;
		assert_int_equal(future_wait_release(queued[i], &result), 0);
		assert_ptr_equal(result, ITEM(i + 1));
	}
	assert_int_equal(future_wait_release(running, NULL), 0);
	assert_int_equal(pool_destroy(p), 0);
}

static void cancel_pending_at_shutdown(void **state)
{
	(void)state;
	struct future *running, *queued[3];
	atomic_store(&counter, 0);
	struct pool *p = busy_pool(4, &running);
	for (int i = 0; i < 3; i++)
		assert_int_equal(pool_submit(p, count_task, NULL, &queued[i]), 0);
	struct shutdown_call s = { p, POOL_CANCEL_PENDING, -1 };
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, shutdown_thread, &s), 0);
	/* the queued ones complete as cancelled while the running one runs */
	for (int i = 0; i < 3; i++)
		assert_int_equal(future_wait_release(queued[i], NULL), ECANCELED);
	open_gate();
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(s.rc, 0);
	void *result;
	assert_int_equal(future_wait_release(running, &result), 0);
	assert_ptr_equal(result, ITEM(42));
	assert_int_equal(atomic_load(&counter), 0);
	assert_int_equal(pool_destroy(p), 0);
}

static void shutdown_wakes_a_blocked_submitter(void **state)
{
	(void)state;
	struct future *running, *queued;
	struct pool *p = busy_pool(1, &running);
	assert_int_equal(pool_submit(p, echo_task, NULL, &queued), 0);
	struct submission sub = { .p = p };
	pthread_t ts, td;
	assert_int_equal(pthread_create(&ts, NULL, submit_thread, &sub), 0);
	await_field(p, &p->blocked_submitters, 1);
	struct shutdown_call s = { p, POOL_CANCEL_PENDING, -1 };
	assert_int_equal(pthread_create(&td, NULL, shutdown_thread, &s), 0);
	assert_int_equal(pthread_join(ts, NULL), 0);
	assert_int_equal(sub.rc, EPIPE);
	assert_null(sub.f);
	open_gate();
	assert_int_equal(pthread_join(td, NULL), 0);
	assert_int_equal(future_wait_release(queued, NULL), ECANCELED);
	assert_int_equal(future_wait_release(running, NULL), 0);
	assert_int_equal(pool_destroy(p), 0);
}

struct waiter {
	struct future *f;
	void *result;
	int rc;
};

static void *wait_thread(void *arg)
{
	struct waiter *w = arg;
	w->rc = future_wait(w->f, &w->result);
	return NULL;
}

static void a_completion_wakes_only_its_waiters(void **state)
{
	(void)state;
	struct future *running, *queued;
	struct pool *p = busy_pool(2, &running);
	assert_int_equal(pool_submit(p, gated_task, ITEM(7), &queued), 0);
	struct waiter w[3] = { { .f = running }, { .f = running }, { .f = queued } };
	pthread_t t[3];
	for (int i = 0; i < 3; i++)
		assert_int_equal(pthread_create(&t[i], NULL, wait_thread, &w[i]), 0);
	await_field(p, &running->waiters, 2);
	await_field(p, &queued->waiters, 1);
	atomic_store(&broadcasts, 0);
	open_gate();	/* the queued task passes the gate too */
	for (int i = 0; i < 2; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(w[i].rc, 0);
		assert_ptr_equal(w[i].result, ITEM(42));
	}
	assert_int_equal(pthread_join(t[2], NULL), 0);
	assert_ptr_equal(w[2].result, ITEM(7));
	/* each completion woke its own waiters, and no one else */
	assert_int_equal(atomic_load(&broadcasts), 2);
	assert_ptr_equal(atomic_load(&broadcast_log[0]), &running->completed);
	assert_ptr_equal(atomic_load(&broadcast_log[1]), &queued->completed);
	future_release(running);
	future_release(queued);
	assert_int_equal(pool_destroy(p), 0);
}

struct callback_log {
	atomic_int calls;
	atomic_int outcome;
};

static void on_done(struct future *f, void *ctx)
{
	struct callback_log *log = ctx;
	/* the outcome is visible, and waiting does not block, in the callback */
	atomic_store(&log->outcome, future_wait(f, NULL));
	atomic_fetch_add(&log->calls, 1);
}

static void completion_callbacks(void **state)
{
	(void)state;
	struct future *running, *ran, *cancelled;
	struct callback_log a = { 0, -1 }, b = { 0, -1 };
	struct pool *p = busy_pool(4, &running);
	assert_int_equal(pool_submit_notify(p, failing_task, ITEM(ENOENT), on_done, &a, true,
					    &ran), 0);
	assert_int_equal(pool_submit_notify(p, count_task, NULL, on_done, &b, false,
					    &cancelled), 0);
	assert_int_equal(future_cancel(cancelled), 0);
	assert_int_equal(atomic_load(&b.calls), 1);	/* on the cancelling thread */
	assert_int_equal(atomic_load(&b.outcome), ECANCELED);
	open_gate();
	assert_int_equal(pool_shutdown(p, POOL_DRAIN), 0);
	assert_int_equal(atomic_load(&a.calls), 1);
	assert_int_equal(atomic_load(&a.outcome), ENOENT);
	assert_int_equal(atomic_load(&b.calls), 1);
	future_release(running);
	future_release(ran);
	future_release(cancelled);
	assert_int_equal(pool_destroy(p), 0);
}

static int shutdown_own_pool(void *arg, void **result)
{
	struct pool *p = arg;
	int rc = pool_shutdown(p, POOL_DRAIN);
	*result = ITEM(pool_destroy(p));
	return rc;
}

static void a_worker_cannot_stop_its_own_pool(void **state)
{
	(void)state;
	struct pool *p;
	struct future *f;
	void *result;
	assert_int_equal(pool_create(&p, 1, 2), 0);
	assert_int_equal(pool_submit(p, shutdown_own_pool, p, &f), 0);
	assert_int_equal(future_wait_release(f, &result), EDEADLK);
	assert_ptr_equal(result, ITEM(EDEADLK));
	assert_int_equal(pool_destroy(p), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(create_rejects_bad_capacity, setup, teardown),
		cmocka_unit_test_setup_teardown(zero_workers_means_online_cpus, setup, teardown),
		cmocka_unit_test_setup_teardown(failed_thread_is_reported_and_the_rest_joined,
						setup, teardown),
		cmocka_unit_test_setup_teardown(out_of_memory_at_create, setup, teardown),
		cmocka_unit_test_setup_teardown(out_of_memory_for_a_future, setup, teardown),
		cmocka_unit_test_setup_teardown(results_and_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(futures_are_recycled, setup, teardown),
		cmocka_unit_test_setup_teardown(fire_and_forget, setup, teardown),
		cmocka_unit_test_setup_teardown(try_submit_on_a_full_queue, setup, teardown),
		cmocka_unit_test_setup_teardown(submit_waits_for_a_slot, setup, teardown),
		cmocka_unit_test_setup_teardown(cancel_before_start, setup, teardown),
		cmocka_unit_test_setup_teardown(wait_until_a_deadline, setup, teardown),
		cmocka_unit_test_setup_teardown(submit_after_shutdown, setup, teardown),
		cmocka_unit_test_setup_teardown(drain_runs_what_is_queued, setup, teardown),
		cmocka_unit_test_setup_teardown(cancel_pending_at_shutdown, setup, teardown),
		cmocka_unit_test_setup_teardown(shutdown_wakes_a_blocked_submitter, setup,
						teardown),
		cmocka_unit_test_setup_teardown(a_completion_wakes_only_its_waiters, setup,
						teardown),
		cmocka_unit_test_setup_teardown(completion_callbacks, setup, teardown),
		cmocka_unit_test_setup_teardown(a_worker_cannot_stop_its_own_pool, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
