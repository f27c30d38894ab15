/* SPDX-License-Identifier: 0BSD */
/*
 * event-loop-io: one thread drives many connections from one epoll loop
 *
 * rule: Use asyncio for I/O-bound work; Don't mix sync and async carelessly (seed)
 *
 * One thread opens CONNECTIONS TCP connections to a loopback server
 * (support/loopback.h, in its own thread: it answers each request
 * 50 ms after it arrives, and closes a connection left idle for 1 s), sends
 * one request on each and collects every reply, all from one epoll loop: what
 * asyncio does for Python. A heartbeat timer (timerfd, every 10 ms) is watched
 * by the same loop and measures how late the loop gets to it. The program
 * prints the elapsed time and the heartbeat's worst lateness, and checks that
 * it stayed under 20 periods (200 ms: room for Valgrind's slowdown, far below
 * a blocked loop).
 * Every connection has a deadline, 5 s after it was opened (the timeouts
 * entry's rule: no wait without one). The loop never sleeps in epoll_wait
 * past the earliest pending deadline, and a connection still without its
 * reply then is closed and reported, and the program exits 1.
 * Usage: event-loop-io [CONNECTIONS], by default 100; 1000 and more work.
 *
 * Every socket is non-blocking, so no call in the loop can stall it: all the
 * replies arrive together after about 50 ms and the heartbeat stays on time
 * (a few ms late at worst, natively and under Valgrind alike).
 */
#include "../support/loopback.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
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

#define PROG "event-loop-io"

enum {
	LATENCY_MS = 50,	/* the server answers each request after this */
	IDLE_MS = 1000,		/* ... and closes a connection idle this long */
	PERIOD_MS = 10,		/* heartbeat period */
	REPLY_TIMEOUT_MS = 5000,	/* a connection's deadline, from its opening */
	LATE_BOUND_MS = 20 * PERIOD_MS,
	MAX_EVENTS = 64,
};

struct conn {
	int fd;			/* -1 once the reply is in and it is closed */
	bool sent;		/* the request went out */
	long long deadline_ns;	/* no reply by then: closed and reported */
	char request[LB_LINE_MAX], reply[LB_LINE_MAX];
	size_t request_len, reply_len;
};

/* The heartbeat: tick k is due at start + k * PERIOD_MS. */
struct heartbeat {
	int fd;
	long long start_ns;
	uint64_t ticks;		/* expirations seen so far */
	long long worst_late_ns;
};

static void report(const char *what, int err)
{
	char buf[128];

	fprintf(stderr, PROG ": %s: %s\n", what, error_text(err, buf, sizeof buf));
}

/* Each connection costs two descriptors here (client and server side):
 * raise the soft limit up to the hard limit if that is not enough. */
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

static int start_heartbeat(struct heartbeat *hb, int epoll_fd)
{
	struct itimerspec every = {
		.it_interval = { 0, PERIOD_MS * 1000000L },
		.it_value = { 0, PERIOD_MS * 1000000L },
	};
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = hb };

	hb->fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (hb->fd < 0) {
		report("timerfd_create", errno);
		return -1;
	}
	hb->start_ns = lb_now_ns();
	if (timerfd_settime(hb->fd, 0, &every, NULL) != 0) {
		report("timerfd_settime", errno);
		return -1;
	}
	if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, hb->fd, &ev) != 0) {
		report("epoll_ctl", errno);
		return -1;
	}
	return 0;
}

/* How late is the oldest tick not seen yet? */
static int on_heartbeat(struct heartbeat *hb)
{
	uint64_t expirations;
	ssize_t n = read(hb->fd, &expirations, sizeof expirations);

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (n != (ssize_t)sizeof expirations) {
		report("read (heartbeat)", n < 0 ? errno : EIO);
		return -1;
	}
	long long due = hb->start_ns + (long long)(hb->ticks + 1) * PERIOD_MS * 1000000LL;
	long long late = lb_now_ns() - due;
	if (late > hb->worst_late_ns)
		hb->worst_late_ns = late;
	hb->ticks += expirations;
	return 0;
}

