/* SPDX-License-Identifier: 0BSD */
/*
 * mt-unsafe-libc: two threads convert times with localtime, into one static struct tm
 *
 * rule: CERT CON33-C: avoid race conditions when using library functions
 * expect: tsan data-race @convert
 * expect: drd data-race @read
 * expect: lint mt-unsafe-call @convert
 * expect: lint concurrent-mt-unsafe-call @convert
 * skip: helgrind -- it hides races inside the C library and sees only a read (@read) that runs right after the other thread's call: 1/10 runs
 * skip: watchdog -- a wrong year shows only now and then: 0/50 runs at 100 stamps (the C library serialises the calls; the window is between return and read)
 *
 * Two logger threads stamp STAMPS log lines each (default 100): logger 1
 * with times one minute apart from 1 July 1999, logger 2 from 1 July 2024.
 * Each turns every time into a calendar date with the C library and checks
 * that the year is its own. A barrier starts them together, so their
 * conversions overlap.
 *
 * localtime_r writes the date into a struct tm that the caller owns (here a
 * local of the logger), so no thread can see another thread's date.
 *
 * The bug: localtime returns a pointer to one static struct tm that every
 * call in the process overwrites. Logger 1 can read its year (@read) after
 * logger 2's call has put 2024 there: a data race inside the C library's
 * buffer. TSan's localtime interceptor records the write of that struct at
 * each call (@convert) and reports the two threads' calls every run, even
 * when no stamp comes out wrong; DRD sees the read of the other thread's
 * write (@read). At this size a wrong year shows only now and then.
 *
 * usage: mt-unsafe-libc [STAMPS]     default: 100
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

#define PROG "mt-unsafe-libc"

static pthread_barrier_t start_line;
static long stamps = 100;

struct logger {
	time_t first; /* the first time it stamps */
	int year;     /* the year of every one of its stamps */
	long wrong;   /* stamps that came out with another year */
};

/* Reports a failed call and ends the process (_exit: any thread may call). */
static void check(int rc, const char *what)
{
	if (rc != 0) {
		char buf[128];
		fprintf(stderr, "%s: %s: %s\n", PROG, what, error_text(rc, buf, sizeof buf));
		_exit(1);
	}
}

static void *run_logger(void *arg)
{
	struct logger *lg = arg;
	int rc = pthread_barrier_wait(&start_line);
	check(rc == PTHREAD_BARRIER_SERIAL_THREAD ? 0 : rc, "pthread_barrier_wait");
	for (long i = 0; i < stamps; i++) {
		time_t t = lg->first + (time_t)i * 60;
		/* BUG: localtime returns the one static struct tm of the process. */
		const struct tm *tm = localtime(&t); /* @convert */
		check(tm ? 0 : errno, "localtime");
		if (tm->tm_year + 1900 != lg->year) /* @read */
			lg->wrong++;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		char *end;
		stamps = strtol(argv[1], &end, 10);
		if (argc > 2 || end == argv[1] || *end != '\0' || stamps < 1 || stamps > 100000000) {
			fprintf(stderr, "usage: %s [STAMPS]  (1 to 100000000)\n", PROG);
			return 2;
		}
	}
	/* Noon UTC on 1 July: the same year in every time zone. */
	struct logger loggers[2] = { { .first = 930830400, .year = 1999 },
				     { .first = 1719835200, .year = 2024 } };
	/* Load the time zone once, before the threads. POSIX does not promise
	 * that localtime_r does it; glibc's does, under an internal lock that
	 * Helgrind and DRD cannot see (they would report its first load). */
	tzset();
	pthread_t threads[2];
	check(pthread_barrier_init(&start_line, NULL, 2), "pthread_barrier_init");
	for (int i = 0; i < 2; i++)
		check(pthread_create(&threads[i], NULL, run_logger, &loggers[i]), "pthread_create");
	for (int i = 0; i < 2; i++)
		check(pthread_join(threads[i], NULL), "pthread_join");
	check(pthread_barrier_destroy(&start_line), "pthread_barrier_destroy");

	long wrong = 0;
	for (int i = 0; i < 2; i++) {
		printf("logger %d: %ld stamps in %d, %ld with the wrong year\n", i + 1, stamps,
		       loggers[i].year, loggers[i].wrong);
		wrong += loggers[i].wrong;
	}
	if (wrong > 0) {
		fprintf(stderr, "%s:%d: self-check: %ld stamps show the other logger's year\n",
			__FILE__, __LINE__, wrong); /* @wrong */
		return 1;
	}
	return 0;
}
