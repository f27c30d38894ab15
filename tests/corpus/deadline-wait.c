// corpus: correct
/* Waits for a worker's result with a deadline measured on CLOCK_MONOTONIC,
 * so that a wall-clock change cannot stretch or cut the wait. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct result_slot {
	pthread_mutex_t mu;
	pthread_cond_t cv;	/* created with CLOCK_MONOTONIC */
	int ready;
	double value;
};

static struct result_slot slot = { .mu = PTHREAD_MUTEX_INITIALIZER };

static void *compute(void *arg)
{
	int n = *(int *)arg;
	double pi = 0;
	for (int k = 0; k < n; k++)
		pi += (k % 2 ? -4.0 : 4.0) / (2 * k + 1);
	pthread_mutex_lock(&slot.mu);
	slot.value = pi;
	slot.ready = 1;
	pthread_cond_signal(&slot.cv);
	pthread_mutex_unlock(&slot.mu);
	return NULL;
}

/* 0 when the result arrived before the deadline, ETIMEDOUT otherwise. */
static int wait_result(double *out, int timeout_ms)
{
	struct timespec deadline;
	int rc = 0;

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += timeout_ms / 1000;
	deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&slot.mu);
	while (!slot.ready && rc == 0)
		rc = pthread_cond_timedwait(&slot.cv, &slot.mu, &deadline);
	if (slot.ready) {
		*out = slot.value;
		rc = 0;
	}
	pthread_mutex_unlock(&slot.mu);
	return rc;
}

int main(void)
{
	pthread_condattr_t ca;
	pthread_t t;
	int terms = 200000;
	double pi = 0;

	if (pthread_condattr_init(&ca) || pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) ||
	    pthread_cond_init(&slot.cv, &ca)) {
		fputs("cannot set up a monotonic condition variable\n", stderr);
		return 1;
	}
	pthread_condattr_destroy(&ca);
	if (pthread_create(&t, NULL, compute, &terms) != 0)
		return 1;

	int rc = wait_result(&pi, 20000);
	if (rc == ETIMEDOUT)
		puts("no result within 20 s; still waiting for the worker");
	else if (rc != 0)
		fprintf(stderr, "pthread_cond_timedwait: %s\n", strerror(rc));
	else
		printf("pi ~ %.6f\n", pi);
	pthread_join(t, NULL);
	pthread_cond_destroy(&slot.cv);
	return rc == 0 ? 0 : 1;
}
