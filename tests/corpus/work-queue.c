// corpus: correct
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct task {
	struct task *next;
	int n;
} task_t;

typedef struct {
	pthread_mutex_t lock;
	pthread_cond_t has_work;
	task_t *first, *last;
	bool shutting_down;
} queue_t;

static queue_t queue = {
	PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, NULL, false
};
static _Atomic long results;

static void queue_push(queue_t *q, task_t *t)
{
	pthread_mutex_lock(&q->lock);
	t->next = NULL;
	if (q->last)
		q->last->next = t;
	else
		q->first = t;
	q->last = t;
	pthread_cond_signal(&q->has_work);
	pthread_mutex_unlock(&q->lock);
}

/* NULL once the queue is shut down and drained. */
static task_t *queue_pop(queue_t *q)
{
	pthread_mutex_lock(&q->lock);
	while (!q->first && !q->shutting_down)
		pthread_cond_wait(&q->has_work, &q->lock);
	task_t *t = q->first;
	if (t) {
		q->first = t->next;
		if (!q->first)
			q->last = NULL;
	}
	pthread_mutex_unlock(&q->lock);
	return t;
}

static long fib(int n)
{
	return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static void *worker(void *arg)
{
	(void)arg;
	task_t *t;
	while ((t = queue_pop(&queue)) != NULL) {
		results += fib(t->n);
		free(t);
	}
	return NULL;
}

int main(void)
{
	pthread_t w[3];
	for (int i = 0; i < 3; i++)
		if (pthread_create(&w[i], NULL, worker, NULL) != 0) {
			perror("pthread_create");
			return 1;
		}
	for (int i = 0; i < 20; i++) {
		task_t *t = malloc(sizeof *t);
		if (!t)
			break;
		t->n = 10 + i % 5;
		queue_push(&queue, t);
	}
	pthread_mutex_lock(&queue.lock);
	queue.shutting_down = true;
	pthread_cond_broadcast(&queue.has_work);
	pthread_mutex_unlock(&queue.lock);
	for (int i = 0; i < 3; i++)
		pthread_join(w[i], NULL);
	printf("sum of results: %ld\n", (long)results);
	return 0;
}
