// corpus: buggy lock-order
// sources: pool.c
#include "pool.h"

#include <stdio.h>
#include <stdlib.h>

static struct pool pool;

static void *query_worker(void *arg)
{
	int nqueries = *(int *)arg;
	for (int i = 0; i < nqueries; i++) {
		struct conn *c = pool_acquire(&pool);
		if (!c) {
			fprintf(stderr, "no free connection\n");
			continue;
		}
		pthread_mutex_lock(&c->lock);
		c->requests++;
		pthread_mutex_unlock(&c->lock);
		pool_release(&pool, c);
	}
	return NULL;
}

static void *health_checker(void *arg)
{
	(void)arg;
	/* The server closed connection 2: take it out of service. */
	conn_mark_broken(&pool, &pool.conns[2]);
	return NULL;
}

int main(void)
{
	pthread_t t;
	int n = 10;

	if (pool_init(&pool) != 0) {
		fprintf(stderr, "pool_init failed\n");
		return EXIT_FAILURE;
	}
	pthread_create(&t, NULL, query_worker, &n);
	pthread_join(t, NULL);
	pthread_create(&t, NULL, health_checker, NULL);
	pthread_join(t, NULL);
	printf("%d connections free\n", pool.nfree);
	pool_destroy(&pool);
	return 0;
}
