// corpus: correct
/* 1-D heat diffusion: each thread updates its own slice of the rod; the
 * barrier between steps makes every write of step k visible before any
 * thread reads its neighbours' cells in step k + 1. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define CELLS 96
#define NTHREADS 3
#define STEPS 50

static double rod[2][CELLS];
static pthread_barrier_t step_done;

struct slice {
	int from, to;	/* [from, to) */
};

static void *simulate(void *arg)
{
	const struct slice *s = arg;
	for (int step = 0; step < STEPS; step++) {
		const double *cur = rod[step % 2];
		double *next = rod[(step + 1) % 2];
		for (int i = s->from; i < s->to; i++) {
			double left = i > 0 ? cur[i - 1] : cur[i];
			double right = i < CELLS - 1 ? cur[i + 1] : cur[i];
			next[i] = cur[i] + 0.25 * (left - 2 * cur[i] + right);
		}
		pthread_barrier_wait(&step_done);
	}
	return NULL;
}

int main(void)
{
	pthread_t th[NTHREADS];
	struct slice sl[NTHREADS];
	int err;

	rod[0][CELLS / 2] = 1000.0;
	if ((err = pthread_barrier_init(&step_done, NULL, NTHREADS)) != 0) {
		fprintf(stderr, "barrier: error %d\n", err);
		return 1;
	}
	for (int t = 0; t < NTHREADS; t++) {
		sl[t].from = t * CELLS / NTHREADS;
		sl[t].to = (t + 1) * CELLS / NTHREADS;
		if ((err = pthread_create(&th[t], NULL, simulate, &sl[t])) != 0) {
			fprintf(stderr, "pthread_create: error %d\n", err);
			return 1;
		}
	}
	for (int t = 0; t < NTHREADS; t++)
		pthread_join(th[t], NULL);
	pthread_barrier_destroy(&step_done);

	double heat = 0;
	for (int i = 0; i < CELLS; i++)
		heat += rod[STEPS % 2][i];
	printf("total heat after %d steps: %.3f\n", STEPS, heat);
	return 0;
}
