/* SPDX-License-Identifier: 0BSD */
/*
 * gather-errors: gather waits for every task and counts its successes and errors
 *
 * rule: Handle exceptions in all tasks: safe_gather, gather(..., return_exceptions=True), count the errors (seed)
 * fault: pthread_create 2 EAGAIN
 *
 * One thread per input computes the factorial of the number (EDOM for a
 * negative number, ERANGE past 20!, EINVAL for text). gather() then joins
 * every task, in order, and sorts the outcomes: successes, task errors, and
 * tasks that never ran. The demo's first input, -1, fails by design, so the
 * output always shows a collected error: `task 0 ("-1") failed: Numerical
 * argument out of domain`, then `8 tasks: 7 ok, 1 failed, 0 not run`.
 * Exit status: a task's error is that task's outcome; it is printed and
 * counted, and the status stays 0 because every task was gathered. The
 * status is 1 when the gather is incomplete: a task could not be started or
 * joined, so its outcome is unknown. Under the faults tool the 2nd
 * pthread_create fails with EAGAIN: task 1 is reported as not run, exit 1.
 * The tasks live in static storage, so a task thread never depends on a
 * stack frame of main.
 * Usage: gather-errors [NUMBER...]   (default: -1 1 2 3 5 8 13 20)
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
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
		int rc = pthread_join(t->thread, NULL);
		if (rc != 0) {
			report_error(i, "pthread_join", rc);
			tally.not_run++;
			continue;
		}
		char buf[128];
		if (t->error != 0) {
			printf("task %zu (\"%s\") failed: %s\n", i, t->input,
			       error_text(t->error, buf, sizeof buf));
			tally.failed++;
			continue; /* an error is one outcome; keep gathering */
		}
		printf("task %zu (\"%s\"): %lld\n", i, t->input, t->result);
		tally.ok++;
	}
	return tally;
}

int main(int argc, char **argv)
{
	static const char *const demo_inputs[] = { "-1", "1", "2", "3", "5", "8", "13", "20" };
	size_t n = argc > 1 ? (size_t)argc - 1 : sizeof demo_inputs / sizeof demo_inputs[0];
	if (n > MAX_TASKS) {
		fprintf(stderr, "usage: %s [NUMBER...] (at most %d numbers)\n", PROG, MAX_TASKS);
		return 2;
	}
	for (size_t i = 0; i < n; i++)
		tasks[i].input = argc > 1 ? argv[i + 1] : demo_inputs[i];

	start_tasks(n);
	struct tally tally = gather(n);
	printf("%zu tasks: %zu ok, %zu failed, %zu not run\n", n, tally.ok, tally.failed,
	       tally.not_run);
	return tally.not_run == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
