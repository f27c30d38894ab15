/* SPDX-License-Identifier: 0BSD */
/*
 * timeouts: wait for a reply with no deadline, and hang when none comes
 *
 * rule: Set timeouts on async operations (seed)
 * expect: tsan,asan,watchdog hang @wait
 * expect: helgrind,drd,memcheck hang
 * timeout: 2
 *
 * Main posts a request to a replier thread and waits for the reply. The
 * replier takes the request and ends without answering: from the
 * requester's side a crashed, stuck or buggy peer all look the same, a
 * reply that never comes.
 *
 * So the requester waits with a deadline: pthread_cond_timedwait, in a loop
 * (wakeups can be spurious), until the reply is there or the deadline has
 * passed (ETIMEDOUT). The condition variable runs on CLOCK_MONOTONIC
 * (pthread_condattr_setclock), so setting the wall clock cannot stretch or
 * cut the wait. Timing out and saying so is this program's correct outcome:
 * it prints "no reply after 200 ms: timed out", joins the replier and exits 0.
 * The same rule holds for I/O: poll() with a timeout, not -1.
 *
 * The bug: await_reply uses pthread_cond_wait, which has no deadline. No
 * reply comes and the replier has ended, so main blocks at @wait for ever.
 * Nothing is misused, so only the watchdog sees it (main blocked there).
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

/* Takes the request and, like a crashed or buggy peer, never answers. */
static void *replier(void *arg)
{
	struct call *c = arg;
	check(pthread_mutex_lock(&c->mutex), "pthread_mutex_lock");
	while (!c->has_request)
		check(pthread_cond_wait(&c->changed, &c->mutex), "pthread_cond_wait");
	c->has_request = false; /* taken, and dropped: no reply will come */
	check(pthread_mutex_unlock(&c->mutex), "pthread_mutex_unlock");
	return NULL;
}

static void post_request(struct call *c, long request)
{
	check(pthread_mutex_lock(&c->mutex), "pthread_mutex_lock");
	c->request = request;
	c->has_request = true;
	check(pthread_cond_broadcast(&c->changed), "pthread_cond_broadcast");
	check(pthread_mutex_unlock(&c->mutex), "pthread_mutex_unlock");
}

/* Waits for the reply. Returns 0 with *reply set. */
static int await_reply(struct call *c, long *reply)
{
	check(pthread_mutex_lock(&c->mutex), "pthread_mutex_lock");
	while (!c->has_reply) /* BUG: no deadline, waits as long as it takes */
		check(pthread_cond_wait(&c->changed, &c->mutex), "pthread_cond_wait"); /* @wait */
	*reply = c->reply;
	check(pthread_mutex_unlock(&c->mutex), "pthread_mutex_unlock");
	return 0;
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
	long reply;
	int rc = await_reply(&call, &reply);
	if (rc == ETIMEDOUT)
		printf("request 42: no reply after %ld ms: timed out\n", timeout_ms);
	else
		printf("request 42: reply %ld\n", reply);
	check(pthread_join(tid, NULL), "pthread_join");

	check(pthread_cond_destroy(&call.changed), "pthread_cond_destroy");
	check(pthread_mutex_destroy(&call.mutex), "pthread_mutex_destroy");
	return 0;
}
