// corpus: correct
/* A background compactor runs until the main thread asks it to stop.  The
 * stop request is an atomic flag, so the poll in the loop is well defined
 * and sees the store; the counters are handed back through pthread_join. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

static atomic_bool stop_requested = false;

struct compactor_stats {
	unsigned long passes;
	unsigned long bytes_reclaimed;
};

static void *compactor(void *arg)
{
	struct compactor_stats *st = arg;
	while (!atomic_load(&stop_requested)) {
		st->passes++;
		st->bytes_reclaimed += 4096;
		usleep(500);
	}
	return st;
}

int main(void)
{
	struct compactor_stats stats = { 0, 0 };
	pthread_t t;
	void *ret;

	if (pthread_create(&t, NULL, compactor, &stats) != 0) {
		fprintf(stderr, "cannot start compactor\n");
		return 1;
	}
	usleep(20 * 1000);
	atomic_store(&stop_requested, true);
	if (pthread_join(t, &ret) != 0) {
		fprintf(stderr, "pthread_join failed\n");
		return 1;
	}
	const struct compactor_stats *st = ret;
	printf("compactor: %lu passes, %lu bytes reclaimed\n", st->passes, st->bytes_reclaimed);
	return 0;
}
