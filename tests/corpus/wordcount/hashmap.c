#include "hashmap.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct node {
	struct node *next;
	long value;
	char key[];
};

/* Each bucket has its own lock: updates to different buckets run in parallel. */
struct bucket {
	pthread_mutex_t lock;
	struct node *head;
};

struct hashmap {
	size_t nbuckets;
	size_t size;		/* number of keys */
	struct bucket *buckets;
};

static size_t hash(const char *s)
{
	size_t h = 5381;
	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

struct hashmap *hashmap_new(size_t nbuckets)
{
	struct hashmap *m = malloc(sizeof *m);
	if (!m)
		return NULL;
	m->buckets = calloc(nbuckets, sizeof *m->buckets);
	if (!m->buckets) {
		free(m);
		return NULL;
	}
	for (size_t i = 0; i < nbuckets; i++)
		pthread_mutex_init(&m->buckets[i].lock, NULL);
	m->nbuckets = nbuckets;
	m->size = 0;
	return m;
}

void hashmap_free(struct hashmap *m)
{
	for (size_t i = 0; i < m->nbuckets; i++) {
		struct node *n = m->buckets[i].head;
		while (n) {
			struct node *next = n->next;
			free(n);
			n = next;
		}
		pthread_mutex_destroy(&m->buckets[i].lock);
	}
	free(m->buckets);
	free(m);
}

int hashmap_add(struct hashmap *m, const char *key, long delta)
{
	struct bucket *b = &m->buckets[hash(key) % m->nbuckets];
	struct node *n;
	int rc = 0;

	pthread_mutex_lock(&b->lock);
	for (n = b->head; n; n = n->next)
		if (strcmp(n->key, key) == 0)
			break;
	if (!n) {
		size_t len = strlen(key) + 1;
		n = malloc(sizeof *n + len);
		if (!n) {
			rc = -1;
			goto out;
		}
		memcpy(n->key, key, len);
		n->value = 0;
		n->next = b->head;
		b->head = n;
		m->size++; // bug
	}
	n->value += delta;
out:
	pthread_mutex_unlock(&b->lock);
	return rc;
}

long hashmap_get(struct hashmap *m, const char *key)
{
	struct bucket *b = &m->buckets[hash(key) % m->nbuckets];
	long v = 0;
	pthread_mutex_lock(&b->lock);
	for (struct node *n = b->head; n; n = n->next)
		if (strcmp(n->key, key) == 0) {
			v = n->value;
			break;
		}
	pthread_mutex_unlock(&b->lock);
	return v;
}

size_t hashmap_size(const struct hashmap *m)
{
	return m->size;
}
