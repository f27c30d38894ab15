// corpus: buggy data-race
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

typedef struct {
	const char *client;
	time_t when;
	int status;
	char line[128];
} log_entry;

static pthread_barrier_t start_together;

static void format_entry(log_entry *e)
{
	char stamp[32];
	struct tm *tm = localtime(&e->when); // bug
	strftime(stamp, sizeof stamp, "%d/%b/%Y:%H:%M:%S", tm); // bug
	snprintf(e->line, sizeof e->line, "%s - [%s] %d", e->client, stamp, e->status);
}

static void *formatter(void *arg)
{
	log_entry *batch = arg;
	pthread_barrier_wait(&start_together);
	for (int i = 0; i < 4; i++)
		format_entry(&batch[i]);
	return NULL;
}

int main(void)
{
	log_entry batches[2][4];
	time_t now = time(NULL);
	pthread_t t[2];

	for (int b = 0; b < 2; b++)
		for (int i = 0; i < 4; i++)
			batches[b][i] = (log_entry){ .client = b ? "10.0.0.7" : "10.0.0.9",
						     .when = now - 3600 * (b * 4 + i),
						     .status = 200 + b };
	pthread_barrier_init(&start_together, NULL, 2);
	for (int b = 0; b < 2; b++)
		pthread_create(&t[b], NULL, formatter, batches[b]);
	for (int b = 0; b < 2; b++)
		pthread_join(t[b], NULL);
	pthread_barrier_destroy(&start_together);

	for (int b = 0; b < 2; b++)
		for (int i = 0; i < 4; i++)
			puts(batches[b][i].line);
	return 0;
}
