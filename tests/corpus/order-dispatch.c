// corpus: buggy self-check
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define QCAP 8
#define NDISPATCHERS 2

struct order_queue {
	pthread_mutex_t mu;
	pthread_cond_t nonempty;	/* signalled when an order arrives or on close */
	pthread_cond_t idle;		/* signalled when a dispatcher starts waiting */
	int orders[QCAP];
	int head, count;
	int waiting;		/* dispatchers asleep on nonempty; submit wakes them all */
	int closed;
};

static struct order_queue q = {
	.mu = PTHREAD_MUTEX_INITIALIZER,
	.nonempty = PTHREAD_COND_INITIALIZER,
	.idle = PTHREAD_COND_INITIALIZER,
};

static int take_order(int *order)
{
	pthread_mutex_lock(&q.mu);
	if (q.count == 0 && !q.closed) { // bug
		q.waiting++;
		pthread_cond_signal(&q.idle);
		pthread_cond_wait(&q.nonempty, &q.mu); // bug
	}
	if (q.count == 0 && q.closed) {
		pthread_mutex_unlock(&q.mu);
		return 0;
	}
	if (q.count <= 0) {
		fprintf(stderr, "dispatch: took an order from an empty queue\n");
		abort();
	}
	*order = q.orders[q.head];
	q.head = (q.head + 1) % QCAP;
	q.count--;
	pthread_mutex_unlock(&q.mu);
	return 1;
}

static void *dispatcher(void *arg)
{
	long id = (long)arg;
	int order;
	while (take_order(&order))
		printf("dispatcher %ld: order #%d\n", id, order);
	return NULL;
}

static void submit(int order)
{
	pthread_mutex_lock(&q.mu);
	q.orders[(q.head + q.count) % QCAP] = order;
	q.count++;
	q.waiting = 0;
	pthread_cond_broadcast(&q.nonempty);
	pthread_mutex_unlock(&q.mu);
}

int main(void)
{
	pthread_t d[NDISPATCHERS];

	for (long i = 0; i < NDISPATCHERS; i++)
		if (pthread_create(&d[i], NULL, dispatcher, (void *)i) != 0) {
			perror("pthread_create");
			return 1;
		}

	/* Start taking orders once every dispatcher is ready. */
	pthread_mutex_lock(&q.mu);
	while (q.waiting < NDISPATCHERS)
		pthread_cond_wait(&q.idle, &q.mu);
	pthread_mutex_unlock(&q.mu);

	submit(501);

	/* Shut down once the order is taken and every dispatcher is idle again. */
	pthread_mutex_lock(&q.mu);
	while (q.count > 0 || q.waiting < NDISPATCHERS)
		pthread_cond_wait(&q.idle, &q.mu);
	q.closed = 1;
	pthread_cond_broadcast(&q.nonempty);
	pthread_mutex_unlock(&q.mu);

	for (int i = 0; i < NDISPATCHERS; i++)
		pthread_join(d[i], NULL);
	return 0;
}
