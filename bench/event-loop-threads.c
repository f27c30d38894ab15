/*
 * event-loop-threads: the thread-per-connection version of patterns/event-loop-io.c
 *
 * For `make bench` only: the same work as patterns/event-loop-io.c (CONNECTIONS
 * TCP connections to the loopback server of support/loopback.h, which
 * answers each request 50 ms after it arrives; one request and its echoed
 * reply per connection), done the blocking way: one thread per connection,
 * each blocked in its own recv(). Compare elapsed time, CPU time and memory
 * with the one-thread event loop, e.g.
 *   /usr/bin/time -v build/bench/event-loop-threads 1000
 *   /usr/bin/time -v build/patterns/event-loop-io 1000
 * Usage: event-loop-threads [CONNECTIONS], by default 100.
 */
#include "../support/loopback.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define PROG "event-loop-threads"

enum { LATENCY_MS = 50, IDLE_MS = 1000, STACK_BYTES = 64 * 1024 };

/* One connection. Its thread writes `what` and `err`; main reads them after
 * joining it. */
struct client {
	size_t id;
	unsigned short port;
	const char *what;
	int err;
};

static void report(const char *what, int err)
{
	char buf[128];

	fprintf(stderr, PROG ": %s: %s\n", what, strerror_r(err, buf, sizeof buf));
}

/* Each connection costs two descriptors here (client and server side). */
static int ensure_fd_limit(rlim_t needed)
{
	struct rlimit lim;

	if (getrlimit(RLIMIT_NOFILE, &lim) != 0) {
		report("getrlimit", errno);
		return -1;
	}
	if (lim.rlim_cur != RLIM_INFINITY && lim.rlim_cur < needed) {
		if (lim.rlim_max != RLIM_INFINITY && lim.rlim_max < needed) {
			fprintf(stderr, PROG ": needs %lu file descriptors, the hard limit is %lu\n",
				(unsigned long)needed, (unsigned long)lim.rlim_max);
			return -1;
		}
		lim.rlim_cur = lim.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &lim) != 0) {
			report("setrlimit", errno);
			return -1;
		}
	}
	return 0;
}

/* Connect, send one line, block until it is echoed back, close. */
static void *client_thread(void *arg)
{
	struct client *c = arg;
	struct sockaddr_in addr = {
		.sin_family = AF_INET,
		.sin_port = htons(c->port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	char line[LB_LINE_MAX], reply[LB_LINE_MAX];
	size_t len = (size_t)snprintf(line, sizeof line, "request %zu\n", c->id);
	size_t got = 0;

	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		c->what = "socket";
		c->err = errno;
		return NULL;
	}
	if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
		c->what = "connect";
		c->err = errno;
	} else if (send(fd, line, len, MSG_NOSIGNAL) != (ssize_t)len) {
		c->what = "send";
		c->err = errno != 0 ? errno : EIO;
	}
	while (c->err == 0 && got < len) {
		ssize_t n = recv(fd, reply + got, sizeof reply - got, 0);
		if (n > 0) {
			got += (size_t)n;
		} else if (n == 0 || errno != EINTR) {
			c->what = "recv";
			c->err = n == 0 ? ECONNRESET : errno;
		}
	}
	if (c->err == 0 && memcmp(reply, line, len) != 0) {
		c->what = "reply";
		c->err = EPROTO;
	}
	if (close(fd) != 0 && c->err == 0) {
		c->what = "close";
		c->err = errno;
	}
	return NULL;
}

static int start_thread(pthread_t *thread, void *(*fn)(void *), void *arg)
{
	pthread_attr_t attr;
	int rc = pthread_attr_init(&attr);

	if (rc != 0)
		return rc;
	rc = pthread_attr_setstacksize(&attr, STACK_BYTES);
	if (rc == 0)
		rc = pthread_create(thread, &attr, fn, arg);
	int destroyed = pthread_attr_destroy(&attr);
	if (destroyed != 0)
		report("pthread_attr_destroy", destroyed);
	return rc;
}

int main(int argc, char **argv)
{
	size_t nconns = 100;

	if (argc == 2) {
		char *end;
		errno = 0;
		unsigned long v = strtoul(argv[1], &end, 10);
		if (errno != 0 || end == argv[1] || *end != '\0' || v == 0 || v > 100000) {
			fprintf(stderr, "usage: " PROG " [CONNECTIONS]\n");
			return 2;
		}
		nconns = v;
	} else if (argc > 2) {
		fprintf(stderr, "usage: " PROG " [CONNECTIONS]\n");
		return 2;
	}
	if (ensure_fd_limit(2 * nconns + 16) != 0)
		return 1;
	struct loopback_server server;
	if (loopback_start(&server, LATENCY_MS, IDLE_MS) != 0)
		return 1;

	int failed = 0;
	struct client *clients = calloc(nconns, sizeof *clients);
	pthread_t *threads = calloc(nconns, sizeof *threads);
	size_t started = 0, errors = 0;
	long long start = lb_now_ns();
	if (clients == NULL || threads == NULL) {
		report("calloc", errno);
		failed = 1;
	}
	for (; !failed && started < nconns; started++) {
		clients[started] = (struct client){ .id = started, .port = server.port };
		int rc = start_thread(&threads[started], client_thread, &clients[started]);
		if (rc != 0) {
			report("pthread_create", rc);
			failed = 1;
			break;
		}
	}
	for (size_t i = 0; i < started; i++) {
		int rc = pthread_join(threads[i], NULL);
		if (rc != 0) {
			report("pthread_join", rc);
			failed = 1;
		} else if (clients[i].err != 0 && errors++ == 0) {
			report(clients[i].what, clients[i].err);
		}
	}
	long long elapsed = lb_now_ns() - start;
	free(threads);
	free(clients);
	if (loopback_stop(&server) != 0)
		failed = 1;

	struct rusage usage;
	if (getrusage(RUSAGE_SELF, &usage) != 0) {
		report("getrusage", errno);
		failed = 1;
	}
	if (failed || errors != 0)
		return 1;
	printf("%zu connections, %zu replies in %.0f ms, %zu threads (server peak: %d connections), CPU %.0f ms, max RSS %ld KiB\n",
	       nconns, nconns, (double)elapsed / 1e6, started, server.peak_connections,
	       (double)(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 +
		       (double)(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3,
	       usage.ru_maxrss);
	return 0;
}
