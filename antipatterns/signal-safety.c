/* SPDX-License-Identifier: 0BSD */
/*
 * signal-safety: the signal handler calls printf, which is not async-signal-safe
 *
 * rule: Don't mix sync and async carelessly (signal handlers are C's async context; CERT SIG30-C)
 * expect: tsan signal-unsafe @unsafe
 * expect: lint signal-unsafe-call @unsafe
 *
 * A long computation runs ROUNDS rounds and, like dd, prints a progress line
 * when it receives SIGUSR1. Here the program sends SIGUSR1 to itself after
 * each round, standing in for `kill -USR1 PID` from a shell, so that every
 * run is the same: raise() on an unblocked signal returns only after the
 * handler has run. It ends with a checksum of the work.
 * Usage: signal-safety [ROUNDS]   (default: 3)
 *
 * A handler can interrupt the program between any two instructions, e.g.
 * inside printf or malloc while they hold their locks, so it may only make
 * async-signal-safe calls. This one calls printf, which takes the stdout
 * lock and may malloc its buffer: if the signal lands while the main loop is
 * inside printf or malloc, the program deadlocks or corrupts the heap. Here
 * it lands at a quiet moment, so every run looks fine; TSan still sees
 * printf's first malloc (the stdout buffer) made from inside a handler.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* How far the computation is: written by the main loop only. */
static unsigned long rounds_done, rounds_total;

static void on_sigusr1(int signo)
{
	(void)signo;
	printf("progress: %lu of %lu rounds\n", rounds_done, rounds_total); /* @unsafe */
}

static void report(const char *what, int err)
{
	char buf[128];

	fprintf(stderr, "signal-safety: %s: %s\n", what, error_text(err, buf, sizeof buf));
}

/* One round of the computation: a 64-bit hash of a million numbers. */
static uint64_t compute_round(uint64_t round)
{
	uint64_t sum = 0;

	for (uint64_t x = round << 20; x < (round + 1) << 20; x++) {
		uint64_t z = (x ^ (x >> 31)) * 0x9e3779b97f4a7c15u;

		sum += z ^ (z >> 29);
	}
	return sum;
}

int main(int argc, char **argv)
{
	uint64_t checksum = 0;

	rounds_total = 3;
	if (argc > 1) {
		char *end;

		rounds_total = strtoul(argv[1], &end, 10);
		if (*end != '\0' || rounds_total < 1 || rounds_total > 1000000) {
			fprintf(stderr, "usage: signal-safety [ROUNDS]\n");
			return 2;
		}
	}

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigusr1;
	sa.sa_flags = SA_RESTART;
	if (sigemptyset(&sa.sa_mask) != 0 || sigaction(SIGUSR1, &sa, NULL) != 0) {
		report("sigaction", errno);
		return 1;
	}

	for (unsigned long round = 1; round <= rounds_total; round++) {
		checksum += compute_round(round);
		rounds_done = round;
		if (raise(SIGUSR1) != 0) {	/* as if `kill -USR1 PID` came now */
			report("raise", errno);
			return 1;
		}
	}
	printf("done: %lu rounds, checksum %016" PRIx64 "\n", rounds_done, checksum);
	return 0;
}
