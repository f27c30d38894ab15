/* SPDX-License-Identifier: 0BSD */
/*
 * mutex-lifetime: unlock a mutex before you destroy it
 *
 * rule: CERT CON31-C: do not destroy a mutex while it is locked
 *
 * WORKERS threads each add ITEMS to a shared tally: a heap object with its
 * own mutex. When they are done, main closes the tally: tally_close takes
 * the lock for a last consistent read of the count (a close function does
 * not know whether some thread is still adding), then releases the lock,
 * and only then destroys the mutex and frees the tally.
 *
 * Destroying a locked mutex is undefined behaviour: a thread blocked on it,
 * or about to unlock it, would be using a dead object. glibc refuses with
 * EBUSY, which only helps a program that checks the result, as this one
 * does.
 *
 * usage: mutex-lifetime [WORKERS [ITEMS]]     defaults: 2, 1000
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

#define PROG "mutex-lifetime"
#define MAX_WORKERS 64

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

struct tally {
	pthread_mutex_t mutex; /* guards count; lives as long as the tally */
	long count;
};

static long items = 1000; /* set by main before any thread starts */

static void *add_items(void *arg)
{
	struct tally *t = arg;
	for (long i = 0; i < items; i++) {
		check(pthread_mutex_lock(&t->mutex), "pthread_mutex_lock");
		t->count++;
		check(pthread_mutex_unlock(&t->mutex), "pthread_mutex_unlock");
	}
	return NULL;
}

/* Reads the final count, then destroys the mutex and frees the tally. */
static long tally_close(struct tally *t)
{
	check(pthread_mutex_lock(&t->mutex), "pthread_mutex_lock");
	long count = t->count;
	check(pthread_mutex_unlock(&t->mutex), "pthread_mutex_unlock");
	check(pthread_mutex_destroy(&t->mutex), "pthread_mutex_destroy"); /* @destroy */
	free(t);
	return count;
}

static long arg_or(int argc, char **argv, int i, long fallback, long max)
{
	if (argc <= i)
		return fallback;
	char *end;
	long v = strtol(argv[i], &end, 10);
	if (argc > 3 || end == argv[i] || *end != '\0' || v < 1 || v > max) {
		fprintf(stderr, "usage: %s [WORKERS (1-%d) [ITEMS]]\n", PROG, MAX_WORKERS);
		_exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	long nworkers = arg_or(argc, argv, 1, 2, MAX_WORKERS);
	items = arg_or(argc, argv, 2, 1000, 100000000);
	struct tally *t = calloc(1, sizeof *t);
	if (!t) {
		fprintf(stderr, "%s: calloc: out of memory\n", PROG);
		return 1;
	}
	check(pthread_mutex_init(&t->mutex, NULL), "pthread_mutex_init");

	pthread_t tid[MAX_WORKERS];
	for (long i = 0; i < nworkers; i++)
		check(pthread_create(&tid[i], NULL, add_items, t), "pthread_create");
	for (long i = 0; i < nworkers; i++)
		check(pthread_join(tid[i], NULL), "pthread_join");

	long count = tally_close(t);
	printf("%ld workers added %ld items each: tally %ld (expected %ld)\n", nworkers,
	       items, count, nworkers * items);
	if (count != nworkers * items) {
		fprintf(stderr, "%s:%d: self-check: tally %ld, expected %ld\n", __FILE__,
			__LINE__, count, nworkers * items);
		return 1;
	}
	return 0;
}