/* Starts connecting; the loop sends the request once the socket is writable. */
static int open_conn(struct conn *c, size_t id, unsigned short port, int epoll_fd)
{
	struct sockaddr_in addr = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	/* Edge-triggered: each readiness change is reported once, so the
	 * reader must drain the socket until it would block. */
	struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT | EPOLLET, .data.ptr = c };

	c->request_len = (size_t)snprintf(c->request, sizeof c->request, "request %zu\n", id);
	c->deadline_ns = lb_now_ns() + REPLY_TIMEOUT_MS * 1000000LL;
	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0) {
		report("socket", errno);
		return -1;
	}
	if (connect(c->fd, (struct sockaddr *)&addr, sizeof addr) != 0 && errno != EINPROGRESS) {
		report("connect", errno);
		return -1;
	}
	if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, c->fd, &ev) != 0) {
		report("epoll_ctl", errno);
		return -1;
	}
	return 0;
}

static int send_request(struct conn *c)
{
	ssize_t n = send(c->fd, c->request, c->request_len, MSG_NOSIGNAL);

	if (n < 0) {
		report("send", errno);
		return -1;
	}
	if ((size_t)n != c->request_len) {	/* 20 bytes always fit a new socket */
		fprintf(stderr, PROG ": send: short write\n");
		return -1;
	}
	c->sent = true;
	return 0;
}

/* Reads until the socket has nothing more to give (EAGAIN) or the server
 * closed it. Returns 1 when the whole reply is in, 0 if not yet, -1 on error. */
static int drain(struct conn *c)
{
	bool closed = false;

	while (!closed) {
		if (c->reply_len == sizeof c->reply) {
			fprintf(stderr, PROG ": reply too long\n");
			return -1;
		}
		ssize_t n = recv(c->fd, c->reply + c->reply_len,
				 sizeof c->reply - c->reply_len, 0);
		if (n > 0)
			c->reply_len += (size_t)n;
		else if (n == 0)
			closed = true;
		else if (errno == EAGAIN || errno == EWOULDBLOCK)
			break;	/* drained: the next edge wakes the loop */
		else if (errno != EINTR) {
			report("recv", errno);
			return -1;
		}
	}
	bool whole = memchr(c->reply, '\n', c->reply_len) != NULL;
	if (closed && !whole) {
		fprintf(stderr, PROG ": the server closed a connection before replying\n");
		return -1;
	}
	return whole;
}

