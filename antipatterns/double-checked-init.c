/* SPDX-License-Identifier: 0BSD */
/*
 * double-checked-init: build shared settings on first use, double-checking a plain pointer
 *
 * rule: lazy initialisation through pthread_once (or acquire/release atomics), never a double-checked plain pointer (CERT CON43-C)
 * expect: tsan,helgrind data-race @check @use
 * expect: drd data-race @check @again @use
 * expect: lint double-checked-init @check
 *
 * The settings are built on first use, by whichever thread asks first:
 * get_settings() builds them once and returns the same table to every
 * caller. Main starts a late reader thread, then asks for the settings
 * itself and builds them; the reader asks WAIT_MS (default 100) later,
 * when the table is long built, and reads it without building it again.
 *
 * pthread_once runs init_settings exactly once, and every caller returns
 * from pthread_once only after that run is complete, with all its writes
 * (the table's fields, then the pointer) visible to the caller.
 *
 * The bug: get_settings tests the pointer with no lock (@check, again at
 * @again) and locks only to build. Nothing orders the builder's writes
 * (@fill, @publish) before a later caller's reads (@check, @use): the
 * pointer may become visible before the fields it points to. On x86 the
 * reader gets the right values here every run; TSan, Helgrind and DRD
 * report the races every run all the same.
 *
 * usage: double-checked-init [WAIT_MS]     default: 100
 */
#include <errno.h>
#include <pthread.h>
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

#define PROG "double-checked-init"

struct settings {
	int workers, retries;
};

/* Built once under settings_lock, read-only after. BUG: readers test the
 * pointer and read the table without the lock. */
static struct settings *settings;
static pthread_mutex_t settings_lock = PTHREAD_MUTEX_INITIALIZER;

static long wait_ms = 100;

/* Reports a failed call and ends the process (_exit: any thread may call). */
static void check(int rc, const char *what)
{
	if (rc != 0) {
		char buf[128];
		fprintf(stderr, "%s: %s: %s\n", PROG, what, error_text(rc, buf, sizeof buf));
		_exit(1);
	}
}

/* Builds the table (in a real program: parses a file, asks a server). */
static struct settings *build_settings(void)
{
	struct settings *s = malloc(sizeof *s);
	check(s ? 0 : ENOMEM, "malloc");
	*s = (struct settings){ .workers = 4, .retries = 3 }; /* @fill */
	return s;
}

static const struct settings *get_settings(void)
{
	if (!settings) { /* @check: BUG: read with no lock, while another thread may build */
		check(pthread_mutex_lock(&settings_lock), "pthread_mutex_lock");
		if (!settings)
			settings = build_settings(); /* @publish */
		check(pthread_mutex_unlock(&settings_lock), "pthread_mutex_unlock");
	}
	return settings; /* @again: read with no lock */
}

/* The late reader: asks for the settings long after they were built. */
static void *run_reader(void *arg)
{
	struct settings *seen = arg;
	struct timespec delay = { wait_ms / 1000, wait_ms % 1000 * 1000000 };
	check(nanosleep(&delay, NULL) ? errno : 0, "nanosleep");
	const struct settings *s = get_settings();
	*seen = (struct settings){ .workers = s->workers, .retries = s->retries }; /* @use */
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		char *end;
		wait_ms = strtol(argv[1], &end, 10);
		if (argc > 2 || end == argv[1] || *end != '\0' || wait_ms < 0 || wait_ms > 10000) {
			fprintf(stderr, "usage: %s [WAIT_MS]  (0 to 10000)\n", PROG);
			return 2;
		}
	}
	struct settings seen;
	pthread_t reader;
	check(pthread_create(&reader, NULL, run_reader, &seen), "pthread_create");
	const struct settings *s = get_settings(); /* main asks first, and builds */
	printf("main: %d workers, %d retries\n", s->workers, s->retries);
	check(pthread_join(reader, NULL), "pthread_join");
	printf("reader: %d workers, %d retries\n", seen.workers, seen.retries);
	free(settings);
	return 0;
}
