/* SPDX-License-Identifier: 0BSD */
/*
 * timeouts: wait for a reply with no deadline, and hang when none comes
 *
 * rule: Set timeouts on async operations (seed)
 * expect: tsan,asan,watchdog hang @wait @stuck
 * expect: helgrind,drd,memcheck hang
 * timeout: 2
 *
 * Main posts a request to a replier thread and waits for the reply. The
 * replier takes the request and then hangs without answering (it blocks
 * in pause()): from the requester's side a crashed, stuck or buggy peer
 * all look the same, a reply that never comes. The correct twin waits with
 * a deadline (pthread_cond_timedwait on CLOCK_MONOTONIC), then cancels the
 * replier that timed out and joins it.
 *
 * The bug: await_reply is given the deadline but waits with
 * pthread_cond_wait, which takes none. No reply comes, so main blocks at
 * @wait for ever, and never reaches the code that would cancel the
 * replier. Nothing is misused, so only the watchdog sees it (main blocked
 * there at @wait, the replier in pause() at @stuck).
 *
 * usage: timeouts [TIMEOUT_MS]     default: 200
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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

#define PROG "timeouts"

/* Reports a failed call and ends the process. _exit, not exit: this may run
 * on any thread, and exit() is not thread-safe (atexit handlers, stdio). */
static void check(int rc, const char *what)
{
	if (rc != 0) {
		char buf[128];
		fprintf(stderr, "%s: %s: %s\n", PROG, what,
			error_text(rc, buf, sizeof buf));
		_exit(1);
	}
}

struct call {
	pthread_mutex_t mutex;  /* guards every field below */
	pthread_cond_t changed; /* CLOCK_MONOTONIC; broadcast when a field changes:
	                           the replier waits for has_request, the
	                           requester for has_reply */
	bool has_request, has_reply;
	long request, reply;
};

/* Takes the request and, like a hung peer, never answers: it blocks in
 * pause() until it is cancelled. Cancellation stays disabled while it holds
 * the mutex, so that it never ends with the mutex locked. */
static void *replier(void *arg)
{
	struct call *c = arg;
	int old_state;
	check(pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old_state),
	      "pthread_setcancelstate");
	check(pthread_mutex_lock(&c->mutex), "pthread_mutex_lock");
	while (!c->has_request)
		check(pthread_cond_wait(&c->changed, &c->mutex), "pthread_cond_wait");
	c->has_request = false; /* taken, and dropped: no reply will come */
	check(pthread_mutex_unlock(&c->mutex), "pthread_mutex_unlock");
	check(pthread_setcancelstate(old_state, NULL), "pthread_setcancelstate");
	for (;;)
		pause(); /* @stuck: hung; only a cancellation ends this thread */
	return NULL; /* not reached */
}

static void post_request(struct call *c, long request)
{
	check(pthread_mutex_lock(&c->mutex), "pthread_mutex_lock");
	c->request = request;
	c->has_request = true;
	check(pthread_cond_broadcast(&c->changed), "pthread_cond_broadcast");
	check(pthread_mutex_unlock(&c->mutex), "pthread_mutex_unlock");
}

/* The time timeout_ms from now, on the condition variable's clock. */
static struct timespec deadline_after(long timeout_ms)
{
	struct timespec deadline;
	if (clock_gettime(CLOCK_MONOTONIC, &deadline) != 0)
		check(errno, "clock_gettime");
	long long ns = deadline.tv_nsec + timeout_ms % 1000 * 1000000LL;
	deadline.tv_sec += timeout_ms / 1000 + (time_t)(ns / 1000000000);
	deadline.tv_nsec = (long)(ns % 1000000000);
	return deadline;
}

/* Waits for the reply until the deadline. Returns 0 with *reply set, or
 * ETIMEDOUT. */
static int await_reply(struct call *c, const struct timespec *deadline, long *reply)
{
	int rc = 0;
	check(pthread_mutex_lock(&c->mutex), "pthread_mutex_lock");
	(void)deadline; /* BUG: never used: pthread_cond_wait takes no deadline */
	while (!c->has_reply && rc == 0)
		rc = pthread_cond_wait(&c->changed, &c->mutex); /* @wait */
	if (rc != 0 && rc != ETIMEDOUT)
		check(rc, "pthread_cond_timedwait");
	if (c->has_reply) /* it may come just as time runs out */
		rc = 0;
	*reply = c->reply;
	check(pthread_mutex_unlock(&c->mutex), "pthread_mutex_unlock");
	return rc;
}

int main(int argc, char **argv)
{
	long timeout_ms = 200;
	if (argc > 1) {
		char *end;
		timeout_ms = strtol(argv[1], &end, 10);
		if (argc > 2 || end == argv[1] || *end != '\0' || timeout_ms < 1 ||
		    timeout_ms > 60000) {
			fprintf(stderr, "usage: %s [TIMEOUT_MS]  (1 to 60000)\n", PROG);
			return 2;
		}
	}

	struct call call = { 0 };
	pthread_condattr_t attr;
	check(pthread_mutex_init(&call.mutex, NULL), "pthread_mutex_init");
	check(pthread_condattr_init(&attr), "pthread_condattr_init");
	check(pthread_condattr_setclock(&attr, CLOCK_MONOTONIC), "pthread_condattr_setclock");
	check(pthread_cond_init(&call.changed, &attr), "pthread_cond_init");
	check(pthread_condattr_destroy(&attr), "pthread_condattr_destroy");

	pthread_t tid;
	check(pthread_create(&tid, NULL, replier, &call), "pthread_create");
	post_request(&call, 42);
	struct timespec deadline = deadline_after(timeout_ms);
	long reply;
	int rc = await_reply(&call, &deadline, &reply);
	if (rc == ETIMEDOUT) {
		printf("request 42: no reply after %ld ms: timed out\n", timeout_ms);
		/* The wait is over, the work is not: call it off, or the join
		 * below would wait as long as the replier hangs. */
		check(pthread_cancel(tid), "pthread_cancel");
	} else {
		printf("request 42: reply %ld\n", reply);
	}
	void *outcome;
	check(pthread_join(tid, &outcome), "pthread_join");
	printf("replier %s\n", outcome == PTHREAD_CANCELED ? "cancelled" : "ended");

	check(pthread_cond_destroy(&call.changed), "pthread_cond_destroy");
	check(pthread_mutex_destroy(&call.mutex), "pthread_mutex_destroy");
	return 0;
}
