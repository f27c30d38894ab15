/* SPDX-License-Identifier: 0BSD */
/*
 * publish-ordering: publish plain data through a relaxed atomic flag
 *
 * rule: CERT CON43-C: do not allow data races in multithreaded code (publish with release/acquire)
 * expect: tsan data-race @write @read
 * expect: lint relaxed-publication @read
 * skip: helgrind,drd -- Valgrind does not model C11 atomics: it reports the atomic flag's accesses as races too
 *
 * A loader thread fills in a settings record (plain, non-atomic fields),
 * then raises an atomic `ready` flag. A reader thread waits for the flag
 * and then reads the record, with no lock.
 *
 * That is correct only with the right memory orders. The loader's store
 * of the flag is a release: every write before it (the record) becomes
 * visible to a thread whose acquire load reads the flag as set. The
 * acquire/release pair orders the record's writes before its reads, so
 * there is no data race on the record.
 *
 * The reader polls the flag (with a yield) and reads the record only once
 * the flag is set, so every run takes the same path.
 *
 * The bug: both flag accesses are memory_order_relaxed. A relaxed atomic
 * is atomic, but orders nothing around it: the reader may see the flag set
 * and still read the record's old contents (on weakly ordered CPUs, or
 * once the compiler moves the writes). So the record's writes (@write) and
 * reads (@read) are a data race. On x86 the run still prints the right
 * values; TSan reports the race every run.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
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

#define PROG "publish-ordering"

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

/* No lock: the loader writes the record only before setting `ready`, the
 * reader reads it only after seeing `ready` set, and the flag's
 * release/acquire orders the two. */
struct settings {
	long port, workers; /* the record: plain fields */
	atomic_bool ready;  /* the record is complete */
};

static void *run_loader(void *arg)
{
	struct settings *s = arg;
	s->port = 8080;    /* @write */
	s->workers = 4;
	atomic_store_explicit(&s->ready, true, memory_order_relaxed); /* BUG: orders nothing */
	return NULL;
}

static void *run_reader(void *arg)
{
	struct settings *s = arg;
	while (!atomic_load_explicit(&s->ready, memory_order_relaxed)) /* BUG */
		check(sched_yield(), "sched_yield");
	printf("port %ld, %ld workers\n", s->port, s->workers); /* @read */
	return NULL;
}

int main(void)
{
	struct settings s = { .port = 0, .workers = 0 };
	atomic_init(&s.ready, false);
	pthread_t reader, loader;
	check(pthread_create(&reader, NULL, run_reader, &s), "pthread_create");
	check(pthread_create(&loader, NULL, run_loader, &s), "pthread_create");
	check(pthread_join(loader, NULL), "pthread_join");
	check(pthread_join(reader, NULL), "pthread_join");
	printf("settings published once, read once\n");
	return 0;
}
