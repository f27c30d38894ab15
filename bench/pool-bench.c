/* pool-bench.c: microseconds per trivial task through a thread pool, for
 * blocks/pool.c and the pools people use instead.
 *
 * usage: pool-bench IMPL TASKS [WORKERS]   (default 2 workers)
 *   IMPL: blocks       blocks/pool.h: every task has a future; the submitter
 *                      keeps up to WINDOW (1024, the queue's capacity) in
 *                      flight, waits on the oldest (future_wait_release),
 *                      checks its result before submitting the next
 *         cthreadpool  Debian's C-Thread-Pool (thpool_add_work, thpool_wait)
 *         gthreadpool  GLib's GThreadPool (g_thread_pool_push, then free
 *                      with wait)
 *         libuv        uv_queue_work; the loop thread's after-work callback
 *                      reuses its request for the next task, WINDOW at once
 * None of the others gives a future: their task stores its result in an
 * array that is checked at the end. Prints: IMPL MICROSECONDS_PER_TASK.
 * Exit 1 on a wrong result or a failure. */
#include "../blocks/pool.h"

#include <errno.h>
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <thpool.h>
#include <uv.h>

#define WINDOW 1024

static long ntasks;
static unsigned nworkers = 2;
static uintptr_t *results;	/* for the pools without futures */

static void die(const char *what, int rc)
{
	fprintf(stderr, "pool-bench: %s: %s\n", what, strerror(rc));
	exit(1);
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The trivial task, in each pool's signature: doubles its index. */
static int double_it(void *arg, void **result)
{
	*result = (void *)((uintptr_t)arg * 2);
	return 0;
}

static void double_into_results(void *arg)
{
	uintptr_t i = (uintptr_t)arg;
	results[i] = i * 2;
}

static void double_into_results_g(void *data, void *user_data)
{
	(void)user_data;
	double_into_results((void *)((uintptr_t)data - 1));	/* GLib refuses NULL */
}

static void check_results(void)
{
	for (long i = 0; i < ntasks; i++)
		if (results[i] != (uintptr_t)i * 2) {
			fprintf(stderr, "pool-bench: task %ld: wrong result\n", i);
			exit(1);
		}
}

static void wait_and_check(struct future *f, long i)
{
	void *result;
	int rc = future_wait_release(f, &result);
	if (rc != 0)
		die("future_wait_release", rc);
	if ((uintptr_t)result != (uintptr_t)i * 2) {
		fprintf(stderr, "pool-bench: task %ld: wrong result\n", i);
		exit(1);
	}
}

static void run_blocks(void)
{
	struct pool *p;
	int rc = pool_create(&p, nworkers, WINDOW);
	if (rc != 0)
		die("pool_create", rc);
	static struct future *inflight[WINDOW];
	for (long i = 0; i < ntasks; i++) {
		if (i >= WINDOW)
			wait_and_check(inflight[i % WINDOW], i - WINDOW);
		rc = pool_submit(p, double_it, (void *)(uintptr_t)i, &inflight[i % WINDOW]);
		if (rc != 0)
			die("pool_submit", rc);
	}
	for (long i = ntasks > WINDOW ? ntasks - WINDOW : 0; i < ntasks; i++)
		wait_and_check(inflight[i % WINDOW], i);
	rc = pool_destroy(p);
	if (rc != 0)
		die("pool_destroy", rc);
}

static void run_cthreadpool(void)
{
	threadpool tp = thpool_init((int)nworkers);
	if (!tp)
		die("thpool_init", ENOMEM);
	for (long i = 0; i < ntasks; i++)
		if (thpool_add_work(tp, double_into_results, (void *)(uintptr_t)i) != 0)
			die("thpool_add_work", ENOMEM);
	thpool_wait(tp);
	thpool_destroy(tp);
	check_results();
}

static void run_gthreadpool(void)
{
	GError *err = NULL;
	GThreadPool *gp = g_thread_pool_new(double_into_results_g, NULL, (int)nworkers,
					    FALSE, &err);
	if (!gp)
		die("g_thread_pool_new", EAGAIN);
	for (long i = 0; i < ntasks; i++)
		if (!g_thread_pool_push(gp, (void *)((uintptr_t)i + 1), &err))
			die("g_thread_pool_push", EAGAIN);
	g_thread_pool_free(gp, FALSE, TRUE);
	check_results();
}

static long uv_next;	/* next task index, on the loop thread only */

static void uv_work(uv_work_t *req)
{
	double_into_results(req->data);
}

static void uv_after(uv_work_t *req, int status)
{
	if (status != 0)
		die("uv_queue_work", -status);
	if (uv_next == ntasks)
		return;
	req->data = (void *)(uintptr_t)uv_next++;
	int rc = uv_queue_work(req->loop, req, uv_work, uv_after);
	if (rc != 0)
		die("uv_queue_work", -rc);
}

static void run_libuv(void)
{
	char size[16];
	snprintf(size, sizeof size, "%u", nworkers);
	setenv("UV_THREADPOOL_SIZE", size, 1);	/* read at the first uv_queue_work */
	uv_loop_t loop;
	int rc = uv_loop_init(&loop);
	if (rc != 0)
		die("uv_loop_init", -rc);
	static uv_work_t reqs[WINDOW];
	for (int i = 0; i < WINDOW && uv_next < ntasks; i++) {
		reqs[i].data = (void *)(uintptr_t)uv_next++;
		rc = uv_queue_work(&loop, &reqs[i], uv_work, uv_after);
		if (rc != 0)
			die("uv_queue_work", -rc);
	}
	rc = uv_run(&loop, UV_RUN_DEFAULT);
	if (rc != 0 || (rc = uv_loop_close(&loop)) != 0)
		die("uv_loop_close", -rc);
	check_results();
}

int main(int argc, char **argv)
{
	static const struct { const char *name; void (*run)(void); } impls[] = {
		{ "blocks", run_blocks }, { "cthreadpool", run_cthreadpool },
		{ "gthreadpool", run_gthreadpool }, { "libuv", run_libuv },
	};
	int which = -1;
	for (int i = 0; argc >= 3 && i < 4; i++)
		if (strcmp(argv[1], impls[i].name) == 0)
			which = i;
	ntasks = argc >= 3 ? atol(argv[2]) : 0;
	if (argc >= 4)
		nworkers = (unsigned)atoi(argv[3]);
	if (which < 0 || ntasks < 1 || nworkers < 1 || nworkers > 256) {
		fprintf(stderr, "usage: pool-bench blocks|cthreadpool|gthreadpool|libuv TASKS "
			"[WORKERS]\n");
		return 2;
	}
	results = calloc((size_t)ntasks, sizeof *results);
	if (!results)
		die("calloc", ENOMEM);
	double t0 = now();
	impls[which].run();
	double us = (now() - t0) * 1e6 / (double)ntasks;
	free(results);
	printf("%s %.3f\n", impls[which].name, us);
	return 0;
}
