// corpus: correct
/* A single-producer single-consumer ring buffer without locks.  The producer
 * owns `tail`, the consumer owns `head`; each publishes its index with a
 * release store and reads the other's with an acquire load, which orders the
 * slot contents with the index that hands them over. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#define RING_CAP 64	/* a power of two */
#define NMSGS 10000

struct ring {
	_Atomic size_t head;	/* next slot to read; written by the consumer */
	_Atomic size_t tail;	/* next slot to write; written by the producer */
	uint64_t slot[RING_CAP];
};

static struct ring rb;

static int ring_push(struct ring *r, uint64_t v)
{
	size_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
	size_t head = atomic_load_explicit(&r->head, memory_order_acquire);
	if (tail - head == RING_CAP)
		return 0;	/* full */
	r->slot[tail % RING_CAP] = v;
	atomic_store_explicit(&r->tail, tail + 1, memory_order_release);
	return 1;
}

static int ring_pop(struct ring *r, uint64_t *v)
{
	size_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
	size_t tail = atomic_load_explicit(&r->tail, memory_order_acquire);
	if (head == tail)
		return 0;	/* empty */
	*v = r->slot[head % RING_CAP];
	atomic_store_explicit(&r->head, head + 1, memory_order_release);
	return 1;
}

static void *producer(void *arg)
{
	(void)arg;
	for (uint64_t i = 1; i <= NMSGS; i++)
		while (!ring_push(&rb, i * i))
			sched_yield();
	return NULL;
}

static void *consumer(void *arg)
{
	uint64_t *sum = arg, v;
	for (int n = 0; n < NMSGS; n++) {
		while (!ring_pop(&rb, &v))
			sched_yield();
		*sum += v;
	}
	return NULL;
}

int main(void)
{
	pthread_t p, c;
	uint64_t sum = 0, want = 0;

	for (uint64_t i = 1; i <= NMSGS; i++)
		want += i * i;
	if (pthread_create(&c, NULL, consumer, &sum) != 0 ||
	    pthread_create(&p, NULL, producer, NULL) != 0) {
		fputs("spsc: pthread_create failed\n", stderr);
		return 1;
	}
	pthread_join(p, NULL);
	pthread_join(c, NULL);
	printf("sum %llu (%s)\n", (unsigned long long)sum, sum == want ? "ok" : "WRONG");
	return sum == want ? 0 : 1;
}
