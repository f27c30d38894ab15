/* toollog_stack.h: what every tool-log reader shares: reports made of
 * stacks, stacks made of frames, and the lines of a log. Internal to the
 * toollog_*.c files. */
#ifndef DODONT_TOOLLOG_STACK_H
#define DODONT_TOOLLOG_STACK_H

#include "toollog.h"

#include <stdbool.h>
#include <stddef.h>

struct stack_reader {
	struct finding_list *out;
	const struct user_code *user;
	struct finding *f;	/* the report being read, or NULL */
	struct finding context;	/* places of its context stacks */
	bool stack_is_context;
	bool stack_located;	/* its top user frame is taken */
	int depth;		/* frames read in this stack */
	char role[32];		/* what the current stack does */
	int access_stacks;	/* non-context stacks of this report */
	bool access_by_tool;	/* the first access is made by the tool's own preload */
};

/* Starts a report (ending the one before); fatal when out of memory. */
void reader_report(struct stack_reader *r, const char *kind, const char *message);
/* Starts a stack: a context one, or an access with its role ("read"...). */
void reader_stack(struct stack_reader *r, bool context, const char *role);
/* One frame of the current stack; function may be NULL or "???". */
void reader_frame(struct stack_reader *r, const char *function, const char *file,
		  int line, int col);
/* Ends the report: a report with no place of its own takes its context's. */
void reader_end(struct stack_reader *r);

/* Splits text into lines in place; returns the next line or NULL. */
char *next_line(char **cursor);
/* "FILE:LINE[:COL]" at s (up to a space or ')'); true when parsed; file is
 * copied into buf. */
bool split_location(const char *s, char *buf, size_t len, int *line, int *col);
/* The text of line `line` of file (newly allocated), or NULL. */
char *source_line(const char *file, int line);

#endif

/* A sanitizer frame line: "    #3 func /path/file.c:12:5 (bin+0x1)" (TSan)
 * or "    #3 0xADDR in func /path/file.c:12:5" (ASan). Returns false for
 * other lines; at frame #0, calls start(r, header) first. */
bool sanitizer_frame(struct stack_reader *r, const char *line, const char *header,
		     void (*start)(struct stack_reader *r, const char *header));
