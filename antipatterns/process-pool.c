/* SPDX-License-Identifier: 0BSD */
/*
 * process-pool: fork workers, collect results by pipe, but take a killed worker for a success
 *
 * rule: Use multiprocessing for CPU-bound parallel work (ProcessPoolExecutor)
 * fault: kill-child 2
 * expect: faults fault-ignored
 *
 * The job adds up x*x for x in [0, N) (mod 2^64), as the seed's
 * cpu_intensive() does, split over WORKERS forked processes. Each worker
 * computes its share and writes the 8-byte partial sum to its own pipe; the
 * parent reads every pipe, reaps every child with waitpid and adds the parts.
 * Workers wait at a start gate (a pipe the parent closes once all are
 * forked), so a worker killed right after fork never got to send anything.
 * Usage: process-pool [WORKERS [N]]   (defaults: 4 4000000)
 *
 * The bug: the parent checks each call and each worker's exit status, but
 * reads WEXITSTATUS without asking first whether the worker exited at all
 * (@status). A worker killed by a signal (SIGKILL, the OOM killer, a
 * segfault) has no exit status: WEXITSTATUS is meaningless for it, and
 * glibc's gives 0. Nor does the parent check that a whole result arrived,
 * so the dead worker's missing part silently counts as 0: the parent prints
 * a wrong total and exits 0. The correct twin asks WIFSIGNALED first and
 * checks the result's length.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
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

#define MAX_WORKERS 64

struct worker {
	unsigned number;	/* 1, 2, ... in fork order */
	pid_t pid;
	int result_fd;		/* parent: read end of this worker's result pipe */
};

static void report(const char *what, int err)
{
	char buf[128];

	fprintf(stderr, "process-pool: %s: %s\n", what, error_text(err, buf, sizeof buf));
}

static uint64_t sum_of_squares(uint64_t first, uint64_t end)
{
	uint64_t sum = 0;

	for (uint64_t x = first; x < end; x++)
		sum += x * x;
	return sum;
}

/* Reads up to len bytes, stopping early only at end of file.
 * Returns the number of bytes read, or -1 on error. */
static ssize_t read_full(int fd, void *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, (char *)buf + got, len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

static int close_fd(int fd)
{
	if (close(fd) != 0) {
		report("close", errno);
		return -1;
	}
	return 0;
}

/* The child's side of worker index: it keeps only the gate's read end and
 * its result pipe's write end, closing what else it inherited. Never returns:
 * _exit skips the atexit handlers and stdio buffers, which are the parent's. */
static void run_worker(const struct worker *workers, unsigned index, int gate[2],
		       int result[2], uint64_t first, uint64_t end)
{
	char go;
	int ok = close_fd(gate[1]) == 0 && close_fd(result[0]) == 0;

	for (unsigned i = 0; i < index; i++)
		ok = close_fd(workers[i].result_fd) == 0 && ok;
	ok = read_full(gate[0], &go, 1) == 0 && ok;	/* EOF: all are forked */
	uint64_t sum = sum_of_squares(first, end);
	ok = write(result[1], &sum, sizeof sum) == (ssize_t)sizeof sum && ok;
	ok = close_fd(result[1]) == 0 && close_fd(gate[0]) == 0 && ok;
	_exit(ok ? 0 : 1);
}

/* Forks worker index (0-based of count) with its share of [0, n). Returns 0
 * when it started, 1 when it started but closing the parent's copy of the
 * pipe's write end failed, -1 when it did not start; errors are reported. */
static int start_worker(struct worker *workers, unsigned index, unsigned count,
			uint64_t n, int gate[2])
{
	int result[2];

	if (pipe(result) != 0) {
		report("pipe", errno);
		return -1;
	}
	pid_t pid = fork();
	if (pid < 0) {
		report("fork", errno);
		close_fd(result[0]);
		close_fd(result[1]);
		return -1;
	}
	if (pid == 0)
		run_worker(workers, index, gate, result, n / count * index,
			   index + 1 == count ? n : n / count * (index + 1));
	workers[index] = (struct worker){ index + 1, pid, result[0] };
	return close_fd(result[1]) == 0 ? 0 : 1;
}

/* Says how worker w failed, e.g. "killed by signal: 9". Returns -1. */
static int worker_failed(const struct worker *w, const char *how, int value)
{
	fprintf(stderr, "process-pool: worker %u (pid %d) %s: %d\n", w->number, (int)w->pid,
		how, value);
	return -1;
}

/* Reads worker w's result, closes its pipe and reaps it.
 * Returns 0 with *partial set, or -1 after saying what went wrong. */
static int collect(const struct worker *w, uint64_t *partial)
{
	int rc = 0, status;
	ssize_t got = read_full(w->result_fd, partial, sizeof *partial);

	if (got < 0) {
		report("read", errno);
		rc = -1;
	}
	if (close_fd(w->result_fd) != 0)
		rc = -1;
	if (waitpid(w->pid, &status, 0) < 0) {
		report("waitpid", errno);
		return -1;
	}
	/* How the worker ended, and whether it sent a whole result, matter as
	 * much as the calls succeeding: a crashed worker is a failed task. */
	if (WEXITSTATUS(status) != 0) /* @status: BUG: 0 for a killed worker too */
		return worker_failed(w, "exited with status", WEXITSTATUS(status));
	return rc;
}

/* Parses argv[i] (if present) as an integer in [1, max]. */
static int parse_arg(int argc, char **argv, int i, uint64_t max, uint64_t *out)
{
	char *end;

	if (i >= argc)
		return 0;
	errno = 0;
	unsigned long long v = strtoull(argv[i], &end, 10);
	if (errno != 0 || end == argv[i] || *end != '\0' || v < 1 || v > max) {
		fprintf(stderr, "usage: process-pool [WORKERS [N]]\n");
		return -1;
	}
	*out = v;
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t count = 4, n = 4000000;
	struct worker workers[MAX_WORKERS];
	int gate[2];	/* start gate: workers block reading gate[0] until EOF */

	if (parse_arg(argc, argv, 1, MAX_WORKERS, &count) != 0 ||
	    parse_arg(argc, argv, 2, UINT64_C(1) << 40, &n) != 0)
		return 2;
	if (pipe(gate) != 0) {
		report("pipe", errno);
		return 1;
	}

	int status = 0;
	unsigned started = 0;
	for (; started < count; started++) {
		int rc = start_worker(workers, started, (unsigned)count, n, gate);
		if (rc != 0)
			status = 1;
		if (rc < 0)
			break;
	}
	/* Opening the gate: every started worker reads EOF and starts. */
	if (close_fd(gate[1]) != 0 || close_fd(gate[0]) != 0)
		status = 1;

	uint64_t total = 0;
	for (unsigned i = 0; i < started; i++) {
		uint64_t partial = 0;

		if (collect(&workers[i], &partial) != 0) {
			status = 1;
			continue;
		}
		total += partial;
	}
	if (status != 0)
		return status;

	printf("sum of squares below %" PRIu64 " by %u workers: %" PRIu64 "\n",
	       n, started, total);
	return 0;
}
