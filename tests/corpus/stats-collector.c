// corpus: buggy data-race
/*
 * Collects latency samples from several worker threads and prints a summary.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define NWORKERS 4
#define SAMPLES_PER_WORKER 5000

struct stats {
	unsigned long count;
	unsigned long sum;
	unsigned long max;
};

static struct stats g_stats;
static pthread_mutex_t g_max_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t g_start;

static void record_sample(unsigned long usec)
{
	g_stats.count++; // bug
	g_stats.sum += usec; // bug
	pthread_mutex_lock(&g_max_lock);
	if (usec > g_stats.max)
		g_stats.max = usec;
	pthread_mutex_unlock(&g_max_lock);
}

static void *worker(void *arg)
{
	unsigned seed = (unsigned)(unsigned long)arg;

	pthread_barrier_wait(&g_start);
	for (int i = 0; i < SAMPLES_PER_WORKER; i++)
		record_sample(100 + (unsigned long)rand_r(&seed) % 900);
	return NULL;
}

int main(void)
{
	pthread_t tids[NWORKERS];

	pthread_barrier_init(&g_start, NULL, NWORKERS);
	for (unsigned long i = 0; i < NWORKERS; i++) {
		if (pthread_create(&tids[i], NULL, worker, (void *)(i + 1)) != 0) {
			fprintf(stderr, "stats: cannot start worker %lu\n", i);
			return 1;
		}
	}
	for (int i = 0; i < NWORKERS; i++)
		pthread_join(tids[i], NULL);
	pthread_barrier_destroy(&g_start);

	printf("samples=%lu mean=%lu max=%lu\n", g_stats.count,
	       g_stats.count ? g_stats.sum / g_stats.count : 0, g_stats.max);
	return 0;
}
