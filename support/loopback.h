/* SPDX-License-Identifier: 0BSD */
/*
 * loopback.h: a TCP test server on 127.0.0.1 for the I/O pairs
 * (bounded-concurrency, event-loop-io).
 *
 * Support code only: each pair's lesson lives in its own .c file, never here.
 * The server runs in one thread of the calling process: an epoll loop over
 * non-blocking sockets with a deadline per connection, so one thread can hold
 * thousands of connections at once (never a thread per connection).
 *
 * Protocol, one request at a time per connection:
 *   - the client sends a line of at most LB_LINE_MAX bytes ending in '\n';
 *   - the server sends the same line back latency_ms after it arrived;
 *   - a connection left idle for idle_ms after a reply is closed by the
 *     server (a keep-alive timeout, as real servers have); with idle_ms 0 the
 *     server closes each connection right after its reply;
 *   - a second request before the reply, or a line too long, closes the
 *     connection.
 * The server counts what it experiences: the peak number of open connections
 * and of requests in flight (received, not yet answered).
 *
 * Use:
 *   struct loopback_server srv;
 *   if (loopback_start(&srv, 50, 1000) != 0) ...   // prints why it failed
 *   ... clients connect to 127.0.0.1 port srv.port ...
 *   if (loopback_stop(&srv) != 0) ...              // the server had failed
 *   ... read srv.peak_in_flight, srv.peak_connections, srv.requests_served
 *
 * Threading contract: no locks. Between loopback_start() and loopback_stop()
 * the server thread alone touches the struct (except `port`, `latency_ms` and
 * `idle_ms`, written before the thread starts and only read afterwards).
 * pthread_create and pthread_join order the caller's accesses before and after.
 *
 * If a call fails (e.g. accept with EMFILE under a file descriptor cap), the
 * server prints `loopback: CALL: REASON`, closes its listening socket and every
 * connection (so no client waits forever for a reply), and its thread ends;
 * loopback_stop() then returns -1.
 */
#ifndef CHECKS_SUPPORT_LOOPBACK_H
#define CHECKS_SUPPORT_LOOPBACK_H

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* The text of errno value err. With _GNU_SOURCE, glibc declares the GNU
 * strerror_r: it returns the text, which may be a static string, leaving buf
 * untouched. POSIX's (XSI) strerror_r fills buf and returns 0 or an error
 * number. Either way the text is what this returns. */
static const char *lb_error_text(int err, char *buf, size_t len)
{
#if defined(__GLIBC__) && defined(_GNU_SOURCE)
	return strerror_r(err, buf, len);
#else
	if (strerror_r(err, buf, len) != 0)
		(void)snprintf(buf, len, "error %d", err);
	return buf;
#endif
}

#define LB_LINE_MAX 32
#define LB_MAX_EVENTS 64

struct lb_conn {
	int fd;
	char line[LB_LINE_MAX];	/* the request as received so far */
	size_t len;
	bool pending;		/* a whole line waits for its reply time */
	long long deadline_ns;	/* pending: when to reply; else: when to close as idle */
	struct lb_conn *prev, *next;
};

struct loopback_server {
	unsigned short port;		/* where clients connect */
	int latency_ms, idle_ms;
	int listen_fd, epoll_fd, stop_fd;
	struct lb_conn *conns;		/* every open connection */
	int connections, in_flight;	/* current counts */
	int peak_connections, peak_in_flight;
	long requests_served;
	bool failed;
	pthread_t thread;
};

static void lb_report(const char *what, int err)
{
	char buf[128];

	fprintf(stderr, "loopback: %s: %s\n", what,
		lb_error_text(err, buf, sizeof buf));
}

/* CLOCK_MONOTONIC in nanoseconds. It cannot fail with these arguments; if it
 * ever did, no deadline would mean anything, so stop loudly. */
static long long lb_now_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
		lb_report("clock_gettime", errno);
		abort();
	}
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void lb_close_fd(int fd)
{
	if (close(fd) != 0)
		lb_report("close", errno);
}

