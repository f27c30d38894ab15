// corpus: correct
/* The main thread may announce "ready" before or after the worker starts
 * waiting: the worker waits on the predicate, not on the signal, so a
 * signal sent before anyone waits is not lost. */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

static pthread_mutex_t gate_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cv = PTHREAD_COND_INITIALIZER;
static bool gate_open;
static int port;

static void *listener(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&gate_mu);
	while (!gate_open)
		pthread_cond_wait(&gate_cv, &gate_mu);
	int p = port;
	pthread_mutex_unlock(&gate_mu);
	printf("listening on port %d\n", p);
	return NULL;
}

static void open_gate(int listen_port)
{
	pthread_mutex_lock(&gate_mu);
	port = listen_port;
	gate_open = true;
	pthread_cond_broadcast(&gate_cv);
	pthread_mutex_unlock(&gate_mu);
}

int main(void)
{
	pthread_t t;

	open_gate(8443);	/* before the listener even exists */
	if (pthread_create(&t, NULL, listener, NULL) != 0) {
		fputs("cannot start listener\n", stderr);
		return 1;
	}
	pthread_join(t, NULL);
	return 0;
}
