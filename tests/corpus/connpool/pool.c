#include "pool.h"

#include <stdio.h>

int pool_init(struct pool *p)
{
	if (pthread_mutex_init(&p->lock, NULL) != 0)
		return -1;
	for (int i = 0; i < POOL_SIZE; i++) {
		struct conn *c = &p->conns[i];
		if (pthread_mutex_init(&c->lock, NULL) != 0)
			return -1;
		c->id = i;
		c->in_use = c->requests = c->broken = 0;
	}
	p->nfree = POOL_SIZE;
	p->cursor = 0;
	return 0;
}

void pool_destroy(struct pool *p)
{
	for (int i = 0; i < POOL_SIZE; i++)
		pthread_mutex_destroy(&p->conns[i].lock);
	pthread_mutex_destroy(&p->lock);
}

struct conn *pool_acquire(struct pool *p)
{
	struct conn *found = NULL;

	pthread_mutex_lock(&p->lock); // bug
	for (int i = 0; i < POOL_SIZE && !found; i++) {
		struct conn *c = &p->conns[(p->cursor + i) % POOL_SIZE];
		pthread_mutex_lock(&c->lock); // bug
		if (!c->in_use && !c->broken) {
			c->in_use = 1;
			p->nfree--;
			found = c;
			p->cursor = (c->id + 1) % POOL_SIZE;
		}
		pthread_mutex_unlock(&c->lock);
	}
	pthread_mutex_unlock(&p->lock);
	return found;
}

void pool_release(struct pool *p, struct conn *c)
{
	pthread_mutex_lock(&p->lock);
	pthread_mutex_lock(&c->lock);
	c->in_use = 0;
	p->nfree++;
	pthread_mutex_unlock(&c->lock);
	pthread_mutex_unlock(&p->lock);
}

void conn_mark_broken(struct pool *p, struct conn *c)
{
	pthread_mutex_lock(&c->lock); // bug
	if (!c->broken) {
		c->broken = 1;
		fprintf(stderr, "conn %d: broken after %d requests\n", c->id, c->requests);
		pthread_mutex_lock(&p->lock); // bug
		if (c->in_use)
			c->in_use = 0;
		else
			p->nfree--;
		pthread_mutex_unlock(&p->lock);
	}
	pthread_mutex_unlock(&c->lock);
}
