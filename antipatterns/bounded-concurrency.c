/* SPDX-License-Identifier: 0BSD */
/*
 * bounded-concurrency: without the semaphore every request is in flight at once
 *
 * rule: Limit concurrency with semaphores (seed: fetch_with_limit)
 * caps: threads=70 fds=40
 * expect: caps cap-exceeded
 * expect: watchdog,tsan,asan,helgrind,drd,memcheck self-check @limit
 *
 * The program makes REQUESTS requests to a loopback server
 * (support/loopback.h, in its own thread: it answers each request
 * 50 ms after it arrives, then closes the connection, and counts how many
 * requests it holds at once). As in the seed, every request is started at
 * once: one thread per request, all released together from a start line.
 * Each request opens a TCP connection, sends a line, waits for the echo and
 * closes the connection. The program checks that the server never held more
 * than LIMIT requests at once.
 * Usage: bounded-concurrency [REQUESTS [LIMIT]], by default 64 and 8.
 *
 * The bug: the semaphore of LIMIT permits is there, but a request never takes
 * a permit, so all REQUESTS connections (2 descriptors each here: client and
 * server side) and requests are in flight at once. Under a cap of 40
 * descriptors, the server's accept() or a request's socket() fails with
 * EMFILE and the program exits 1. Without a cap every request succeeds, but
 * the server held them all at once (64 natively, 26 or more under Valgrind):
 * the self-check fails, under every tool.
 */
#include "../support/loopback.h"

#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
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

#define PROG "bounded-concurrency"

enum { LATENCY_MS = 50, IDLE_MS = 0 };	/* IDLE_MS 0: one request per connection */

/* The two semaphores every request thread shares (a sem_t needs no lock):
 * `start`: main posts it once per thread when all exist, so all start at once;
 * `permits`: LIMIT permits, one per request in flight. */
struct shared {
	sem_t start, permits;
	unsigned short port;
};

/* One request. Its thread writes `what` and `err`; main reads them after
 * joining it. */
struct request {
	size_t id;
	struct shared *shared;
	const char *what;	/* the call that failed */
	int err;		/* 0, or its errno value */
};

static void report(const char *what, int err)
{
	char buf[128];

	fprintf(stderr, PROG ": %s: %s\n", what, error_text(err, buf, sizeof buf));
}

/* sem_wait, retried when a signal interrupts it. Returns 0 or an errno value. */
static int wait_sem(sem_t *sem)
{
	while (sem_wait(sem) != 0)
		if (errno != EINTR)
			return errno;
	return 0;
}

/* Sends the line, then reads until the echoed line is back. */
static int exchange(int fd, const char *line, size_t len, const char **what)
{
	char reply[LB_LINE_MAX];
	size_t got = 0;

	if (send(fd, line, len, MSG_NOSIGNAL) != (ssize_t)len) {
		*what = "send";
		return errno != 0 ? errno : EIO;
	}
	while (got < len) {
		ssize_t n = recv(fd, reply + got, sizeof reply - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			*what = "recv";
			return n < 0 ? errno : ECONNRESET;	/* 0: server hung up */
		}
		got += (size_t)n;
	}
	if (got != len || memcmp(reply, line, len) != 0) {
		*what = "reply";
		return EPROTO;
	}
	return 0;
}

/* One blocking request on its own connection. Returns 0 or an errno value. */
static int fetch(unsigned short port, size_t id, const char **what)
{
	struct sockaddr_in addr = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	char line[LB_LINE_MAX];
	int len = snprintf(line, sizeof line, "request %zu\n", id);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		*what = "socket";
		return errno;
	}
	int err = 0;
	if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
		*what = "connect";
		err = errno;
	} else {
		err = exchange(fd, line, (size_t)len, what);
	}
	if (close(fd) != 0 && err == 0) {
		*what = "close";
		err = errno;
	}
	return err;
}

static void *request_thread(void *arg)
{
	struct request *r = arg;
	struct shared *sh = r->shared;

	r->what = "sem_wait";
	r->err = wait_sem(&sh->start);
	if (r->err != 0)
		return NULL;
	r->err = fetch(sh->port, r->id, &r->what);	/* no permit taken */
	return NULL;
}

/* Threads that only wait need little stack: 256 KiB rather than the default
 * 8 MiB keeps many of them cheap (and quick under Valgrind). */
