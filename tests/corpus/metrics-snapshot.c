// corpus: buggy data-race
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#define NMETRICS 16

static double snapshot[NMETRICS];
static atomic_int snapshot_ready;

static void *collector(void *arg)
{
	unsigned seed = *(unsigned *)arg;
	for (int i = 0; i < NMETRICS; i++)
		snapshot[i] = (double)(rand_r(&seed) % 1000) / 10.0; // bug
	atomic_store_explicit(&snapshot_ready, 1, memory_order_relaxed); // bug
	return NULL;
}

static void *exporter(void *arg)
{
	double *sum = arg;
	while (!atomic_load_explicit(&snapshot_ready, memory_order_relaxed)) // bug
		;
	for (int i = 0; i < NMETRICS; i++)
		*sum += snapshot[i]; // bug
	return NULL;
}

int main(void)
{
	pthread_t c, e;
	unsigned seed = 12345;
	double sum = 0;

	if (pthread_create(&e, NULL, exporter, &sum) ||
	    pthread_create(&c, NULL, collector, &seed)) {
		fputs("metrics: cannot start threads\n", stderr);
		return 1;
	}
	pthread_join(c, NULL);
	pthread_join(e, NULL);
	printf("exported %d metrics, sum %.1f\n", NMETRICS, sum);
	return 0;
}
