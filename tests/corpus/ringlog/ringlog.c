/* ringlog.c: slots are claimed round-robin; each slot has its own lock so
 * that writers of different slots never wait for each other. */
#include "ringlog.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#define LINE_MAX_LEN 96

struct slot {
	pthread_mutex_t lock;
	char text[LINE_MAX_LEN];
};

struct ringlog {
	size_t nslots;
	size_t next;		/* total lines written; next slot is next % nslots */
	struct slot *slots;
};

ringlog *ringlog_open(size_t nlines)
{
	ringlog *rl = calloc(1, sizeof *rl);
	if (!rl)
		return NULL;
	rl->slots = calloc(nlines, sizeof *rl->slots);
	if (!rl->slots) {
		free(rl);
		return NULL;
	}
	rl->nslots = nlines;
	for (size_t i = 0; i < nlines; i++)
		pthread_mutex_init(&rl->slots[i].lock, NULL);
	return rl;
}

void ringlog_write(ringlog *rl, const char *fmt, ...)
{
	size_t idx = rl->next++ % rl->nslots; // bug
	struct slot *s = &rl->slots[idx];
	va_list ap;

	pthread_mutex_lock(&s->lock);
	va_start(ap, fmt);
	vsnprintf(s->text, sizeof s->text, fmt, ap);
	va_end(ap);
	pthread_mutex_unlock(&s->lock);
}

void ringlog_each(ringlog *rl, void (*fn)(const char *line, void *ctx), void *ctx)
{
	size_t first = rl->next > rl->nslots ? rl->next - rl->nslots : 0;
	for (size_t i = first; i < rl->next; i++) {
		struct slot *s = &rl->slots[i % rl->nslots];
		pthread_mutex_lock(&s->lock);
		fn(s->text, ctx);
		pthread_mutex_unlock(&s->lock);
	}
}

size_t ringlog_total(ringlog *rl)
{
	return rl->next;
}

void ringlog_close(ringlog *rl)
{
	for (size_t i = 0; i < rl->nslots; i++)
		pthread_mutex_destroy(&rl->slots[i].lock);
	free(rl->slots);
	free(rl);
}
