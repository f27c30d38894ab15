// corpus: buggy data-race
// sources: ringlog.c
#include "ringlog.h"

#include <pthread.h>
#include <stdio.h>

static ringlog *g_log;

static void *request_handler(void *arg)
{
	int worker = (int)(long)arg;
	for (int i = 0; i < 20; i++)
		ringlog_write(g_log, "worker %d handled request %d", worker, i);
	return NULL;
}

static void print_line(const char *line, void *ctx)
{
	int *n = ctx;
	printf("%3d %s\n", ++*n, line);
}

int main(void)
{
	pthread_t workers[3];
	int shown = 0;

	g_log = ringlog_open(8);
	if (!g_log) {
		fprintf(stderr, "ringlog_open failed\n");
		return 1;
	}
	for (long i = 0; i < 3; i++)
		pthread_create(&workers[i], NULL, request_handler, (void *)i);
	for (int i = 0; i < 3; i++)
		pthread_join(workers[i], NULL);

	ringlog_each(g_log, print_line, &shown);
	printf("%zu lines logged, %d kept\n", ringlog_total(g_log), shown);
	ringlog_close(g_log);
	return 0;
}
