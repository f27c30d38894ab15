#include "bus.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SUBS 16

struct sub {
	int used;
	char topic[24];
	bus_handler fn;
	void *ctx;
};

/* lock guards subs: publishers share it, (un)subscribers take it exclusively.
 * published is only ever updated atomically. */
struct bus {
	pthread_rwlock_t lock;
	struct sub subs[MAX_SUBS];
	atomic_ulong published;
};

struct bus *bus_create(void)
{
	struct bus *b = calloc(1, sizeof *b);
	if (!b)
		return NULL;
	if (pthread_rwlock_init(&b->lock, NULL) != 0) {
		free(b);
		return NULL;
	}
	atomic_init(&b->published, 0);
	return b;
}

void bus_destroy(struct bus *b)
{
	pthread_rwlock_destroy(&b->lock);
	free(b);
}

int bus_subscribe(struct bus *b, const char *topic, bus_handler fn, void *ctx)
{
	int id = -1;
	pthread_rwlock_wrlock(&b->lock);
	for (int i = 0; i < MAX_SUBS; i++)
		if (!b->subs[i].used) {
			b->subs[i].used = 1;
			strncpy(b->subs[i].topic, topic, sizeof b->subs[i].topic - 1);
			b->subs[i].fn = fn;
			b->subs[i].ctx = ctx;
			id = i;
			break;
		}
	pthread_rwlock_unlock(&b->lock);
	return id;
}

void bus_unsubscribe(struct bus *b, int id)
{
	if (id < 0 || id >= MAX_SUBS)
		return;
	pthread_rwlock_wrlock(&b->lock);
	memset(&b->subs[id], 0, sizeof b->subs[id]);
	pthread_rwlock_unlock(&b->lock);
}

int bus_publish(struct bus *b, const char *topic, const void *payload)
{
	int ran = 0;
	pthread_rwlock_rdlock(&b->lock);
	for (int i = 0; i < MAX_SUBS; i++) {
		const struct sub *s = &b->subs[i];
		if (s->used && strcmp(s->topic, topic) == 0) {
			s->fn(topic, payload, s->ctx);
			ran++;
		}
	}
	pthread_rwlock_unlock(&b->lock);
	atomic_fetch_add(&b->published, 1);
	return ran;
}

unsigned long bus_published(struct bus *b)
{
	return atomic_load(&b->published);
}