/* Level-triggered EPOLLIN; `tag` comes back in the event's data.ptr. */
static int lb_watch(int epoll_fd, int fd, void *tag)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = tag };

	if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev) != 0) {
		lb_report("epoll_ctl", errno);
		return -1;
	}
	return 0;
}

static void lb_close_conn(struct loopback_server *s, struct lb_conn *c)
{
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		s->conns = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	if (c->pending)
		s->in_flight--;
	s->connections--;
	lb_close_fd(c->fd);	/* also removes it from the epoll set */
	free(c);
}

/* Accepts every connection waiting in the backlog. */
static int lb_accept_all(struct loopback_server *s)
{
	for (;;) {
		int fd = accept4(s->listen_fd, NULL, NULL,
				 SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			lb_report("accept", errno);
			return -1;
		}
		struct lb_conn *c = calloc(1, sizeof *c);
		if (c == NULL) {
			lb_report("calloc", errno);
			lb_close_fd(fd);
			return -1;
		}
		c->fd = fd;
		c->deadline_ns = LLONG_MAX;	/* no timer until a request */
		c->next = s->conns;
		if (s->conns != NULL)
			s->conns->prev = c;
		s->conns = c;
		if (++s->connections > s->peak_connections)
			s->peak_connections = s->connections;
		if (lb_watch(s->epoll_fd, fd, c) != 0) {
			lb_close_conn(s, c);
			return -1;
		}
	}
}

/* Reads what the client sent; a whole line starts its latency clock. */
static int lb_on_readable(struct loopback_server *s, struct lb_conn *c,
			  long long now)
{
	char extra[1];
	char *dst = c->pending ? extra : c->line + c->len;
	size_t room = c->pending ? sizeof extra : sizeof c->line - c->len;
	ssize_t n = recv(c->fd, dst, room, 0);

	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return 0;
		if (errno == ECONNRESET) {
			lb_close_conn(s, c);
			return 0;
		}
		lb_report("recv", errno);
		return -1;
	}
	if (n == 0 || c->pending) {	/* hung up, or broke the protocol */
		lb_close_conn(s, c);
		return 0;
	}
	c->len += (size_t)n;
	if (memchr(c->line, '\n', c->len) != NULL) {
		c->pending = true;
		c->deadline_ns = now + s->latency_ms * 1000000LL;
		if (++s->in_flight > s->peak_in_flight)
			s->peak_in_flight = s->in_flight;
	} else if (c->len == sizeof c->line) {
		lb_close_conn(s, c);	/* line too long */
	}
	return 0;
}

/* Sends the reply that is due. A client that went away is not an error. */
static int lb_reply(struct loopback_server *s, struct lb_conn *c, long long now)
{
	ssize_t n = send(c->fd, c->line, c->len, MSG_NOSIGNAL);

	if (n < 0 && errno != EPIPE && errno != ECONNRESET && errno != EAGAIN) {
		lb_report("send", errno);
		return -1;
	}
	if (n < 0 || (size_t)n != c->len) {
		lb_close_conn(s, c);
		return 0;
	}
	c->pending = false;
	c->len = 0;
	c->deadline_ns = now + s->idle_ms * 1000000LL;
	s->in_flight--;
	s->requests_served++;
	if (s->idle_ms == 0)	/* one request per connection */
		lb_close_conn(s, c);
	return 0;
}

/* Replies that are due are sent; idle connections are closed. */
static int lb_expire(struct loopback_server *s, long long now)
{
	struct lb_conn *c, *following;

	for (c = s->conns; c != NULL; c = following) {
		following = c->next;	/* c may be freed below */
		if (c->deadline_ns > now)
			continue;
		if (!c->pending)
			lb_close_conn(s, c);
		else if (lb_reply(s, c, now) != 0)
			return -1;
	}
	return 0;
}

/* Milliseconds until the earliest deadline (rounded up), -1 if none. */
static int lb_timeout_ms(const struct loopback_server *s, long long now)
{
	long long earliest = LLONG_MAX;

	for (const struct lb_conn *c = s->conns; c != NULL; c = c->next)
		if (c->deadline_ns < earliest)
			earliest = c->deadline_ns;
	if (earliest == LLONG_MAX)
		return -1;
	if (earliest <= now)
		return 0;
	long long ms = (earliest - now + 999999) / 1000000;
	return ms > INT_MAX ? INT_MAX : (int)ms;
}

