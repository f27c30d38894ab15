/* ringlog: a fixed-size in-memory log that keeps the most recent lines. */
#ifndef RINGLOG_H
#define RINGLOG_H

#include <stddef.h>

typedef struct ringlog ringlog;

ringlog *ringlog_open(size_t nlines);
void ringlog_write(ringlog *rl, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Calls fn for each kept line, oldest first. */
void ringlog_each(ringlog *rl, void (*fn)(const char *line, void *ctx), void *ctx);
size_t ringlog_total(ringlog *rl);
void ringlog_close(ringlog *rl);

#endif
