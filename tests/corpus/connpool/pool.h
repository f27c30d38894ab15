#ifndef POOL_H
#define POOL_H

#include <pthread.h>

#define POOL_SIZE 4

struct conn {
	pthread_mutex_t lock;	/* guards in_use, requests, broken */
	int id;
	int in_use;
	int requests;
	int broken;
};

struct pool {
	pthread_mutex_t lock;	/* guards nfree and cursor */
	struct conn conns[POOL_SIZE];
	int nfree;
	int cursor;		/* where the next search starts, to spread the load */
};

int pool_init(struct pool *p);
void pool_destroy(struct pool *p);

/* Returns a connection marked in use, or NULL when none is free. */
struct conn *pool_acquire(struct pool *p);
void pool_release(struct pool *p, struct conn *c);

/* Marks a connection broken and takes it out of the pool. */
void conn_mark_broken(struct pool *p, struct conn *c);

#endif