static void *lb_serve(void *arg)
{
	struct loopback_server *s = arg;
	bool stopping = false;

	while (!stopping && !s->failed) {
		long long now = lb_now_ns();
		if (lb_expire(s, now) != 0) {
			s->failed = true;
			break;
		}
		struct epoll_event events[LB_MAX_EVENTS];
		int n = epoll_wait(s->epoll_fd, events, LB_MAX_EVENTS,
				   lb_timeout_ms(s, now));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			lb_report("epoll_wait", errno);
			s->failed = true;
			break;
		}
		now = lb_now_ns();
		/* One event per fd per batch, and a connection is only ever
		 * closed by its own event here, so no tag is used after free. */
		for (int i = 0; i < n && !s->failed; i++) {
			void *tag = events[i].data.ptr;
			if (tag == &s->stop_fd)
				stopping = true;
			else if (tag == &s->listen_fd)
				s->failed = lb_accept_all(s) != 0;
			else
				s->failed = lb_on_readable(s, tag, now) != 0;
		}
	}
	/* Done or failed: nobody may be left waiting for a reply. */
	lb_close_fd(s->listen_fd);
	while (s->conns != NULL)
		lb_close_conn(s, s->conns);
	return NULL;
}

static int loopback_start(struct loopback_server *s, int latency_ms, int idle_ms)
{
	memset(s, 0, sizeof *s);
	s->latency_ms = latency_ms;
	s->idle_ms = idle_ms;
	s->epoll_fd = s->stop_fd = -1;

	s->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->listen_fd < 0) {
		lb_report("socket", errno);
		return -1;
	}
	struct sockaddr_in addr = {
		.sin_family = AF_INET,
		.sin_port = 0,	/* the kernel picks a free port */
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	socklen_t addrlen = sizeof addr;
	const char *what = NULL;
	if (bind(s->listen_fd, (struct sockaddr *)&addr, sizeof addr) != 0)
		what = "bind";
	else if (listen(s->listen_fd, SOMAXCONN) != 0)
		what = "listen";
	else if (getsockname(s->listen_fd, (struct sockaddr *)&addr, &addrlen) != 0)
		what = "getsockname";
	else if ((s->epoll_fd = epoll_create1(EPOLL_CLOEXEC)) < 0)
		what = "epoll_create1";
	else if ((s->stop_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) < 0)
		what = "eventfd";
	if (what != NULL) {
		lb_report(what, errno);
		goto fail;
	}
	s->port = ntohs(addr.sin_port);
	if (lb_watch(s->epoll_fd, s->listen_fd, &s->listen_fd) != 0 ||
	    lb_watch(s->epoll_fd, s->stop_fd, &s->stop_fd) != 0)
		goto fail;
	int rc = pthread_create(&s->thread, NULL, lb_serve, s);
	if (rc != 0) {
		lb_report("pthread_create", rc);
		goto fail;
	}
	return 0;
fail:
	if (s->stop_fd >= 0)
		lb_close_fd(s->stop_fd);
	if (s->epoll_fd >= 0)
		lb_close_fd(s->epoll_fd);
	lb_close_fd(s->listen_fd);
	return -1;
}

/* Stops the server thread and joins it. Returns 0, or -1 if the server had
 * failed (it said why) or cannot be stopped. */
static int loopback_stop(struct loopback_server *s)
{
	uint64_t one = 1;

	if (write(s->stop_fd, &one, sizeof one) != (ssize_t)sizeof one) {
		lb_report("write (stop)", errno);
		return -1;	/* cannot wake the thread: joining would hang */
	}
	int rc = pthread_join(s->thread, NULL);
	if (rc != 0) {
		lb_report("pthread_join", rc);
		return -1;
	}
	lb_close_fd(s->stop_fd);
	lb_close_fd(s->epoll_fd);
	return s->failed ? -1 : 0;
}

#endif
