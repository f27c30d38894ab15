// corpus: correct
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct Logger {
	pthread_mutex_t mu;
	FILE *out;
	unsigned long seq;
	char prefix[16];
} Logger;

static Logger *the_logger;
static pthread_once_t logger_once = PTHREAD_ONCE_INIT;

static void logger_create(void)
{
	Logger *l = calloc(1, sizeof *l);
	if (l == NULL) {
		perror("calloc");
		abort();
	}
	pthread_mutex_init(&l->mu, NULL);
	l->out = stdout;
	strcpy(l->prefix, "[app]");
	the_logger = l;
}

static Logger *logger(void)
{
	pthread_once(&logger_once, logger_create);
	return the_logger;
}

static void log_msg(const char *msg)
{
	Logger *l = logger();
	pthread_mutex_lock(&l->mu);
	fprintf(l->out, "%s %lu %s\n", l->prefix, ++l->seq, msg);
	pthread_mutex_unlock(&l->mu);
}

static void *worker(void *arg)
{
	char line[48];
	for (int i = 0; i < 3; i++) {
		snprintf(line, sizeof line, "worker %ld step %d", (long)arg, i);
		log_msg(line);
	}
	return NULL;
}

int main(void)
{
	pthread_t th[4];
	for (long i = 0; i < 4; i++)
		if (pthread_create(&th[i], NULL, worker, (void *)i) != 0) {
			fputs("pthread_create failed\n", stderr);
			return 1;
		}
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	log_msg("all workers done");

	pthread_mutex_destroy(&the_logger->mu);
	free(the_logger);
	return 0;
}
