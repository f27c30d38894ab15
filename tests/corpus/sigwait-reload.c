// corpus: correct
/*
 * Signals are handled by one dedicated thread that waits for them with
 * sigwait().  Every thread blocks SIGHUP and SIGUSR1 (the mask is set before
 * any thread starts), so no asynchronous handler ever runs: the signal
 * thread handles them as ordinary code and may lock, allocate and print.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t conf_mu = PTHREAD_MUTEX_INITIALIZER;
static char *conf_name;		/* guarded by conf_mu */
static int reloads;		/* guarded by conf_mu */

static void *signal_thread(void *arg)
{
	sigset_t *set = arg;
	for (;;) {
		int sig;
		int rc = sigwait(set, &sig);
		if (rc != 0) {
			fprintf(stderr, "sigwait: %s\n", strerror(rc));
			return NULL;
		}
		if (sig == SIGUSR1)
			return NULL;	/* shutdown request */
		char *fresh = malloc(32);
		if (!fresh)
			continue;
		pthread_mutex_lock(&conf_mu);
		snprintf(fresh, 32, "app.conf#%d", ++reloads);
		free(conf_name);
		conf_name = fresh;
		printf("reloaded %s\n", conf_name);
		pthread_mutex_unlock(&conf_mu);
	}
}

int main(void)
{
	static sigset_t set;
	pthread_t sigt;
	int rc;

	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGUSR1);
	if ((rc = pthread_sigmask(SIG_BLOCK, &set, NULL)) != 0) {
		fprintf(stderr, "pthread_sigmask: %s\n", strerror(rc));
		return 1;
	}
	if ((rc = pthread_create(&sigt, NULL, signal_thread, &set)) != 0) {
		fprintf(stderr, "pthread_create: %s\n", strerror(rc));
		return 1;
	}
	pthread_kill(sigt, SIGHUP);
	pthread_kill(sigt, SIGUSR1);
	pthread_join(sigt, NULL);

	printf("%d reload(s), last %s\n", reloads, conf_name ? conf_name : "(none)");
	free(conf_name);
	return 0;
}