static int start_thread(pthread_t *thread, void *(*fn)(void *), void *arg)
{
	pthread_attr_t attr;
	int rc = pthread_attr_init(&attr);

	if (rc != 0)
		return rc;
	rc = pthread_attr_setstacksize(&attr, 256 * 1024);
	if (rc == 0)
		rc = pthread_create(thread, &attr, fn, arg);
	int destroyed = pthread_attr_destroy(&attr);
	if (destroyed != 0)	/* the thread, if created, runs all the same */
		report("pthread_attr_destroy", destroyed);
	return rc;
}

static int parse_count(const char *arg, size_t *out)
{
	char *end;

	errno = 0;
	unsigned long v = strtoul(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || v == 0 || v > 10000)
		return -1;
	*out = v;
	return 0;
}

/* Starts a thread per request, then releases them all at once. Returns how
 * many threads were started (all of them, unless *failed is set). */
static size_t start_requests(struct request *requests, pthread_t *threads,
			     size_t nrequests, struct shared *sh, int *failed)
{
	size_t started = 0;

	for (; started < nrequests; started++) {
		requests[started] = (struct request){ .id = started, .shared = sh };
		int rc = start_thread(&threads[started], request_thread,
				      &requests[started]);
		if (rc != 0) {
			report("pthread_create", rc);
			*failed = 1;
			break;
		}
	}
	for (size_t i = 0; i < started; i++)
		if (sem_post(&sh->start) != 0) {
			report("sem_post", errno);
			abort();	/* threads left waiting: joining would hang */
		}
	return started;
}

int main(int argc, char **argv)
{
	size_t nrequests = 64, limit = 8;

	if (argc > 3 || (argc > 1 && parse_count(argv[1], &nrequests) != 0) ||
	    (argc > 2 && parse_count(argv[2], &limit) != 0)) {
		fprintf(stderr, "usage: " PROG " [REQUESTS [LIMIT]]\n");
		return 2;
	}
	struct loopback_server server;
	if (loopback_start(&server, LATENCY_MS, IDLE_MS) != 0)
		return 1;

	int failed = 0;
	struct shared sh = { .port = server.port };
	struct request *requests = calloc(nrequests, sizeof *requests);
	pthread_t *threads = calloc(nrequests, sizeof *threads);
	bool have_sems = false;
	if (requests == NULL || threads == NULL)
		report("calloc", errno);
	else if (sem_init(&sh.start, 0, 0) != 0)
		report("sem_init", errno);
	else if (sem_init(&sh.permits, 0, (unsigned)limit) != 0) {
		report("sem_init", errno);
		if (sem_destroy(&sh.start) != 0)
			report("sem_destroy", errno);
	} else
		have_sems = true;
	failed = !have_sems;

	size_t started = 0;
	if (have_sems)
		started = start_requests(requests, threads, nrequests, &sh, &failed);
	size_t errors = 0, first_error = 0;
	for (size_t i = 0; i < started; i++) {
		int rc = pthread_join(threads[i], NULL);
		if (rc != 0) {
			report("pthread_join", rc);
			failed = 1;
		} else if (requests[i].err != 0 && errors++ == 0) {
			first_error = i;
		}
	}
	if (errors != 0) {
		char buf[128];
		const struct request *r = &requests[first_error];
		fprintf(stderr, PROG ": %zu of %zu requests failed; first, request %zu: %s: %s\n",
			errors, nrequests, r->id, r->what, error_text(r->err, buf, sizeof buf));
	}
	if (have_sems && (sem_destroy(&sh.start) != 0 || sem_destroy(&sh.permits) != 0)) {
		report("sem_destroy", errno);
		failed = 1;
	}
	free(threads);
	free(requests);
	if (loopback_stop(&server) != 0)
		failed = 1;
	if (failed || errors != 0)
		return 1;

	printf("%zu requests, 0 errors, at most %d in flight at the server (limit %zu), %ld served\n",
	       nrequests, server.peak_in_flight, limit, server.requests_served);
	if ((size_t)server.peak_in_flight > limit) {
		fprintf(stderr, "%s:%d: self-check: %d requests in flight at once, limit %zu\n", __FILE__, __LINE__, server.peak_in_flight, limit); /* @limit */
		return 1;
	}
	return 0;
}
