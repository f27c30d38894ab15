/* SPDX-License-Identifier: 0BSD */
/*
 * check-then-act: check an atomic with a load, then act on it with a separate store
 *
 * rule: CERT CON40-C: do not refer to an atomic variable twice in an expression (a load, then a store, of one atomic is check-then-act; CON41-C: compare-exchange in a loop)
 * expect: watchdog,tsan,asan,helgrind,drd,memcheck self-check @lost
 * expect: lint split-atomic-update @act
 *
 * A box office sells at most CAPACITY tickets. Two clerk threads each try
 * to sell ROUNDS tickets; the count of tickets sold is one atomic_long.
 * Selling is check-then-act: if fewer than CAPACITY are sold, sell one
 * more. CAPACITY is exactly 2 x ROUNDS, so every attempt must succeed and
 * the count must end at CAPACITY.
 *
 * Each access to an atomic is atomic, but a load followed by a store is
 * two accesses: another clerk can sell in between, and the store then
 * overwrites that sale. The correct twin makes the check and the claim one
 * compare-exchange, in a loop, and prints the ticket once it succeeded.
 * The clerks start together from a barrier so that their sales overlap.
 *
 * The bug: the clerk loads the count, checks it, prints the ticket (a short
 * nanosleep), then stores the count it loaded plus one (@act). While one
 * clerk prints, the other sells: both store the same count + 1, and a sale
 * is lost. Every access is atomic, so there is no data race and no
 * detector reports anything; only the program's own check of the total
 * (@lost) shows the lost sales. The print between the check and the store
 * makes that window far wider than the store itself, so that sales are
 * lost in every run, under every tool.
 *
 * usage: check-then-act [ROUNDS]     default: 1000
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
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

#define PROG "check-then-act"

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

struct box_office {
	atomic_long sold;          /* tickets sold; no lock: updated atomically */
	long capacity;             /* read-only while clerks run */
	long rounds;               /* attempts per clerk; read-only */
	pthread_barrier_t start;   /* the clerks start together */
};

/* The slow part of a sale, printing the ticket. */
static void print_ticket(void)
{
	struct timespec pause = { .tv_sec = 0, .tv_nsec = 1000 };
	int rc = nanosleep(&pause, NULL);
	check(rc == 0 ? 0 : errno, "nanosleep");
}

/* Sells one ticket if any are left; returns whether it did. */
static bool sell_one(struct box_office *b)
{
	long sold = atomic_load(&b->sold);
	if (sold >= b->capacity)
		return false;
	print_ticket();
	/* BUG: another clerk may have sold since the load; this overwrites it. */
	atomic_store(&b->sold, sold + 1); /* @act */
	return true;
}

static void *run_clerk(void *arg)
{
	struct box_office *b = arg;
	int rc = pthread_barrier_wait(&b->start);
	if (rc != PTHREAD_BARRIER_SERIAL_THREAD)
		check(rc, "pthread_barrier_wait");
	for (long i = 0; i < b->rounds; i++)
		sell_one(b);
	return NULL;
}

int main(int argc, char **argv)
{
	long rounds = 1000;
	if (argc > 1) {
		char *end;
		rounds = strtol(argv[1], &end, 10);
		if (argc > 2 || end == argv[1] || *end != '\0' || rounds < 1 ||
		    rounds > 1000000000) {
			fprintf(stderr, "usage: %s [ROUNDS]  (1 to 1000000000)\n", PROG);
			return 2;
		}
	}

	struct box_office b = { .capacity = 2 * rounds, .rounds = rounds };
	atomic_init(&b.sold, 0);
	check(pthread_barrier_init(&b.start, NULL, 2), "pthread_barrier_init");
	pthread_t clerks[2];
	for (int i = 0; i < 2; i++)
		check(pthread_create(&clerks[i], NULL, run_clerk, &b), "pthread_create");
	for (int i = 0; i < 2; i++)
		check(pthread_join(clerks[i], NULL), "pthread_join");
	check(pthread_barrier_destroy(&b.start), "pthread_barrier_destroy");

	long sold = atomic_load(&b.sold);
	printf("2 clerks, %ld attempts each: %ld of %ld tickets sold\n", rounds, sold,
	       b.capacity);
	if (sold != b.capacity) {
		fprintf(stderr, "%s:%d: self-check: %ld sales lost\n",
			__FILE__, __LINE__, b.capacity - sold); /* @lost */
		return 1;
	}
	return 0;
}
