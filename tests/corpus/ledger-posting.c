// corpus: buggy lock-order
/*
 * A ledger of accounts.  Postings update an account and append to the
 * journal; the nightly reconciliation walks the journal and refreshes
 * account balances.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define NACCOUNTS 4
#define JOURNAL_MAX 64

struct account {
	pthread_mutex_t mu;	/* guards balance */
	long balance;
};

struct journal {
	pthread_mutex_t mu;	/* guards len and amounts */
	int len;
	long amounts[JOURNAL_MAX];
	int account_of[JOURNAL_MAX];
};

static struct account accounts[NACCOUNTS];
static struct journal journal = { .mu = PTHREAD_MUTEX_INITIALIZER };

static void post(int acct, long amount)
{
	struct account *a = &accounts[acct];

	pthread_mutex_lock(&a->mu); // bug
	a->balance += amount;
	pthread_mutex_lock(&journal.mu); // bug
	if (journal.len < JOURNAL_MAX) {
		journal.amounts[journal.len] = amount;
		journal.account_of[journal.len] = acct;
		journal.len++;
	}
	pthread_mutex_unlock(&journal.mu);
	pthread_mutex_unlock(&a->mu);
}

static long reconcile(int acct)
{
	long sum = 0;

	pthread_mutex_lock(&journal.mu); // bug
	for (int i = 0; i < journal.len; i++)
		if (journal.account_of[i] == acct)
			sum += journal.amounts[i];
	pthread_mutex_lock(&accounts[acct].mu); // bug
	accounts[acct].balance = sum;
	pthread_mutex_unlock(&accounts[acct].mu);
	pthread_mutex_unlock(&journal.mu);
	return sum;
}

static void *teller(void *arg)
{
	(void)arg;
	for (int i = 0; i < 12; i++)
		post(i % NACCOUNTS, 10 * (i + 1));
	return NULL;
}

static void *nightly(void *arg)
{
	(void)arg;
	for (int a = 0; a < NACCOUNTS; a++)
		printf("account %d reconciled: %ld\n", a, reconcile(a));
	return NULL;
}

int main(void)
{
	pthread_t t;

	for (int i = 0; i < NACCOUNTS; i++)
		pthread_mutex_init(&accounts[i].mu, NULL);

	/* The day's postings finish before reconciliation starts. */
	if (pthread_create(&t, NULL, teller, NULL) != 0)
		return 1;
	pthread_join(t, NULL);
	if (pthread_create(&t, NULL, nightly, NULL) != 0)
		return 1;
	pthread_join(t, NULL);

	for (int i = 0; i < NACCOUNTS; i++)
		pthread_mutex_destroy(&accounts[i].mu);
	return 0;
}
