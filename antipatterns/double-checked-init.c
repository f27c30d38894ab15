/* SPDX-License-Identifier: 0BSD */
/*
 * double-checked-init: build shared settings on first use, double-checking a plain pointer
 *
 * rule: lazy initialisation through pthread_once (or acquire/release atomics), never a double-checked plain pointer (CERT CON43-C)
 * expect: tsan,helgrind data-race @check @use
 * expect: drd data-race @check @return @use
 * expect: lint double-checked-init @check
 *
 * The settings are built on first use, by whichever thread asks first:
 * get_settings() builds them once and returns the same table to every
 * caller. Main starts a reader thread, then asks for the settings itself
 * and builds them; only then does it tell the reader to go on, and the
 * reader asks for the table, long built, and reads it without building it
 * again.
 *
 * The go-ahead is a signal (pthread_kill, taken by the reader's sigwait),
 * and on purpose: POSIX does not count signals among the operations that
 * synchronise memory, and neither do the detectors. So it fixes the order
 * of the two threads' steps in every run without ordering their memory
 * accesses: what orders the builder's writes before the reader's reads is
 * get_settings alone, as it would be if the reader came at any other time.
 *
 * The bug: get_settings tests the pointer with no lock (@check, and reads
 * it again at @return) and locks only to build. Nothing orders the
 * builder's writes (@fill, @publish) before a later caller's reads (@check,
 * @use): the pointer may become visible before the fields it points to. On
 * x86 the reader gets the right values here every run; TSan, Helgrind and
 * DRD report the races every run all the same.
 *
 * usage: double-checked-init
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
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

#define PROG "double-checked-init"

struct settings {
	int workers, retries;
};

/* Built once, on first use, by init_settings; read-only after. */
static struct settings *settings;
static pthread_mutex_t settings_lock = PTHREAD_MUTEX_INITIALIZER;

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
	return settings; /* @return */
}

/* SIGUSR1, main's go-ahead to the reader. */
static sigset_t go_ahead(void)
{
	sigset_t set;
	check(sigemptyset(&set) != 0 ? errno : 0, "sigemptyset");
	check(sigaddset(&set, SIGUSR1) != 0 ? errno : 0, "sigaddset");
	return set;
}

/* The late reader: asks for the settings once main has built them. */
static void *run_reader(void *arg)
{
	struct settings *seen = arg;
	sigset_t go = go_ahead();
	int sig;
	check(sigwait(&go, &sig), "sigwait");
	const struct settings *s = get_settings();
	*seen = (struct settings){ .workers = s->workers, .retries = s->retries }; /* @use */
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		fprintf(stderr, "usage: %s\n", argv[0]);
		return 2;
	}
	/* Blocked in main, and so in the reader, which inherits the mask:
	 * the go-ahead waits for the reader's sigwait, even if it comes first. */
	sigset_t go = go_ahead();
	check(pthread_sigmask(SIG_BLOCK, &go, NULL), "pthread_sigmask");
	struct settings seen;
	pthread_t reader;
	check(pthread_create(&reader, NULL, run_reader, &seen), "pthread_create");
	const struct settings *s = get_settings(); /* main asks first, and builds */
	printf("main: %d workers, %d retries\n", s->workers, s->retries);
	check(pthread_kill(reader, SIGUSR1), "pthread_kill");
	check(pthread_join(reader, NULL), "pthread_join");
	printf("reader: %d workers, %d retries\n", seen.workers, seen.retries);
	free(settings);
	return 0;
}
