/* SPDX-License-Identifier: 0BSD */
/*
 * lock-order: take two locks in one predefined order
 *
 * rule: CERT CON35-C / POS51-C: avoid deadlock by locking in a predefined order
 *
 * Two accounts, each guarded by its own mutex. Teller 1 moves TRANSFERS
 * units from account A to account B, one at a time; teller 2 moves as many
 * from B back to A. A transfer holds both accounts' locks, so no one ever
 * sees the money in flight. At the end both balances are back where they
 * started.
 *
 * Every transfer locks the account with the lower id first, whichever way
 * the money goes. With one order for all threads, no thread can hold one of
 * the locks while waiting for the other held by a thread that waits for it:
 * no cycle, so no deadlock.
 *
 * The tellers take turns here (main starts teller 2 once teller 1 is done),
 * so that the broken twin, which would deadlock if they overlapped, ends
 * every run; the lock order is what lets them safely run at the same time.
 *
 * usage: lock-order [TRANSFERS]     default: 1000
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

#define PROG "lock-order"

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

struct account {
	char name;             /* also the lock order: 'A' before 'B' */
	pthread_mutex_t mutex; /* guards balance */
	long balance;
};

/* Moves amount from one account to the other, holding both locks. */
static void transfer(struct account *from, struct account *to, long amount)
{
	/* The predefined order, not the direction of the transfer. */
	struct account *first = from->name < to->name ? from : to;
	struct account *second = from->name < to->name ? to : from;
	check(pthread_mutex_lock(&first->mutex), "pthread_mutex_lock");  /* @outer */
	check(pthread_mutex_lock(&second->mutex), "pthread_mutex_lock"); /* @inner */
	from->balance -= amount;
	to->balance += amount;
	check(pthread_mutex_unlock(&second->mutex), "pthread_mutex_unlock");
	check(pthread_mutex_unlock(&first->mutex), "pthread_mutex_unlock");
}

struct teller {
	struct account *from, *to;
	long transfers;
};

static void *run_teller(void *arg)
{
	struct teller *t = arg;
	for (long i = 0; i < t->transfers; i++)
		transfer(t->from, t->to, 1);
	return NULL;
}

/* Runs one teller on its own thread until it is done. */
static void run_to_end(struct teller *t)
{
	pthread_t tid;
	check(pthread_create(&tid, NULL, run_teller, t), "pthread_create");
	check(pthread_join(tid, NULL), "pthread_join");
}

int main(int argc, char **argv)
{
	long transfers = 1000;
	if (argc > 1) {
		char *end;
		transfers = strtol(argv[1], &end, 10);
		if (argc > 2 || end == argv[1] || *end != '\0' || transfers < 1 ||
		    transfers > 100000000) {
			fprintf(stderr, "usage: %s [TRANSFERS]  (1 to 100000000)\n", PROG);
			return 2;
		}
	}

	struct account a = { .name = 'A', .balance = transfers };
	struct account b = { .name = 'B', .balance = transfers };
	check(pthread_mutex_init(&a.mutex, NULL), "pthread_mutex_init");
	check(pthread_mutex_init(&b.mutex, NULL), "pthread_mutex_init");

	struct teller teller1 = { &a, &b, transfers }; /* A to B */
	struct teller teller2 = { &b, &a, transfers }; /* B to A */
	run_to_end(&teller1);
	run_to_end(&teller2);

	check(pthread_mutex_destroy(&b.mutex), "pthread_mutex_destroy");
	check(pthread_mutex_destroy(&a.mutex), "pthread_mutex_destroy");
	printf("%ld transfers A to B, %ld B to A; balances A %ld, B %ld\n", transfers,
	       transfers, a.balance, b.balance);
	if (a.balance != transfers || b.balance != transfers) {
		fprintf(stderr, "%s:%d: self-check: balances A %ld, B %ld, expected %ld each\n",
			__FILE__, __LINE__, a.balance, b.balance, transfers);
		return 1;
	}
	return 0;
}
