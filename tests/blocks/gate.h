/* gate.h: for the blocks' unit tests, a gate that holds every task entering
 * it until the test opens it, so that a test knows which tasks are running
 * by a handshake, never by sleeping. One gate per test program; reset it
 * before each test. */
#ifndef BLOCKS_TEST_GATE_H
#define BLOCKS_TEST_GATE_H

#include <pthread.h>
#include <stdbool.h>

/* mu guards entered and open; changed is broadcast when either changes. */
static struct {
	pthread_mutex_t mu;
	pthread_cond_t changed;
	int entered;
	bool open;
} gate = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, false };

static inline void reset_gate(void)
{
	pthread_mutex_lock(&gate.mu);
	gate.entered = 0;
	gate.open = false;
	pthread_mutex_unlock(&gate.mu);
}

/* A task that enters the gate, waits until it opens, and returns arg. */
static inline int gated_task(void *arg, void **result)
{
	pthread_mutex_lock(&gate.mu);
	gate.entered++;
	pthread_cond_broadcast(&gate.changed);
	while (!gate.open)
		pthread_cond_wait(&gate.changed, &gate.mu);
	pthread_mutex_unlock(&gate.mu);
	*result = arg;
	return 0;
}

/* Returns once n tasks have entered the gate. */
static inline void await_entered(int n)
{
	pthread_mutex_lock(&gate.mu);
	while (gate.entered < n)
		pthread_cond_wait(&gate.changed, &gate.mu);
	pthread_mutex_unlock(&gate.mu);
}

static inline void open_gate(void)
{
	pthread_mutex_lock(&gate.mu);
	gate.open = true;
	pthread_cond_broadcast(&gate.changed);
	pthread_mutex_unlock(&gate.mu);
}

#endif
