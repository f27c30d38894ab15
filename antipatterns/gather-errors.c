/* SPDX-License-Identifier: 0BSD */
/*
 * gather-errors: gather returns at the first error, leaving the other tasks unjoined
 *
 * rule: Handle exceptions in all tasks: safe_gather, gather(..., return_exceptions=True), count the errors (seed)
 * fault: pthread_create 2 EAGAIN
 * expect: tsan,memcheck thread-leak @spawn
 * expect: faults fault-ignored
 *
 * One thread per input computes the factorial of the number (EDOM for a
 * negative number, ERANGE past 20!, EINVAL for text). The input `wait`
 * stands for work its caller calls off: that task waits in pause(), a
 * cancellation point, and main cancels it (pthread_cancel), as asyncio's
 * task.cancel() would. gather() then joins every task, in order, and sorts
 * the outcomes: successes, task errors, and tasks that never ran.
 *
 * A cancelled task has no result: pthread_join says so by storing
 * PTHREAD_CANCELED as its exit value, so gather joins with a place for that
 * value and counts a cancelled task as an error (ECANCELED). Joining with
 * NULL would throw that away, and the cancelled task would pass for a
 * success with whatever its result field holds. That is the C form of the
 * seed's `isinstance(r, Exception)` trap: since Python 3.8,
 * asyncio.CancelledError derives from BaseException, not Exception, so that
 * test counts a cancelled task among the successes.
 *
 * The demo's first input, -1, fails by design and its last, `wait`, is
 * cancelled, so the correct twin's output shows collected errors: `task 0 ("-1")
 * failed: Numerical argument out of domain`, `task 7 ("wait") failed:
 * Operation canceled`, then `8 tasks: 6 ok, 2 failed, 0 not run`. Under the
 * faults tool the 2nd pthread_create fails with EAGAIN: task 1 is reported
 * as not run, exit 1.
 *
 * Exit status, one policy for task-errors, gather-errors and worker-pool:
 * a task that failed is an outcome like any other: its error is reported
 * and counted, and the status is 0 once every task's outcome is known. The
 * status is 1 when an outcome is lost (a task could not be started, joined
 * or waited for, or the program's own threads or memory failed), 2 on bad
 * usage.
 *
 * The tasks live in static storage, so a task thread never depends on a
 * stack frame of main.
 *
 * The bug: gather stops at the first task error (a gather without
 * return_exceptions). Task 0 always fails, so tasks 1..7 are never joined
 * (TSan: thread leak; Memcheck: their thread blocks possibly lost, both at
 * the pthread_create line) and their outcomes are never counted. Under the
 * faults tool the task that never ran is not counted either: `8 tasks: 0 ok,
 * 1 failed, 0 not run`, exit 0 (fault-ignored).
 *
 * Usage: gather-errors [NUMBER|wait...]   (default: -1 1 2 3 5 8 13 wait)
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

#define PROG "gather-errors"
#define MAX_TASKS 64

/* One task. Its thread writes result and error; gather reads them only after
 * pthread_join has returned. thread and started belong to main. */
struct task {
	pthread_t thread;
	const char *input;
	long long result;
	int error; /* 0, or the task's errno value */
	bool started;
};

struct tally {
	size_t ok, failed, not_run;
};

static struct task tasks[MAX_TASKS];

static void report_error(size_t i, const char *what, int rc)
{
	char buf[128];
	fprintf(stderr, "%s: task %zu: %s: %s\n", PROG, i, what, error_text(rc, buf, sizeof buf));
}

static void *factorial(void *arg)
{
	struct task *t = arg;
	if (strcmp(t->input, "wait") == 0) {
		for (;;)
			pause(); /* until cancelled: pause() is a cancellation point */
	}
	char *end;
	errno = 0;
	long long n = strtoll(t->input, &end, 10);
	if (end == t->input || *end != '\0' || errno != 0) {
		t->error = errno != 0 ? errno : EINVAL;
		return NULL;
	}
	if (n < 0) {
		t->error = EDOM;
		return NULL;
	}
	long long product = 1;
	for (long long k = 2; k <= n; k++) {
		if (__builtin_mul_overflow(product, k, &product)) {
			t->error = ERANGE;
			return NULL;
		}
	}
	t->result = product;
	return NULL;
}

/* Starts one thread per task; a task that cannot start is reported here and
 * left with started == false. */
static void start_tasks(size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int rc = pthread_create(&tasks[i].thread, NULL, factorial, &tasks[i]); /* @spawn */
		if (rc != 0)
			report_error(i, "pthread_create", rc);
		tasks[i].started = rc == 0;
	}
}

/* Cancels every started task whose input is `wait`: work called off. */
static void cancel_waiting_tasks(size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!tasks[i].started || strcmp(tasks[i].input, "wait") != 0)
			continue;
		int rc = pthread_cancel(tasks[i].thread);
		if (rc != 0)
			report_error(i, "pthread_cancel", rc);
	}
}

/* safe_gather: joins every started task and sorts the outcomes. */
static struct tally gather(size_t n)
{
	struct tally tally = { 0 };
	for (size_t i = 0; i < n; i++) {
		struct task *t = &tasks[i];
		if (!t->started) {
			tally.not_run++;
			continue;
		}
		void *exit_value;
		int rc = pthread_join(t->thread, &exit_value);
		if (rc != 0) {
			report_error(i, "pthread_join", rc);
			tally.not_run++;
			continue;
		}
		if (exit_value == PTHREAD_CANCELED)
			t->error = ECANCELED; /* no result: an error, not a success */
		char buf[128];
		if (t->error != 0) {
			printf("task %zu (\"%s\") failed: %s\n", i, t->input,
			       error_text(t->error, buf, sizeof buf));
			tally.failed++;
			return tally; /* the first error ends the gather */
		}
		printf("task %zu (\"%s\"): %lld\n", i, t->input, t->result);
		tally.ok++;
	}
	return tally;
}

int main(int argc, char **argv)
{
	static const char *const demo_inputs[] = { "-1", "1", "2", "3", "5", "8", "13", "wait" };
	size_t n = argc > 1 ? (size_t)argc - 1 : sizeof demo_inputs / sizeof demo_inputs[0];
	if (n > MAX_TASKS) {
		fprintf(stderr, "usage: %s [NUMBER...] (at most %d numbers)\n", PROG, MAX_TASKS);
		return 2;
	}
	for (size_t i = 0; i < n; i++)
		tasks[i].input = argc > 1 ? argv[i + 1] : demo_inputs[i];

	start_tasks(n);
	cancel_waiting_tasks(n);
	struct tally tally = gather(n);
	printf("%zu tasks: %zu ok, %zu failed, %zu not run\n", n, tally.ok, tally.failed,
	       tally.not_run);
	return tally.not_run == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
