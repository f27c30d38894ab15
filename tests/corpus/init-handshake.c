// corpus: buggy hang
/* The main thread loads the configuration, tells the flusher it may
 * start, and the flusher writes the configuration out. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_mutex_t cfg_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cfg_loaded = PTHREAD_COND_INITIALIZER;
static char cfg_text[128];

static void *flusher(void *arg)
{
	FILE *out = arg;

	pthread_mutex_lock(&cfg_mu);
	pthread_cond_wait(&cfg_loaded, &cfg_mu); // bug
	fprintf(out, "%s\n", cfg_text);
	pthread_mutex_unlock(&cfg_mu);
	return NULL;
}

static void load_config(void)
{
	pthread_mutex_lock(&cfg_mu);
	snprintf(cfg_text, sizeof cfg_text, "workers=%d queue=%d", 4, 128);
	pthread_cond_signal(&cfg_loaded); // bug
	pthread_mutex_unlock(&cfg_mu);
}

int main(void)
{
	pthread_t t;

	load_config();
	if (pthread_create(&t, NULL, flusher, stdout) != 0) {
		fputs("cannot start flusher\n", stderr);
		return EXIT_FAILURE;
	}
	pthread_join(t, NULL);
	return EXIT_SUCCESS;
}
