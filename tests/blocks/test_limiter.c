/* Unit tests: blocks/limiter.c, from threads and from an event loop's side
 * (poll on its eventfd), every function and error path. Events are ordered
 * by handshakes (a thread is known to wait when the limiter counts it, under
 * the limiter's lock), never by sleeping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "limiter.h"

#include "deadline.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

static void await_waiters(struct limiter *l, size_t n)
{
	for (;;) {
		tsa_mutex_lock(&l->mu);
		size_t w = l->waiters;
		tsa_mutex_unlock(&l->mu);
		if (w >= n)
			return;
		sched_yield();
	}
}

/* True when fd is readable now (poll with no timeout). */
static bool readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int n = poll(&p, 1, 0);
	assert_true(n >= 0);
	return n == 1 && (p.revents & POLLIN);
}

static void init_rejects_zero(void **state)
{
	(void)state;
	struct limiter l;
	assert_int_equal(limiter_init(&l, 0), EINVAL);
}

static void init_reports_no_descriptor_left(void **state)
{
	(void)state;
	struct rlimit saved, low;
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &saved), 0);
	int lowest_free = open("/dev/null", O_RDONLY);	/* the lowest free number */
	assert_true(lowest_free >= 0);
	close(lowest_free);
	low = saved;
	low.rlim_cur = (rlim_t)lowest_free;	/* no descriptor can be opened */
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &low), 0);
	struct limiter l;
	int rc = limiter_init(&l, 2);
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &saved), 0);
	assert_int_equal(rc, EMFILE);
}

static void permits_are_counted(void **state)
{
	(void)state;
	struct limiter l;
	assert_int_equal(limiter_init(&l, 2), 0);
	assert_int_equal(limiter_release(&l), EINVAL);	/* none taken */
	assert_int_equal(limiter_try_acquire(&l), 0);
	limiter_acquire(&l);
	assert_int_equal(limiter_in_use(&l), 2);
	assert_int_equal(limiter_try_acquire(&l), EAGAIN);
	assert_int_equal(limiter_release(&l), 0);
	assert_int_equal(limiter_try_acquire(&l), 0);
	assert_int_equal(limiter_release(&l), 0);
	assert_int_equal(limiter_release(&l), 0);
	assert_int_equal(limiter_release(&l), EINVAL);
	assert_int_equal(limiter_in_use(&l), 0);
	limiter_destroy(&l);
}

static void deadlines(void **state)
{
	(void)state;
	struct limiter l;
	struct timespec past = { 0, 0 }, soon = in_ms(3), bad = { 0, -1 };
	assert_int_equal(limiter_init(&l, 1), 0);
	assert_int_equal(limiter_acquire_until(&l, &past), 0);	/* free: no wait */
	assert_int_equal(limiter_acquire_until(&l, &past), ETIMEDOUT);
	assert_int_equal(limiter_acquire_until(&l, &soon), ETIMEDOUT);
	assert_int_equal(limiter_acquire_until(&l, &bad), EINVAL);
	assert_int_equal(limiter_acquire_until(&l, NULL), EINVAL);
	assert_int_equal(limiter_in_use(&l), 1);
	assert_int_equal(limiter_release(&l), 0);
	limiter_destroy(&l);
}

struct acquirer {
	struct limiter *l;
	bool timed;
	int rc;
};

static void *acquire_thread(void *arg)
{
	struct acquirer *a = arg;
	if (a->timed) {
		struct timespec far = in_ms(600000);
		a->rc = limiter_acquire_until(a->l, &far);
	} else {
		limiter_acquire(a->l);
		a->rc = 0;
	}
	return NULL;
}

static void a_release_wakes_a_waiting_thread(void **state)
{
	(void)state;
	struct limiter l;
	assert_int_equal(limiter_init(&l, 2), 0);
	limiter_acquire(&l);
	limiter_acquire(&l);
	struct acquirer a[2] = { { &l, false, -1 }, { &l, true, -1 } };
	pthread_t t[2];
	for (int i = 0; i < 2; i++) {
		assert_int_equal(pthread_create(&t[i], NULL, acquire_thread, &a[i]), 0);
		await_waiters(&l, (size_t)i + 1);
	}
	for (int i = 0; i < 2; i++)
		assert_int_equal(limiter_release(&l), 0);	/* one each */
	for (int i = 0; i < 2; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(a[i].rc, 0);
	}
	assert_int_equal(limiter_in_use(&l), 2);
	assert_int_equal(limiter_release(&l), 0);
	assert_int_equal(limiter_release(&l), 0);
	limiter_destroy(&l);
}

static void an_event_loop_waits_on_the_eventfd(void **state)
{
	(void)state;
	struct limiter l;
	assert_int_equal(limiter_init(&l, 1), 0);
	int fd = limiter_fd(&l);
	assert_int_equal(limiter_loop_acquire(&l), 0);
	assert_false(readable(fd));
	assert_int_equal(limiter_loop_acquire(&l), EAGAIN);	/* armed */
	assert_false(readable(fd));
	assert_int_equal(limiter_release(&l), 0);
	assert_true(readable(fd));
	assert_int_equal(limiter_loop_acquire(&l), 0);
	assert_false(readable(fd));	/* emptied by the call */
	/* a release while not armed does not touch the eventfd */
	assert_int_equal(limiter_release(&l), 0);
	assert_false(readable(fd));
	limiter_destroy(&l);
}

static void a_release_wakes_both_a_thread_and_the_loop(void **state)
{
	(void)state;
	struct limiter l;
	assert_int_equal(limiter_init(&l, 1), 0);
	limiter_acquire(&l);
	assert_int_equal(limiter_loop_acquire(&l), EAGAIN);
	struct acquirer a = { &l, false, -1 };
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, acquire_thread, &a), 0);
	await_waiters(&l, 1);
	assert_int_equal(limiter_release(&l), 0);
	/* one permit, two told: whoever comes first takes it */
	assert_true(readable(limiter_fd(&l)));
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(limiter_loop_acquire(&l), EAGAIN);	/* the thread won */
	assert_int_equal(limiter_release(&l), 0);
	assert_true(readable(limiter_fd(&l)));
	assert_int_equal(limiter_loop_acquire(&l), 0);
	assert_int_equal(limiter_release(&l), 0);
	limiter_destroy(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(init_rejects_zero),
		cmocka_unit_test(init_reports_no_descriptor_left),
		cmocka_unit_test(permits_are_counted),
		cmocka_unit_test(deadlines),
		cmocka_unit_test(a_release_wakes_a_waiting_thread),
		cmocka_unit_test(an_event_loop_waits_on_the_eventfd),
		cmocka_unit_test(a_release_wakes_both_a_thread_and_the_loop),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
