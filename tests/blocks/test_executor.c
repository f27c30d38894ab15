/* Unit tests: blocks/executor.c, the event loop's side of a worker pool:
 * submit, wake through the eventfd, collect, cancel, every error path.
 * Workers are held in a task by a gate the test opens; the loop waits with
 * poll(2) on the eventfd, never by sleeping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "executor.h"

#include "gate.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <sys/resource.h>
#include <unistd.h>

#define ITEM(n) ((void *)(uintptr_t)(n))

static int setup(void **state)
{
	(void)state;
	reset_gate();
	return 0;
}

static int square_task(void *arg, void **result)
{
	uintptr_t n = (uintptr_t)arg;
	*result = ITEM(n * n);
	return n == 13 ? EDOM : 0;
}

/* The loop's wait: poll the eventfd (timeout_ms -1: until readable). */
static bool wait_readable(int fd, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int n = poll(&p, 1, timeout_ms);
	assert_true(n >= 0);
	return n == 1;
}

/* The loop's pattern: collect until NULL, then wait for the eventfd. */
static struct executor_call *next_finished(struct executor *ex)
{
	struct executor_call *c;
	while ((c = executor_collect(ex)) == NULL)
		assert_true(wait_readable(executor_fd(ex), -1));
	return c;
}

static void runs_calls_and_wakes_the_loop(void **state)
{
	(void)state;
	struct pool *pool;
	struct executor ex;
	assert_int_equal(pool_create(&pool, 2, 8), 0);
	assert_int_equal(executor_init(&ex, pool), 0);
	struct executor_call calls[4];
	for (int i = 0; i < 4; i++) {
		calls[i] = (struct executor_call){ .fn = square_task, .arg = ITEM(i + 11) };
		assert_int_equal(executor_submit(&ex, &calls[i]), 0);
	}
	assert_int_equal(executor_in_flight(&ex), 4);
	int seen = 0;
	while (seen < 4) {
		assert_true(wait_readable(executor_fd(&ex), -1));
		for (struct executor_call *c; (c = executor_collect(&ex)) != NULL; seen++) {
			uintptr_t n = (uintptr_t)c->arg;
			assert_int_equal(c->error, n == 13 ? EDOM : 0);
			assert_ptr_equal(c->result, ITEM(n * n));
		}
		/* collect returned NULL: the eventfd is empty until a finish */
		if (seen == 4)
			assert_false(wait_readable(executor_fd(&ex), 0));
	}
	assert_null(executor_collect(&ex));
	assert_int_equal(executor_in_flight(&ex), 0);
	assert_int_equal(executor_destroy(&ex), 0);
	assert_int_equal(pool_destroy(pool), 0);
}

static void submit_errors(void **state)
{
	(void)state;
	struct pool *pool;
	struct executor ex;
	struct future *running;
	assert_int_equal(pool_create(&pool, 1, 1), 0);
	assert_int_equal(executor_init(&ex, pool), 0);
	struct executor_call none = { 0 }, a = { .fn = square_task, .arg = ITEM(2) },
			     b = { .fn = square_task, .arg = ITEM(3) };
	assert_int_equal(executor_submit(&ex, &none), EINVAL);
	assert_int_equal(pool_submit(pool, gated_task, NULL, &running), 0);
	await_entered(1);
	assert_int_equal(executor_submit(&ex, &a), 0);	/* fills the queue */
	assert_int_equal(executor_submit(&ex, &b), EAGAIN);	/* never blocks */
	assert_int_equal(executor_destroy(&ex), EBUSY);	/* a is in flight */
	open_gate();
	struct executor_call *c = next_finished(&ex);
	assert_ptr_equal(c, &a);
	assert_ptr_equal(c->result, ITEM(4));
	assert_int_equal(future_wait_release(running, NULL), 0);
	assert_int_equal(pool_shutdown(pool, POOL_DRAIN), 0);
	assert_int_equal(executor_submit(&ex, &b), EPIPE);
	assert_int_equal(executor_in_flight(&ex), 0);
	assert_int_equal(executor_destroy(&ex), 0);
	assert_int_equal(pool_destroy(pool), 0);
}

static void *shutdown_cancelling(void *arg)
{
	assert_int_equal(pool_shutdown(arg, POOL_CANCEL_PENDING), 0);
	return NULL;
}

static void cancelled_calls_are_collected(void **state)
{
	(void)state;
	struct pool *pool;
	struct executor ex;
	assert_int_equal(pool_create(&pool, 1, 4), 0);
	assert_int_equal(executor_init(&ex, pool), 0);
	struct executor_call running = { .fn = gated_task, .arg = ITEM(1) },
			     first = { .fn = square_task, .arg = ITEM(5) },
			     second = { .fn = square_task, .arg = ITEM(6) };
	assert_int_equal(executor_submit(&ex, &running), 0);
	await_entered(1);
	assert_int_equal(executor_submit(&ex, &first), 0);
	assert_int_equal(executor_submit(&ex, &second), 0);
	assert_int_equal(executor_cancel(&running), EBUSY);
	assert_int_equal(executor_cancel(&first), 0);
	assert_true(wait_readable(executor_fd(&ex), 0));	/* told at once */
	struct executor_call *c = executor_collect(&ex);
	assert_ptr_equal(c, &first);
	assert_int_equal(c->error, ECANCELED);
	assert_null(c->result);
	/* shutting the pool down cancels what is queued: collected too; the
	 * running call finishes and is collected after it */
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, shutdown_cancelling, pool), 0);
	c = next_finished(&ex);
	assert_ptr_equal(c, &second);
	assert_int_equal(c->error, ECANCELED);
	open_gate();
	assert_int_equal(pthread_join(t, NULL), 0);
	c = next_finished(&ex);
	assert_ptr_equal(c, &running);
	assert_int_equal(c->error, 0);
	assert_null(executor_collect(&ex));
	assert_int_equal(executor_destroy(&ex), 0);
	assert_int_equal(pool_destroy(pool), 0);
}

static void init_reports_no_descriptor_left(void **state)
{
	(void)state;
	struct pool *pool;
	assert_int_equal(pool_create(&pool, 1, 1), 0);
	struct rlimit saved, low;
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &saved), 0);
	int lowest_free = open("/dev/null", O_RDONLY);	/* the lowest free number */
	assert_true(lowest_free >= 0);
	close(lowest_free);
	low = saved;
	low.rlim_cur = (rlim_t)lowest_free;
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &low), 0);
	struct executor ex;
	int rc = executor_init(&ex, pool);
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &saved), 0);
	assert_int_equal(rc, EMFILE);
	assert_int_equal(pool_destroy(pool), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(runs_calls_and_wakes_the_loop, setup),
		cmocka_unit_test_setup(submit_errors, setup),
		cmocka_unit_test_setup(cancelled_calls_are_collected, setup),
		cmocka_unit_test_setup(init_reports_no_descriptor_left, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
