/* Unit tests: blocks/queue.c, every function and error path. It is included
 * whole, so that the tests can count its wakeups and see who waits. Events
 * are ordered by handshakes (a thread is known to wait when the queue counts
 * it as a waiter, under the queue's lock), never by sleeping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>

static atomic_int signals, broadcasts;

static int counted_signal(pthread_cond_t *cv)
{
	atomic_fetch_add(&signals, 1);
	return pthread_cond_signal(cv);
}

static int counted_broadcast(pthread_cond_t *cv)
{
	atomic_fetch_add(&broadcasts, 1);
	return pthread_cond_broadcast(cv);
}

#define pthread_cond_signal counted_signal
#define pthread_cond_broadcast counted_broadcast
#include "../../blocks/queue.c"
#undef pthread_cond_signal
#undef pthread_cond_broadcast

#include "deadline.h"

#define ITEM(n) ((void *)(uintptr_t)(n))

static size_t waiting(struct queue *q, bool poppers)
{
	tsa_mutex_lock(&q->mu);
	size_t n = poppers ? q->pop_waiters : q->push_waiters;
	tsa_mutex_unlock(&q->mu);
	return n;
}

/* Returns once n threads wait inside the queue (the handshake). */
static void await_waiters(struct queue *q, bool poppers, size_t n)
{
	while (waiting(q, poppers) < n)
		sched_yield();
}

struct call {
	struct queue *q;
	void *item;
	int rc;
	struct timespec deadline;
	bool timed;
};

static void *pop_thread(void *arg)
{
	struct call *c = arg;
	c->rc = c->timed ? queue_pop_until(c->q, &c->item, &c->deadline) : queue_pop(c->q, &c->item);
	return NULL;
}

static void *push_thread(void *arg)
{
	struct call *c = arg;
	c->rc = c->timed ? queue_push_until(c->q, c->item, &c->deadline) : queue_push(c->q, c->item);
	return NULL;
}

static void start(pthread_t *t, void *(*fn)(void *), struct call *c)
{
	assert_int_equal(pthread_create(t, NULL, fn, c), 0);
}

static void join(pthread_t t)
{
	assert_int_equal(pthread_join(t, NULL), 0);
}

static void init_rejects_bad_capacity(void **state)
{
	(void)state;
	struct queue q;
	assert_int_equal(queue_init(&q, 0), EINVAL);
	assert_int_equal(queue_init(&q, SIZE_MAX), EINVAL);
	/* a size that passes the check but that no allocator can give */
	assert_int_equal(queue_init(&q, SIZE_MAX / sizeof(void *)), ENOMEM);
}

static void fifo_order_and_null_items(void **state)
{
	(void)state;
	struct queue q;
	assert_int_equal(queue_init(&q, 4), 0);
	assert_int_equal(queue_push(&q, ITEM(1)), 0);
	assert_int_equal(queue_push(&q, NULL), 0);
	assert_int_equal(queue_try_push(&q, ITEM(3)), 0);
	assert_int_equal(queue_length(&q), 3);
	void *item = ITEM(99);
	assert_int_equal(queue_pop(&q, &item), 0);
	assert_ptr_equal(item, ITEM(1));
	assert_int_equal(queue_try_pop(&q, &item), 0);
	assert_null(item);
	assert_int_equal(queue_pop(&q, &item), 0);
	assert_ptr_equal(item, ITEM(3));
	assert_int_equal(queue_length(&q), 0);
	queue_destroy(&q);
}

static void wraps_around_the_ring(void **state)
{
	(void)state;
	struct queue q;
	assert_int_equal(queue_init(&q, 3), 0);
	for (uintptr_t i = 1; i <= 100; i++) {
		void *item;
		assert_int_equal(queue_push(&q, ITEM(i)), 0);
		assert_int_equal(queue_push(&q, ITEM(i + 1000)), 0);
		assert_int_equal(queue_pop(&q, &item), 0);
		assert_ptr_equal(item, ITEM(i));
		assert_int_equal(queue_pop(&q, &item), 0);
		assert_ptr_equal(item, ITEM(i + 1000));
	}
	queue_destroy(&q);
}

