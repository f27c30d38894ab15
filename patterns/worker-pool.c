/* SPDX-License-Identifier: 0BSD */
/*
 * worker-pool: a failing task completes its future with the error
 *
 * rule: Worker Pool with futures: submit returns the result, or raises the task's exception (seed)
 *
 * A pool of WORKERS threads takes tasks (function, input, future) from a
 * bounded queue. pool_submit queues a task and returns at once; future_wait
 * blocks until the future holds a result or an error (together they are the
 * seed's `await pool.submit(func, *args)`). The task parses a decimal number
 * and squares it. The demo input "sixteen" is not a number, so task 3 fails
 * with EINVAL by design: its worker completes the future with that error,
 * exactly as it completes the others with their results.
 * pool_shutdown queues one sentinel per worker behind the tasks (the workers
 * drain the queue, then exit) and joins them; main then reads every future.
 * Main reports task 3's error (`task 3 ("sixteen") failed: Invalid
 * argument`, then `6 tasks: 5 ok, 1 failed`).
 *
 * A pool that has begun to shut down is closed: pool_submit then fails at
 * once with EPIPE, instead of queueing a task behind the sentinels that no
 * worker would ever run (its future would never be done, the very hang of
 * the broken twin). Main shows it: one more submit after the shutdown,
 * which must fail.
 *
 * Exit status, one policy for task-errors, gather-errors and worker-pool:
 * a task that failed is an outcome like any other: its error is reported
 * and counted, and the status is 0 once every task's outcome is known. The
 * status is 1 when an outcome is lost (a task could not be started, joined
 * or waited for, or the program's own threads or memory failed), 2 on bad
 * usage.
 *
 * Usage: worker-pool [NUMBER...]   (default: 4 8 15 sixteen 23 42)
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The text of errno value err. With _GNU_SOURCE, glibc declares the GNU
 * strerror_r: it returns the text, which may be a static string, leaving buf
 * untouched. POSIX's (XSI) strerror_r fills buf and returns 0 or an error
 * number. Either way the text is what this returns. */
static const char *error_text(int err, char *buf, size_t len)
{
#if defined(__GLIBC__) && defined(_GNU_SOURCE)
	return strerror_r(err, buf, len);
#else
	if (strerror_r(err, buf, len) != 0)
		(void)snprintf(buf, len, "error %d", err);
	return buf;
#endif
}

#define PROG "worker-pool"
#define NUM_WORKERS 3
#define QUEUE_CAPACITY 4

/* A task returns 0 and stores its result, or returns an errno value. */
typedef int task_fn(const char *input, long long *result);

/* Completed exactly once, by the worker that ran its task. */
struct future {
	bool done;
	long long result;
	int error; /* 0, or the task's errno value */
};

struct task {
	task_fn *fn; /* NULL: the shutdown sentinel */
	const char *input;
	struct future *future;
};

/* Locking contract: lock guards the queue (tasks, head, count), closed, and
 * the fields of every queued or running task's future. Workers wait on not_empty while
 * the queue is empty; submitters wait on not_full while it is full; future
 * waiters wait on completed until their future is done (every completion
 * broadcasts it). workers and started belong to main. */
struct pool {
	pthread_mutex_t lock;
	pthread_cond_t not_empty;
	pthread_cond_t not_full;
	pthread_cond_t completed;
	struct task tasks[QUEUE_CAPACITY];
	size_t head, count;
	bool closed; /* set by the first sentinel: no task may follow it */
	pthread_t workers[NUM_WORKERS];
	size_t started;
};

static struct pool pool = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.not_empty = PTHREAD_COND_INITIALIZER,
	.not_full = PTHREAD_COND_INITIALIZER,
	.completed = PTHREAD_COND_INITIALIZER,
};

static void report_error(const char *what, int rc)
{
	char buf[128];
	fprintf(stderr, "%s: %s: %s\n", PROG, what, error_text(rc, buf, sizeof buf));
}

/* The task: parses a decimal number and squares it. */
static int square_of(const char *input, long long *result)
{
	char *end;
	errno = 0;
	long long n = strtoll(input, &end, 10);
	if (end == input || *end != '\0')
		return EINVAL;
	if (errno != 0)
		return errno;
	if (__builtin_mul_overflow(n, n, result))
		return ERANGE;
	return 0;
}

/* Blocks while the queue is full. Returns 0, EPIPE for a task pushed after
 * a sentinel (the pool is closed: no worker would run it), or a pthread
 * error number. */
static int queue_push(struct pool *p, struct task task)
{
	int rc = pthread_mutex_lock(&p->lock);
	if (rc != 0)
		return rc;
	while (rc == 0 && !(task.fn != NULL && p->closed) && p->count == QUEUE_CAPACITY)
		rc = pthread_cond_wait(&p->not_full, &p->lock);
	if (rc == 0 && task.fn != NULL && p->closed)
		rc = EPIPE;
	if (rc == 0) {
		p->tasks[(p->head + p->count) % QUEUE_CAPACITY] = task;
		p->count++;
		rc = pthread_cond_signal(&p->not_empty);
	}
	if (rc == 0 && task.fn == NULL && !p->closed) {
		p->closed = true; /* submitters waiting for room now fail: wake them */
		rc = pthread_cond_broadcast(&p->not_full);
	}
	int unlock_rc = pthread_mutex_unlock(&p->lock);
	return rc != 0 ? rc : unlock_rc;
}

