// corpus: correct
/*
 * Double-checked initialisation done with C11 atomics: the fast path is an
 * acquire load of the pointer; the slow path builds the object under a
 * mutex and publishes it with a release store.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
	int nhandlers;
	const char *names[4];
} handler_registry;

static _Atomic(handler_registry *) registry;
static pthread_mutex_t registry_init_mu = PTHREAD_MUTEX_INITIALIZER;

static handler_registry *get_registry(void)
{
	handler_registry *r = atomic_load_explicit(&registry, memory_order_acquire);
	if (r)
		return r;
	pthread_mutex_lock(&registry_init_mu);
	r = atomic_load_explicit(&registry, memory_order_relaxed);
	if (!r) {
		r = malloc(sizeof *r);
		if (!r) {
			pthread_mutex_unlock(&registry_init_mu);
			return NULL;
		}
		r->nhandlers = 3;
		r->names[0] = "GET";
		r->names[1] = "PUT";
		r->names[2] = "DELETE";
		r->names[3] = NULL;
		atomic_store_explicit(&registry, r, memory_order_release);
	}
	pthread_mutex_unlock(&registry_init_mu);
	return r;
}

static pthread_barrier_t start;

static void *dispatch(void *arg)
{
	int *found = arg;
	pthread_barrier_wait(&start);
	for (int round = 0; round < 100; round++) {
		handler_registry *r = get_registry();
		if (r)
			*found += r->nhandlers;
	}
	return NULL;
}

int main(void)
{
	pthread_t t[3];
	int found[3] = { 0, 0, 0 };

	pthread_barrier_init(&start, NULL, 3);
	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, dispatch, &found[i]);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&start);
	printf("found %d %d %d\n", found[0], found[1], found[2]);
	free(atomic_load(&registry));
	return found[0] == 300 && found[1] == 300 && found[2] == 300 ? 0 : 1;
}