static void capacity_one_try_operations(void **state)
{
	(void)state;
	struct queue q;
	void *item;
	assert_int_equal(queue_init(&q, 1), 0);
	assert_int_equal(queue_try_pop(&q, &item), EAGAIN);
	assert_int_equal(queue_try_push(&q, ITEM(1)), 0);
	assert_int_equal(queue_try_push(&q, ITEM(2)), EAGAIN);
	assert_int_equal(queue_try_pop(&q, &item), 0);
	assert_ptr_equal(item, ITEM(1));
	assert_int_equal(queue_try_pop(&q, &item), EAGAIN);
	queue_destroy(&q);
}

static void deadlines_pass(void **state)
{
	(void)state;
	struct queue q;
	void *item;
	struct timespec past = { 0, 0 }, soon = in_ms(5);
	assert_int_equal(queue_init(&q, 1), 0);
	assert_int_equal(queue_pop_until(&q, &item, &past), ETIMEDOUT);
	assert_int_equal(queue_pop_until(&q, &item, &soon), ETIMEDOUT);
	assert_int_equal(queue_push(&q, ITEM(1)), 0);
	soon = in_ms(5);
	assert_int_equal(queue_push_until(&q, ITEM(2), &past), ETIMEDOUT);
	assert_int_equal(queue_push_until(&q, ITEM(2), &soon), ETIMEDOUT);
	/* a deadline that has passed does not stop an operation that can go */
	assert_int_equal(queue_pop_until(&q, &item, &past), 0);
	assert_ptr_equal(item, ITEM(1));
	assert_int_equal(queue_push_until(&q, ITEM(3), &past), 0);
	queue_destroy(&q);
}

static void bad_deadlines_and_batches(void **state)
{
	(void)state;
	struct queue q;
	void *item, *items[2] = { ITEM(1), ITEM(2) };
	size_t k = 7;
	struct timespec bad = { 0, 1000000000L }, negative = { 0, -1 };
	assert_int_equal(queue_init(&q, 2), 0);
	assert_int_equal(queue_push_until(&q, ITEM(1), NULL), EINVAL);
	assert_int_equal(queue_push_until(&q, ITEM(1), &bad), EINVAL);
	assert_int_equal(queue_pop_until(&q, &item, &negative), EINVAL);
	assert_int_equal(queue_push_many(&q, items, 0, &k, NULL), EINVAL);
	assert_int_equal(k, 0);
	k = 7;
	assert_int_equal(queue_pop_many(&q, items, 0, &k, NULL), EINVAL);
	assert_int_equal(k, 0);
	assert_int_equal(queue_push_many(&q, items, 2, &k, &bad), EINVAL);
	assert_int_equal(queue_length(&q), 0);
	queue_destroy(&q);
}

static void batches_move_what_fits(void **state)
{
	(void)state;
	struct queue q;
	void *in[5] = { ITEM(1), ITEM(2), ITEM(3), ITEM(4), ITEM(5) }, *out[5];
	size_t k;
	struct timespec past = { 0, 0 };
	assert_int_equal(queue_init(&q, 4), 0);
	assert_int_equal(queue_push(&q, ITEM(0)), 0);
	assert_int_equal(queue_push_many(&q, in, 5, &k, NULL), 0);
	assert_int_equal(k, 3);	/* partial, like write(2) */
	assert_int_equal(queue_push_many(&q, in + 3, 2, &k, &past), ETIMEDOUT);
	assert_int_equal(k, 0);
	assert_int_equal(queue_pop_many(&q, out, 2, &k, NULL), 0);
	assert_int_equal(k, 2);
	assert_ptr_equal(out[0], ITEM(0));
	assert_ptr_equal(out[1], ITEM(1));
	assert_int_equal(queue_pop_many(&q, out, 5, &k, &past), 0);
	assert_int_equal(k, 2);
	assert_ptr_equal(out[0], ITEM(2));
	assert_ptr_equal(out[1], ITEM(3));
	assert_int_equal(queue_pop_many(&q, out, 5, &k, &past), ETIMEDOUT);
	assert_int_equal(k, 0);
	queue_destroy(&q);
}

