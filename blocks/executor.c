/* SPDX-License-Identifier: 0BSD */
/* executor.c: the event-loop bridge of executor.h: pool tasks whose
 * completion callback appends the call to a list and writes an eventfd. */
#include "executor.h"

#include <errno.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <unistd.h>

int executor_init(struct executor *ex, struct pool *pool)
{
	*ex = (struct executor){ .pool = pool };
	ex->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (ex->efd < 0)
		return errno;
	int rc = pthread_mutex_init(&ex->mu.m, NULL);
	if (rc != 0)
		(void)close(ex->efd);
	return rc;
}

int executor_destroy(struct executor *ex)
{
	if (ex->in_flight > 0)
		return EBUSY;
	int rc = pthread_mutex_destroy(&ex->mu.m);
	if (rc != 0)
		tsa_fail("executor_destroy: pthread_mutex_destroy", rc);
	if (close(ex->efd) != 0)
		tsa_fail("executor_destroy: close", errno);
	return 0;
}

/* The pool's completion callback, on a worker (or on the thread that
 * cancelled): queue the call for the loop and wake the loop. The eventfd is
 * written before mu is released: once the loop can see the call it may
 * collect it and destroy the executor, so nothing here may touch ex after
 * that (the write cannot block: the eventfd is non-blocking). */
static void call_finished(struct future *f, void *ctx)
{
	(void)f;
	struct executor_call *call = ctx;
	struct executor *ex = call->executor;
	tsa_mutex_lock(&ex->mu);
	call->next = NULL;
	if (ex->finished_tail)
		ex->finished_tail->next = call;
	else
		ex->finished = call;
	ex->finished_tail = call;
	uint64_t one = 1;
	if (write(ex->efd, &one, sizeof one) != (ssize_t)sizeof one)
		tsa_fail("executor: write to its eventfd", errno);
	tsa_mutex_unlock(&ex->mu);
}

int executor_submit(struct executor *ex, struct executor_call *call)
{
	if (!call->fn)
		return EINVAL;
	call->executor = ex;
	call->error = 0;
	call->result = NULL;
	int rc = pool_submit_notify(ex->pool, call->fn, call->arg, call_finished, call,
				    false, &call->future);
	if (rc == 0)
		ex->in_flight++;
	return rc;
}

int executor_cancel(struct executor_call *call)
{
	return future_cancel(call->future);
}

int executor_fd(const struct executor *ex)
{
	return ex->efd;
}

static struct executor_call *take_finished(struct executor *ex) EXCLUDES(ex->mu)
{
	tsa_mutex_lock(&ex->mu);
	struct executor_call *call = ex->finished;
	if (call) {
		ex->finished = call->next;
		if (!ex->finished)
			ex->finished_tail = NULL;
	}
	tsa_mutex_unlock(&ex->mu);
	return call;
}

struct executor_call *executor_collect(struct executor *ex)
{
	struct executor_call *call = take_finished(ex);
	if (!call) {
		/* Empty the eventfd, then look once more: a finish after the
		 * read writes again; one before it is in the list now. */
		uint64_t count;
		if (read(ex->efd, &count, sizeof count) < 0 && errno != EAGAIN)
			tsa_fail("executor: read from its eventfd", errno);
		call = take_finished(ex);
	}
	if (!call)
		return NULL;
	/* complete already: the callback runs after the outcome is set */
	call->error = future_wait_release(call->future, &call->result);
	call->future = NULL;
	ex->in_flight--;
	return call;
}

size_t executor_in_flight(const struct executor *ex)
{
	return ex->in_flight;
}
