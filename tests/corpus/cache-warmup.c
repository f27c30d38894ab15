// corpus: correct
/*
 * A warm-up thread fills a lookup table in the background while main parses
 * its arguments.  Main waits on the condition variable until the table is
 * ready, uses it, and exits.  The finished warm-up thread is never joined:
 * its few bytes of thread state are released when the process exits.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define TABLE_SIZE 256

static pthread_mutex_t table_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t table_cv = PTHREAD_COND_INITIALIZER;
static int table_ready;			/* guarded by table_mu */
static unsigned char popcount_table[TABLE_SIZE];

static void *warm_up(void *unused)
{
	(void)unused;
	for (int i = 0; i < TABLE_SIZE; i++)
		popcount_table[i] = (unsigned char)__builtin_popcount((unsigned)i);
	pthread_mutex_lock(&table_mu);
	table_ready = 1;
	pthread_cond_signal(&table_cv);
	pthread_mutex_unlock(&table_mu);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t;
	unsigned long value = argc > 1 ? strtoul(argv[1], NULL, 0) : 0xdeadbeefUL;

	if (pthread_create(&t, NULL, warm_up, NULL) != 0) {
		fputs("cannot start warm-up\n", stderr);
		return 1;
	}

	pthread_mutex_lock(&table_mu);
	while (!table_ready)
		pthread_cond_wait(&table_cv, &table_mu);
	pthread_mutex_unlock(&table_mu);

	int bits = 0;
	for (unsigned long v = value; v; v >>= 8)
		bits += popcount_table[v & 0xff];
	printf("%#lx has %d bits set\n", value, bits);
	return 0;
}
