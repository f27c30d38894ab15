/* SPDX-License-Identifier: 0BSD */
/*
 * task-errors: every pthread call's result and every task's own result are checked
 *
 * rule: Handle exceptions in all tasks; Don't ignore task exceptions (seed; CERT POS54-C)
 * fault: pthread_create 2 EAGAIN
 *
 * TASKS threads each sum the squares of their own slice of numbers (task i
 * takes i*SLICE+1 .. (i+1)*SLICE) and store the sum, or an error (EOVERFLOW
 * when the sum does not fit in a long long), in their own result slot. Main
 * checks every pthread_create and pthread_join, and after each join it
 * inspects the task's error before using its sum. By default every task
 * succeeds: `4 tasks: 4 ok, 0 failed, 0 not run`, exit 0. With SLICE
 * 1000000, task 3 overflows: main reports `task 3: failed: Value too large
 * for defined data type` and counts it, `4 tasks: 3 ok, 1 failed, 0 not
 * run`, exit 0. Under the faults tool the 2nd pthread_create fails with
 * EAGAIN, so task 1 never runs: main says so, counts it as not run, exit 1.
 *
 * Exit status, one policy for task-errors, gather-errors and worker-pool:
 * a task that failed is an outcome like any other: its error is reported
 * and counted, and the status is 0 once every task's outcome is known. The
 * status is 1 when an outcome is lost (a task could not be started, joined
 * or waited for, or the program's own threads or memory failed), 2 on bad
 * usage.
 *
 * Usage: task-errors [SLICE [TASKS]]   (defaults 1000 and 4)
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

#define PROG "task-errors"
#define MAX_TASKS 64

/* One task's input and result. Its thread writes sum and error; main reads
 * them only after pthread_join has returned. started belongs to main. */
struct task {
	pthread_t thread;
	long long first, last; /* sum the squares of first..last */
	long long sum;
	int error; /* 0, or why the task failed */
	bool started;
};

/* Reports what failed for task i, if err says something did. Returns 1
 * then, 0 when err is 0. */
static size_t report_task(size_t i, const char *what, int err)
{
	if (err == 0)
		return 0;
	char buf[128];
	fprintf(stderr, "%s: task %zu: %s: %s\n", PROG, i, what, error_text(err, buf, sizeof buf));
	return 1;
}

static void print_sum(size_t i, const struct task *t)
{
	printf("task %zu: squares of %lld..%lld sum to %lld\n", i, t->first, t->last, t->sum);
}

static void *sum_squares(void *arg)
{
	struct task *t = arg;
	long long sum = 0;
	for (long long k = t->first; k <= t->last; k++) {
		long long square;
		if (__builtin_mul_overflow(k, k, &square) ||
		    __builtin_add_overflow(sum, square, &sum)) {
			t->error = EOVERFLOW;
			return NULL;
		}
	}
	t->sum = sum;
	return NULL;
}

/* Returns the number in text, or 0 when it is not a number from 1 to max. */
static size_t parse_count(const char *text, size_t max)
{
	char *end;
	errno = 0;
	unsigned long value = strtoul(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || value > max)
		return 0;
	return value;
}

int main(int argc, char **argv)
{
	size_t slice = argc > 1 ? parse_count(argv[1], 10000000) : 1000;
	size_t num_tasks = argc > 2 ? parse_count(argv[2], MAX_TASKS) : 4;
	if (slice == 0 || num_tasks == 0) {
		fprintf(stderr, "usage: %s [SLICE [TASKS]] (SLICE up to 10000000, "
			"TASKS up to %d)\n", PROG, MAX_TASKS);
		return 2;
	}
	struct task tasks[MAX_TASKS];
	size_t failed = 0, not_run = 0;

	for (size_t i = 0; i < num_tasks; i++) {
		struct task *t = &tasks[i];
		*t = (struct task){ .first = (long long)(i * slice + 1),
				    .last = (long long)((i + 1) * slice) };
		int rc = pthread_create(&t->thread, NULL, sum_squares, t);
		t->started = report_task(i, "pthread_create", rc) == 0;
		not_run += !t->started;
	}
	for (size_t i = 0; i < num_tasks; i++) {
		struct task *t = &tasks[i];
		if (!t->started)
			continue;
		if (report_task(i, "pthread_join", pthread_join(t->thread, NULL)))
			not_run++; /* joined or not, its outcome is unknown */
		else if (report_task(i, "failed", t->error)) /* its own result, after the join */
			failed++;
		else
			print_sum(i, t);
	}
	printf("%zu tasks: %zu ok, %zu failed, %zu not run\n", num_tasks,
	       num_tasks - failed - not_run, failed, not_run);
	return not_run == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
