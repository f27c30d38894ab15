/* SPDX-License-Identifier: 0BSD */
/*
 * unlock-unowned: main locks the mutex, the summer thread unlocks it
 *
 * rule: CERT POS48-C: do not unlock or destroy another POSIX thread's mutex
 * expect: tsan,helgrind,drd unlock-unowned @release
 * expect: lint unlock-not-held @release
 * expect: helgrind lock-held-at-exit
 *
 * Main fills a shared box with the numbers 1..ITEMS, then starts a summer
 * thread that adds up what is in the box and empties it. Main joins the
 * summer and checks the sum against n(n+1)/2. Every access to the box,
 * main's and the summer's, holds the box's mutex (main happens to fill it
 * before the summer starts, but the box does not rely on that).
 *
 * Each thread releases the mutex it took: main unlocks after filling, the
 * summer locks for itself. A mutex has an owner, the thread that locked it;
 * unlocking it from any other thread is undefined for a normal mutex (glibc
 * lets it pass silently), and an error-checking mutex refuses it with EPERM.
 * To hand a "go" from one thread to another, use a semaphore or a
 * condition variable, not a mutex locked here and unlocked there.
 *
 * The bug: main "hands the locked box over": it locks the mutex (@acquire),
 * fills the box and starts the summer without unlocking, and the summer
 * works on the box without locking and unlocks main's mutex when it is done
 * (@release). glibc's normal mutex does not check the owner, so the run
 * looks fine and the sum is right; TSan, Helgrind and DRD report the unlock
 * by a thread that does not hold the mutex, every run (main locks it before
 * the summer exists). Helgrind does not let that unlock count, so in its
 * books main still holds the mutex when the program exits: a second report
 * (lock-held-at-exit), with no line in this file.
 *
 * usage: unlock-unowned [ITEMS]     default: 1000
 */
#include <pthread.h>
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

#define PROG "unlock-unowned"
#define MAX_ITEMS 100000

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

struct box {
	pthread_mutex_t mutex; /* guards the fields below; unlocked by the thread that locked it */
	long items[MAX_ITEMS];
	long count;
	long sum; /* of the items taken out so far */
};

static struct box box = { .mutex = PTHREAD_MUTEX_INITIALIZER };

/* Adds up and removes everything in the box. */
static void *sum_box(void *arg)
{
	struct box *b = arg; /* BUG: locked by main, which handed it over */
	for (long i = 0; i < b->count; i++)
		b->sum += b->items[i];
	b->count = 0;
	check(pthread_mutex_unlock(&b->mutex), "pthread_mutex_unlock"); /* @release */
	return NULL;
}

int main(int argc, char **argv)
{
	long n = 1000;
	if (argc > 1) {
		char *end;
		n = strtol(argv[1], &end, 10);
		if (argc > 2 || end == argv[1] || *end != '\0' || n < 1 || n > MAX_ITEMS) {
			fprintf(stderr, "usage: %s [ITEMS]  (1 to %d)\n", PROG, MAX_ITEMS);
			return 2;
		}
	}

	check(pthread_mutex_lock(&box.mutex), "pthread_mutex_lock"); /* @acquire */
	for (long i = 0; i < n; i++)
		box.items[i] = i + 1;
	box.count = n;
	/* BUG: not unlocked here: the summer is to unlock it when it is done */

	pthread_t summer;
	check(pthread_create(&summer, NULL, sum_box, &box), "pthread_create");
	check(pthread_join(summer, NULL), "pthread_join");

	long expected = n * (n + 1) / 2;
	printf("the summer added 1..%ld: %ld (expected %ld)\n", n, box.sum, expected);
	if (box.sum != expected) {
		fprintf(stderr, "%s:%d: self-check: sum %ld, expected %ld\n", __FILE__,
			__LINE__, box.sum, expected);
		return 1;
	}
	return 0;
}
