// corpus: correct
/* Each thread formats into its own scratch buffer (thread-local storage), and
 * keeps per-thread statistics behind a pthread key whose destructor folds
 * them into the global totals when the thread ends. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local char scratch[128];
static _Thread_local unsigned calls;

struct thread_stats {
	unsigned long bytes;
};

static pthread_key_t stats_key;
static pthread_mutex_t totals_mu = PTHREAD_MUTEX_INITIALIZER;
static unsigned long total_bytes;

static void stats_flush(void *p)
{
	struct thread_stats *st = p;
	pthread_mutex_lock(&totals_mu);
	total_bytes += st->bytes;
	pthread_mutex_unlock(&totals_mu);
	free(st);
}

static const char *format_price(long cents)
{
	struct thread_stats *st = pthread_getspecific(stats_key);
	if (!st) {
		st = calloc(1, sizeof *st);
		if (!st || pthread_setspecific(stats_key, st) != 0)
			abort();
	}
	int n = snprintf(scratch, sizeof scratch, "%ld.%02ld EUR (#%u)", cents / 100,
			 cents % 100, ++calls);
	st->bytes += (unsigned long)n;
	return scratch;
}

static void *pricing(void *arg)
{
	long base = *(long *)arg;
	for (int i = 0; i < 5; i++) {
		const char *s = format_price(base + i * 199);
		if (i == 4)
			printf("%s\n", s);
	}
	return NULL;
}

int main(void)
{
	long bases[3] = { 1000, 25000, 99 };
	pthread_t t[3];

	if (pthread_key_create(&stats_key, stats_flush) != 0) {
		fputs("pthread_key_create failed\n", stderr);
		return 1;
	}
	for (int i = 0; i < 3; i++)
		if (pthread_create(&t[i], NULL, pricing, &bases[i]) != 0) {
			fputs("pthread_create failed\n", stderr);
			return 1;
		}
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	pthread_key_delete(stats_key);
	printf("%lu bytes formatted\n", total_bytes);
	return 0;
}
