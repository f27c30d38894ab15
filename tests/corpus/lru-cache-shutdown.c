// corpus: buggy destroy-locked
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_SLOTS 16

struct entry {
	int key;
	int value;
	unsigned long last_used;
};

struct cache {
	pthread_mutex_t lock;	/* guards everything below */
	struct entry *slots;
	unsigned long clock;
	int dirty;
};

static int cache_init(struct cache *c)
{
	c->slots = calloc(CACHE_SLOTS, sizeof *c->slots);
	if (c->slots == NULL)
		return -1;
	c->clock = 0;
	c->dirty = 0;
	return pthread_mutex_init(&c->lock, NULL);
}

static void cache_put(struct cache *c, int key, int value)
{
	pthread_mutex_lock(&c->lock);
	struct entry *victim = &c->slots[0];
	for (int i = 0; i < CACHE_SLOTS; i++) {
		if (c->slots[i].key == key) {
			victim = &c->slots[i];
			break;
		}
		if (c->slots[i].last_used < victim->last_used)
			victim = &c->slots[i];
	}
	victim->key = key;
	victim->value = value;
	victim->last_used = ++c->clock;
	c->dirty++;
	pthread_mutex_unlock(&c->lock);
}

static void cache_destroy(struct cache *c)
{
	pthread_mutex_lock(&c->lock);
	if (c->dirty)
		printf("flushing %d dirty entries\n", c->dirty);
	free(c->slots);
	c->slots = NULL;
	pthread_mutex_destroy(&c->lock); // bug
}

static void *filler(void *arg)
{
	struct cache *c = arg;
	for (int k = 0; k < 40; k++)
		cache_put(c, k % 24, k * k);
	return NULL;
}

int main(void)
{
	struct cache c;
	pthread_t t[2];

	if (cache_init(&c) != 0) {
		fputs("cache_init failed\n", stderr);
		return 1;
	}
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, filler, &c);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	cache_destroy(&c);
	return 0;
}