static int on_conn_event(struct conn *c, uint32_t events, size_t *done)
{
	if (!c->sent && (events & (EPOLLOUT | EPOLLERR)) && send_request(c) != 0)
		return -1;
	if (!(events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
		return 0;
	int whole = drain(c);
	if (whole <= 0)
		return whole;
	if (c->reply_len != c->request_len ||
	    memcmp(c->reply, c->request, c->reply_len) != 0) {
		fprintf(stderr, PROG ": a reply does not match its request\n");
		return -1;
	}
	if (close(c->fd) != 0) {
		report("close", errno);
		return -1;
	}
	c->fd = -1;
	++*done;
	return 0;
}

/* Closes and reports every connection whose deadline has passed, and sets
 * *wait_ms to the time left until the next deadline: the longest the loop
 * may sleep in epoll_wait (never -1, never for ever). Connections are
 * opened in order, so their deadlines are in order: the next one is that
 * of the first connection still open, *oldest. Returns -1 on error. */
static int expire(struct conn *conns, size_t nconns, size_t *oldest, size_t *timed_out,
		  int *wait_ms)
{
	long long now = lb_now_ns();

	*wait_ms = REPLY_TIMEOUT_MS;
	for (; *oldest < nconns; ++*oldest) {
		struct conn *c = &conns[*oldest];
		if (c->fd < 0)
			continue;
		if (c->deadline_ns > now) {
			*wait_ms = (int)((c->deadline_ns - now + 999999) / 1000000);
			break;
		}
		fprintf(stderr, PROG ": connection %zu: no reply within %d ms: timed out\n",
			*oldest, REPLY_TIMEOUT_MS);
		++*timed_out;
		if (close(c->fd) != 0) {
			report("close", errno);
			return -1;
		}
		c->fd = -1;
	}
	return 0;
}

/* The event loop: one thread, nothing in it may block, and no wait is
 * longer than the time left until the next connection's deadline. */
static int run_loop(int epoll_fd, struct heartbeat *hb, struct conn *conns, size_t nconns)
{
	size_t done = 0, oldest = 0, timed_out = 0;

	while (done + timed_out < nconns) {
		struct epoll_event events[MAX_EVENTS];
		int wait_ms;
		if (expire(conns, nconns, &oldest, &timed_out, &wait_ms) != 0)
			return -1;
		if (done + timed_out == nconns)
			break;
		int n = epoll_wait(epoll_fd, events, MAX_EVENTS, wait_ms);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			report("epoll_wait", errno);
			return -1;
		}
		for (int i = 0; i < n; i++) {
			int rc = events[i].data.ptr == hb
				? on_heartbeat(hb)
				: on_conn_event(events[i].data.ptr, events[i].events, &done);
			if (rc != 0)
				return -1;
		}
	}
	/* Ticks that fell due while the last events were handled count too. */
	if (on_heartbeat(hb) != 0)
		return -1;
	return timed_out == 0 ? 0 : -1;
}

static int parse_count(const char *arg, size_t *out)
{
	char *end;

	errno = 0;
	unsigned long v = strtoul(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || v == 0 || v > 100000)
		return -1;
	*out = v;
	return 0;
}

int main(int argc, char **argv)
{
	size_t nconns = 100;

	if (argc > 2 || (argc == 2 && parse_count(argv[1], &nconns) != 0)) {
		fprintf(stderr, "usage: " PROG " [CONNECTIONS]\n");
		return 2;
	}
	if (ensure_fd_limit(2 * nconns + 16) != 0)
		return 1;

	struct loopback_server server;
	if (loopback_start(&server, LATENCY_MS, IDLE_MS) != 0)
		return 1;
	int failed = 0;
	struct heartbeat hb = { .fd = -1 };
	struct conn *conns = calloc(nconns, sizeof *conns);
	int epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (conns == NULL || epoll_fd < 0) {
		report(conns == NULL ? "calloc" : "epoll_create1", errno);
		failed = 1;
	}
	for (size_t i = 0; i < nconns && conns != NULL; i++)
		conns[i].fd = -1;

	long long start = lb_now_ns();
	for (size_t i = 0; i < nconns && !failed; i++)
		failed = open_conn(&conns[i], i, server.port, epoll_fd) != 0;
	if (!failed)
		failed = start_heartbeat(&hb, epoll_fd) != 0;
	if (!failed)
		failed = run_loop(epoll_fd, &hb, conns, nconns) != 0;
	long long elapsed = lb_now_ns() - start;

	/* Clean up everything, on success and on failure alike. */
	for (size_t i = 0; i < nconns && conns != NULL; i++)
		if (conns[i].fd >= 0 && close(conns[i].fd) != 0) {
			report("close", errno);
			failed = 1;
		}
	free(conns);
	if (hb.fd >= 0 && close(hb.fd) != 0) {
		report("close", errno);
		failed = 1;
	}
	if (epoll_fd >= 0 && close(epoll_fd) != 0) {
		report("close", errno);
		failed = 1;
	}
	if (loopback_stop(&server) != 0)
		failed = 1;
	if (failed)
		return 1;

	double late_ms = (double)hb.worst_late_ns / 1e6;
	printf("%zu connections, %zu replies in %.0f ms, one thread (server peak: %d connections, %d requests in flight)\n",
	       nconns, nconns, (double)elapsed / 1e6, server.peak_connections, server.peak_in_flight);
	printf("heartbeat every %d ms: %llu ticks, worst %.1f ms late\n",
	       PERIOD_MS, (unsigned long long)hb.ticks, late_ms);
	if (late_ms > LATE_BOUND_MS) {
		fprintf(stderr, "%s:%d: self-check: heartbeat %.0f ms late (bound %d ms): something blocked the loop\n", __FILE__, __LINE__, late_ms, LATE_BOUND_MS); /* @late */
		return 1;
	}
	return 0;
}
