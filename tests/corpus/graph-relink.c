// corpus: correct
/*
 * Nodes of a graph each have a lock for their own fields.  Operations on
 * one node take just that lock.  Operations that need two nodes take the
 * topology lock first, then the two node locks in whatever order the
 * caller gives: all such operations are serialised by the topology lock,
 * so no two threads ever wait for each other's node locks in a cycle.
 */
#include <pthread.h>
#include <stdio.h>

#define NNODES 3

struct node {
	pthread_mutex_t lock;	/* guards weight and degree */
	int weight;
	int degree;
};

static struct node nodes[NNODES];
static pthread_mutex_t topology_lock = PTHREAD_MUTEX_INITIALIZER;

static void connect_nodes(struct node *a, struct node *b)
{
	pthread_mutex_lock(&topology_lock);
	pthread_mutex_lock(&a->lock);
	pthread_mutex_lock(&b->lock);
	a->degree++;
	b->degree++;
	pthread_mutex_unlock(&b->lock);
	pthread_mutex_unlock(&a->lock);
	pthread_mutex_unlock(&topology_lock);
}

static void bump_weight(struct node *n, int by)
{
	pthread_mutex_lock(&n->lock);
	n->weight += by;
	pthread_mutex_unlock(&n->lock);
}

static void *forward_linker(void *arg)
{
	(void)arg;
	for (int i = 0; i < 200; i++) {
		connect_nodes(&nodes[i % NNODES], &nodes[(i + 1) % NNODES]);
		bump_weight(&nodes[i % NNODES], 1);
	}
	return NULL;
}

static void *backward_linker(void *arg)
{
	(void)arg;
	for (int i = 0; i < 200; i++) {
		connect_nodes(&nodes[(i + 1) % NNODES], &nodes[i % NNODES]);
		bump_weight(&nodes[(i + 1) % NNODES], 2);
	}
	return NULL;
}

int main(void)
{
	pthread_t f, b;
	int total_degree = 0, total_weight = 0;

	for (int i = 0; i < NNODES; i++) {
		pthread_mutex_init(&nodes[i].lock, NULL);
		nodes[i].weight = nodes[i].degree = 0;
	}
	if (pthread_create(&f, NULL, forward_linker, NULL) != 0 ||
	    pthread_create(&b, NULL, backward_linker, NULL) != 0) {
		fprintf(stderr, "graph: cannot start linkers\n");
		return 1;
	}
	pthread_join(f, NULL);
	pthread_join(b, NULL);
	for (int i = 0; i < NNODES; i++) {
		total_degree += nodes[i].degree;
		total_weight += nodes[i].weight;
		pthread_mutex_destroy(&nodes[i].lock);
	}
	printf("degree sum %d, weight sum %d\n", total_degree, total_weight);
	return total_degree == 800 && total_weight == 600 ? 0 : 1;
}
