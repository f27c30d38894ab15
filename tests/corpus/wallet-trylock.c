// corpus: correct
/*
 * Transfers between wallets lock the source, then *try* the destination; if
 * it is busy they drop the source and start over.  A thread never blocks
 * while holding a lock, so opposite transfers cannot deadlock.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

struct wallet {
	pthread_mutex_t mu;
	long cents;
};

static struct wallet alice = { PTHREAD_MUTEX_INITIALIZER, 100000 };
static struct wallet bob = { PTHREAD_MUTEX_INITIALIZER, 100000 };

static void transfer(struct wallet *from, struct wallet *to, long cents)
{
	for (;;) {
		pthread_mutex_lock(&from->mu);
		int rc = pthread_mutex_trylock(&to->mu);
		if (rc == 0)
			break;
		pthread_mutex_unlock(&from->mu);
		if (rc != EBUSY) {
			fprintf(stderr, "trylock: error %d\n", rc);
			abort();
		}
		sched_yield();
	}
	from->cents -= cents;
	to->cents += cents;
	pthread_mutex_unlock(&to->mu);
	pthread_mutex_unlock(&from->mu);
}

struct plan {
	struct wallet *from, *to;
	long cents;
	int times;
};

static void *payer(void *arg)
{
	struct plan *p = arg;
	for (int i = 0; i < p->times; i++)
		transfer(p->from, p->to, p->cents);
	return NULL;
}

int main(void)
{
	struct plan a2b = { &alice, &bob, 3, 2000 };
	struct plan b2a = { &bob, &alice, 5, 2000 };
	pthread_t t1, t2;

	if (pthread_create(&t1, NULL, payer, &a2b) || pthread_create(&t2, NULL, payer, &b2a)) {
		fputs("cannot start payers\n", stderr);
		return 1;
	}
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	printf("alice %ld, bob %ld, total %ld\n", alice.cents, bob.cents,
	       alice.cents + bob.cents);
	return alice.cents + bob.cents == 200000 ? 0 : 1;
}