/* Blocks while the queue is empty. Returns 0 or a pthread error number. */
static int queue_pop(struct pool *p, struct task *task)
{
	int rc = pthread_mutex_lock(&p->lock);
	if (rc != 0)
		return rc;
	while (rc == 0 && p->count == 0)
		rc = pthread_cond_wait(&p->not_empty, &p->lock);
	if (rc == 0) {
		*task = p->tasks[p->head];
		p->head = (p->head + 1) % QUEUE_CAPACITY;
		p->count--;
		rc = pthread_cond_signal(&p->not_full);
	}
	int unlock_rc = pthread_mutex_unlock(&p->lock);
	return rc != 0 ? rc : unlock_rc;
}

/* Stores the outcome and wakes the waiters. */
static int future_complete(struct pool *p, struct future *f, long long result, int error)
{
	int rc = pthread_mutex_lock(&p->lock);
	if (rc != 0)
		return rc;
	f->result = result;
	f->error = error;
	f->done = true;
	rc = pthread_cond_broadcast(&p->completed);
	int unlock_rc = pthread_mutex_unlock(&p->lock);
	return rc != 0 ? rc : unlock_rc;
}

/* Blocks until f is done; then its result and error are stable. */
static int future_wait(struct pool *p, struct future *f)
{
	int rc = pthread_mutex_lock(&p->lock);
	if (rc != 0)
		return rc;
	while (rc == 0 && !f->done)
		rc = pthread_cond_wait(&p->completed, &p->lock); /* @wait */
	int unlock_rc = pthread_mutex_unlock(&p->lock);
	return rc != 0 ? rc : unlock_rc;
}

/* Runs tasks until it takes a sentinel. Returns NULL, or a pthread error
 * number cast to a pointer when the pool's lock failed. */
static void *worker(void *arg)
{
	struct pool *p = arg;
	for (;;) {
		struct task task;
		int rc = queue_pop(p, &task);
		if (rc != 0)
			return (void *)(intptr_t)rc;
		if (task.fn == NULL)
			return NULL;
		long long result = 0;
		int error = task.fn(task.input, &result);
		/* Success or failure, the future completes: someone waits on it. */
		rc = future_complete(p, task.future, result, error);
		if (rc != 0)
			return (void *)(intptr_t)rc;
	}
}

static int pool_start(struct pool *p)
{
	for (; p->started < NUM_WORKERS; p->started++) {
		int rc = pthread_create(&p->workers[p->started], NULL, worker, p);
		if (rc != 0) {
			report_error("pthread_create", rc);
			return rc;
		}
	}
	return 0;
}

static int pool_submit(struct pool *p, task_fn *fn, const char *input, struct future *f)
{
	*f = (struct future){ .done = false };
	return queue_push(p, (struct task){ fn, input, f });
}

/* Drain, then stop: the sentinels queue behind every submitted task. */
static int pool_shutdown(struct pool *p)
{
	int status = 0;
	for (size_t i = 0; i < p->started; i++) {
		int rc = queue_push(p, (struct task){ NULL, NULL, NULL });
		if (rc != 0) {
			report_error("queue_push", rc);
			return rc;
		}
	}
	for (size_t i = 0; i < p->started; i++) {
		void *worker_rc;
		int rc = pthread_join(p->workers[i], &worker_rc);
		if (rc != 0) {
			report_error("pthread_join", rc);
			status = rc;
		} else if (worker_rc != NULL) {
			report_error("worker", (int)(intptr_t)worker_rc);
			status = (int)(intptr_t)worker_rc;
		}
	}
	return status;
}

int main(int argc, char **argv)
{
	static const char *const demo_inputs[] = { "4", "8", "15", "sixteen", "23", "42" };
	const char *const *inputs = demo_inputs;
	size_t num_tasks = sizeof demo_inputs / sizeof demo_inputs[0];
	if (argc > 1) {
		inputs = (const char *const *)argv + 1;
		num_tasks = (size_t)argc - 1;
	}
	struct future *futures = calloc(num_tasks, sizeof *futures);
	if (futures == NULL) {
		report_error("calloc", ENOMEM);
		return EXIT_FAILURE;
	}

	int status = pool_start(&pool) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
	for (size_t i = 0; i < num_tasks && status == EXIT_SUCCESS; i++) {
		int rc = pool_submit(&pool, square_of, inputs[i], &futures[i]);
		if (rc != 0) {
			report_error("pool_submit", rc);
			status = EXIT_FAILURE;
		}
	}
	if (pool_shutdown(&pool) != 0 || status != EXIT_SUCCESS) {
		free(futures);
		return EXIT_FAILURE;
	}

	size_t failed = 0;
	for (size_t i = 0; i < num_tasks; i++) {
		int rc = future_wait(&pool, &futures[i]);
		if (rc != 0) {
			report_error("future_wait", rc);
			free(futures);
			return EXIT_FAILURE;
		}
		char buf[128];
		if (futures[i].error != 0) {
			printf("task %zu (\"%s\") failed: %s\n", i, inputs[i],
			       error_text(futures[i].error, buf, sizeof buf));
			failed++;
		} else {
			printf("task %zu (\"%s\"): %lld\n", i, inputs[i], futures[i].result);
		}
	}
	printf("%zu tasks: %zu ok, %zu failed\n", num_tasks, num_tasks - failed, failed);
	free(futures);

	/* The pool is closed: a late submit fails at once, and queues nothing. */
	struct future late;
	int late_rc = pool_submit(&pool, square_of, "7", &late);
	if (late_rc != EPIPE) {
		fprintf(stderr, "%s:%d: self-check: a submit after shutdown returned %d, not EPIPE\n",
			__FILE__, __LINE__, late_rc);
		return EXIT_FAILURE;
	}
	printf("a submit after shutdown fails: the pool is closed\n");
	return EXIT_SUCCESS;
}