static void close_drains_then_reports_closed(void **state)
{
	(void)state;
	struct queue q;
	void *item, *items[2] = { NULL, NULL };
	size_t k;
	assert_int_equal(queue_init(&q, 4), 0);
	assert_int_equal(queue_push(&q, ITEM(1)), 0);
	assert_int_equal(queue_push(&q, ITEM(2)), 0);
	queue_close(&q);
	queue_close(&q);	/* harmless */
	assert_int_equal(queue_push(&q, ITEM(3)), EPIPE);
	assert_int_equal(queue_try_push(&q, ITEM(3)), EPIPE);
	assert_int_equal(queue_push_many(&q, items, 1, &k, NULL), EPIPE);
	assert_int_equal(queue_pop(&q, &item), 0);
	assert_ptr_equal(item, ITEM(1));
	assert_int_equal(queue_pop_many(&q, items, 2, &k, NULL), 0);
	assert_int_equal(k, 1);
	assert_ptr_equal(items[0], ITEM(2));
	assert_int_equal(queue_pop(&q, &item), EPIPE);
	assert_int_equal(queue_try_pop(&q, &item), EPIPE);
	assert_int_equal(queue_pop_many(&q, items, 2, &k, NULL), EPIPE);
	struct timespec soon = in_ms(1000);
	assert_int_equal(queue_pop_until(&q, &item, &soon), EPIPE);
	queue_destroy(&q);
}

static void close_wakes_every_sleeping_consumer(void **state)
{
	(void)state;
	struct queue q;
	struct call calls[3];
	pthread_t t[3];
	assert_int_equal(queue_init(&q, 2), 0);
	for (int i = 0; i < 3; i++) {
		calls[i] = (struct call){ .q = &q, .timed = i == 2, .deadline = in_ms(60000) };
		start(&t[i], pop_thread, &calls[i]);
	}
	await_waiters(&q, true, 3);
	atomic_store(&broadcasts, 0);
	queue_close(&q);
	for (int i = 0; i < 3; i++) {
		join(t[i]);
		assert_int_equal(calls[i].rc, EPIPE);
	}
	assert_int_equal(atomic_load(&broadcasts), 2);	/* close alone broadcasts */
	queue_destroy(&q);
}

static void close_wakes_every_sleeping_producer(void **state)
{
	(void)state;
	struct queue q;
	struct call calls[2];
	pthread_t t[2];
	assert_int_equal(queue_init(&q, 1), 0);
	assert_int_equal(queue_push(&q, ITEM(1)), 0);
	for (int i = 0; i < 2; i++) {
		calls[i] = (struct call){ .q = &q, .item = ITEM(2), .timed = i == 1,
					  .deadline = in_ms(60000) };
		start(&t[i], push_thread, &calls[i]);
	}
	await_waiters(&q, false, 2);
	queue_close(&q);
	for (int i = 0; i < 2; i++) {
		join(t[i]);
		assert_int_equal(calls[i].rc, EPIPE);
	}
	void *item;
	assert_int_equal(queue_pop(&q, &item), 0);	/* the item before close */
	assert_ptr_equal(item, ITEM(1));
	queue_destroy(&q);
}

static void one_item_wakes_one_consumer(void **state)
{
	(void)state;
	struct queue q;
	struct call calls[3];
	pthread_t t[3];
	assert_int_equal(queue_init(&q, 8), 0);
	for (int i = 0; i < 3; i++) {
		calls[i] = (struct call){ .q = &q };
		start(&t[i], pop_thread, &calls[i]);
	}
	await_waiters(&q, true, 3);
	atomic_store(&signals, 0);
	atomic_store(&broadcasts, 0);
	assert_int_equal(queue_push(&q, ITEM(7)), 0);
	assert_int_equal(atomic_load(&signals), 1);
	assert_int_equal(atomic_load(&broadcasts), 0);
	void *more[2] = { ITEM(8), ITEM(9) };
	size_t k;
	assert_int_equal(queue_push_many(&q, more, 2, &k, NULL), 0);
	assert_int_equal(k, 2);
	for (int i = 0; i < 3; i++)
		join(t[i]);
	assert_int_equal(atomic_load(&broadcasts), 0);
	uintptr_t sum = 0;
	for (int i = 0; i < 3; i++) {
		assert_int_equal(calls[i].rc, 0);
		sum += (uintptr_t)calls[i].item;
	}
	assert_int_equal(sum, 7 + 8 + 9);
	queue_destroy(&q);
}

