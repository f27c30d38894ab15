// corpus: correct
/*
 * SIGTERM asks the service to stop.  The handler only sets a flag.  Worker
 * threads are started with SIGTERM blocked, so the signal is delivered to the
 * main thread, which waits for it with sigsuspend and then tells the workers
 * to stop through a mutex-protected flag.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t got_sigterm;

static pthread_mutex_t state_mu = PTHREAD_MUTEX_INITIALIZER;
static int running = 1;
static long jobs_done;

static void on_sigterm(int signo)
{
	(void)signo;
	got_sigterm = 1;
}

static void *worker(void *arg)
{
	int id = *(int *)arg;
	int asked = 0;
	for (;;) {
		pthread_mutex_lock(&state_mu);
		if (!running) {
			pthread_mutex_unlock(&state_mu);
			break;
		}
		jobs_done++;
		long n = jobs_done;
		pthread_mutex_unlock(&state_mu);
		if (id == 0 && n >= 100 && !asked) {
			kill(getpid(), SIGTERM);	/* as an operator would */
			asked = 1;
		}
		usleep(100);
	}
	return NULL;
}

int main(void)
{
	struct sigaction sa;
	sigset_t term, old;
	pthread_t th[2];
	int ids[2] = { 0, 1 };

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigterm;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGTERM, &sa, NULL) != 0) {
		perror("sigaction");
		return 1;
	}
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &term, &old);	/* inherited by the workers */

	for (int i = 0; i < 2; i++)
		if (pthread_create(&th[i], NULL, worker, &ids[i]) != 0) {
			fputs("pthread_create failed\n", stderr);
			return 1;
		}
	while (!got_sigterm)
		sigsuspend(&old);
	puts("SIGTERM received, stopping");

	pthread_mutex_lock(&state_mu);
	running = 0;
	pthread_mutex_unlock(&state_mu);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	printf("%ld jobs done\n", jobs_done);
	return 0;
}
