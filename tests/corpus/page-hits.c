// corpus: correct
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define NPAGES 4
#define NTHREADS 4

static const char *pages[NPAGES] = { "/", "/about", "/blog", "/contact" };
static unsigned long hits[NPAGES];
static pthread_mutex_t hits_mutex = PTHREAD_MUTEX_INITIALIZER;

static int page_index(const char *path)
{
	for (int i = 0; i < NPAGES; i++)
		if (strcmp(pages[i], path) == 0)
			return i;
	return -1;
}

static void count_hit(const char *path)
{
	int i = page_index(path);
	if (i < 0)
		return;
	pthread_mutex_lock(&hits_mutex);
	hits[i]++;
	pthread_mutex_unlock(&hits_mutex);
}

static void *replay_log(void *arg)
{
	int offset = *(int *)arg;
	for (int n = 0; n < 1000; n++)
		count_hit(pages[(n + offset) % NPAGES]);
	return NULL;
}

int main(void)
{
	pthread_t th[NTHREADS];
	int offsets[NTHREADS];

	for (int i = 0; i < NTHREADS; i++) {
		offsets[i] = i;
		pthread_create(&th[i], NULL, replay_log, &offsets[i]);
	}
	for (int i = 0; i < NTHREADS; i++)
		pthread_join(th[i], NULL);

	unsigned long total = 0;
	for (int i = 0; i < NPAGES; i++) {
		printf("%-10s %lu\n", pages[i], hits[i]);
		total += hits[i];
	}
	return total == 1000UL * NTHREADS ? 0 : 1;
}
