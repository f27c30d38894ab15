/* textbook-queue.h: the bounded queue as textbooks write it, for make bench:
 * one mutex, two condition variables, a signal after every push and pop
 * whether or not anyone waits. Errors end the benchmark (it is not library
 * code). */
#ifndef BENCH_TEXTBOOK_QUEUE_H
#define BENCH_TEXTBOOK_QUEUE_H

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct textbook_queue {
	pthread_mutex_t mu;		/* guards every field below */
	pthread_cond_t not_empty;
	pthread_cond_t not_full;
	void **slots;
	size_t capacity, head, count;
};

static inline void textbook_check(int rc, const char *what)
{
	if (rc != 0) {
		fprintf(stderr, "textbook queue: %s failed: error %d\n", what, rc);
		exit(1);
	}
}

static inline void textbook_init(struct textbook_queue *q, size_t capacity)
{
	q->slots = malloc(capacity * sizeof *q->slots);
	if (!q->slots)
		textbook_check(1, "malloc");
	q->capacity = capacity;
	q->head = q->count = 0;
	textbook_check(pthread_mutex_init(&q->mu, NULL), "pthread_mutex_init");
	textbook_check(pthread_cond_init(&q->not_empty, NULL), "pthread_cond_init");
	textbook_check(pthread_cond_init(&q->not_full, NULL), "pthread_cond_init");
}

static inline void textbook_destroy(struct textbook_queue *q)
{
	pthread_cond_destroy(&q->not_empty);
	pthread_cond_destroy(&q->not_full);
	pthread_mutex_destroy(&q->mu);
	free(q->slots);
}

static inline void textbook_push(struct textbook_queue *q, void *item)
{
	textbook_check(pthread_mutex_lock(&q->mu), "pthread_mutex_lock");
	while (q->count == q->capacity)
		textbook_check(pthread_cond_wait(&q->not_full, &q->mu), "pthread_cond_wait");
	q->slots[(q->head + q->count) % q->capacity] = item;
	q->count++;
	textbook_check(pthread_cond_signal(&q->not_empty), "pthread_cond_signal");
	textbook_check(pthread_mutex_unlock(&q->mu), "pthread_mutex_unlock");
}

static inline void *textbook_pop(struct textbook_queue *q)
{
	textbook_check(pthread_mutex_lock(&q->mu), "pthread_mutex_lock");
	while (q->count == 0)
		textbook_check(pthread_cond_wait(&q->not_empty, &q->mu), "pthread_cond_wait");
	void *item = q->slots[q->head];
	q->head = (q->head + 1) % q->capacity;
	q->count--;
	textbook_check(pthread_cond_signal(&q->not_full), "pthread_cond_signal");
	textbook_check(pthread_mutex_unlock(&q->mu), "pthread_mutex_unlock");
	return item;
}

#endif