static void a_waking_consumer_is_not_signalled_twice(void **state)
{
	(void)state;
	struct queue q;
	pthread_t t;
	void *item;
	size_t k;
	assert_int_equal(queue_init(&q, 4), 0);
	struct call c = { .q = &q };
	start(&t, pop_thread, &c);
	await_waiters(&q, true, 1);
	atomic_store(&signals, 0);
	/* two pushes while the woken consumer cannot run yet (the test holds
	 * the lock it must take back): the second needs no signal */
	tsa_mutex_lock(&q.mu);
	void *one = ITEM(1), *two = ITEM(2);
	assert_int_equal(push_locked(&q, &one, 1, &k, WAIT_NONE, NULL), 0);
	assert_int_equal(push_locked(&q, &two, 1, &k, WAIT_NONE, NULL), 0);
	tsa_mutex_unlock(&q.mu);
	assert_int_equal(atomic_load(&signals), 1);
	join(t);
	assert_int_equal(c.rc, 0);
	assert_ptr_equal(c.item, ITEM(1));
	assert_int_equal(queue_pop(&q, &item), 0);
	assert_ptr_equal(item, ITEM(2));
	assert_int_equal(q.pop_wakeups, 0);
	queue_destroy(&q);
}

static void no_signal_when_no_one_waits(void **state)
{
	(void)state;
	struct queue q;
	void *item;
	assert_int_equal(queue_init(&q, 2), 0);
	atomic_store(&signals, 0);
	for (int i = 0; i < 10; i++) {
		assert_int_equal(queue_push(&q, ITEM(i)), 0);
		assert_int_equal(queue_pop(&q, &item), 0);
	}
	assert_int_equal(atomic_load(&signals), 0);
	queue_destroy(&q);
}

static void a_push_wakes_a_timed_consumer(void **state)
{
	(void)state;
	struct queue q;
	pthread_t t;
	struct call c = { .timed = true, .deadline = in_ms(60000) };
	assert_int_equal(queue_init(&q, 1), 0);
	c.q = &q;
	start(&t, pop_thread, &c);
	await_waiters(&q, true, 1);
	assert_int_equal(queue_push(&q, ITEM(5)), 0);
	join(t);
	assert_int_equal(c.rc, 0);
	assert_ptr_equal(c.item, ITEM(5));
	queue_destroy(&q);
}

static void a_pop_wakes_a_blocked_producer(void **state)
{
	(void)state;
	struct queue q;
	pthread_t t;
	void *item;
	assert_int_equal(queue_init(&q, 1), 0);
	struct call c = { .q = &q, .item = ITEM(2) };
	assert_int_equal(queue_push(&q, ITEM(1)), 0);
	start(&t, push_thread, &c);
	await_waiters(&q, false, 1);
	atomic_store(&signals, 0);
	assert_int_equal(queue_pop(&q, &item), 0);
	assert_int_equal(atomic_load(&signals), 1);
	join(t);
	assert_int_equal(c.rc, 0);
	assert_int_equal(queue_pop(&q, &item), 0);
	assert_ptr_equal(item, ITEM(2));
	queue_destroy(&q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(init_rejects_bad_capacity),
		cmocka_unit_test(fifo_order_and_null_items),
		cmocka_unit_test(wraps_around_the_ring),
		cmocka_unit_test(capacity_one_try_operations),
		cmocka_unit_test(deadlines_pass),
		cmocka_unit_test(bad_deadlines_and_batches),
		cmocka_unit_test(batches_move_what_fits),
		cmocka_unit_test(close_drains_then_reports_closed),
		cmocka_unit_test(close_wakes_every_sleeping_consumer),
		cmocka_unit_test(close_wakes_every_sleeping_producer),
		cmocka_unit_test(one_item_wakes_one_consumer),
		cmocka_unit_test(a_waking_consumer_is_not_signalled_twice),
		cmocka_unit_test(no_signal_when_no_one_waits),
		cmocka_unit_test(a_push_wakes_a_timed_consumer),
		cmocka_unit_test(a_pop_wakes_a_blocked_producer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
