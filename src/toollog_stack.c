/* toollog_stack.c: reports, stacks and frames, shared by every tool-log
 * reader (see toollog_stack.h). */
#include "toollog_stack.h"

#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void add_place(struct finding *f, const char *file, int line, int col,
		      const char *role)
{
	if (finding_add_place(f, file, line, col, role) != 0)
		fatal("out of memory");
}

void reader_end(struct stack_reader *r)
{
	struct finding *f = r->f;
	/* a lock held too long with no frame in the user's code is a library's
	 * own lock (glibc's at exit): not the program's to answer for */
	if (f && f->nlocs == 0 && strcmp(f->kind, "long-lock-hold") == 0)
		f->traits |= TRAIT_IN_LIBRARY;
	if (f && f->nlocs == 0)
		for (size_t i = 0; i < r->context.nlocs; i++) {
			const struct location *l = &r->context.locs[i];
			add_place(f, l->file, l->line, l->col, l->role);
		}
	for (size_t i = 0; i < r->context.nlocs; i++) {
		free(r->context.locs[i].file);
		free(r->context.locs[i].role);
	}
	free(r->context.locs);
	r->context = (struct finding){ 0 };
	r->f = NULL;
}

void reader_report(struct stack_reader *r, const char *kind, const char *message)
{
	reader_end(r);
	r->f = finding_add(r->out, kind, message);
	if (!r->f)
		fatal("out of memory");
	r->stack_is_context = false;
	r->stack_located = true;	/* no stack open yet */
	r->access_stacks = 0;
	r->access_by_tool = false;
	r->role[0] = '\0';
}

void reader_stack(struct stack_reader *r, bool context, const char *role)
{
	r->stack_is_context = context;
	r->stack_located = false;
	r->depth = 0;
	(void)snprintf(r->role, sizeof r->role, "%s", role ? role : "");
	if (!context && r->f && r->access_stacks++ > 0)
		r->f->traits |= TRAIT_OTHER_SIDE;
}

static bool is_once(const char *function)
{
	static const char *const once[] = { "__pthread_once_slow", "pthread_once",
					    "__pthread_once", "call_once" };
	for (size_t i = 0; i < sizeof once / sizeof once[0]; i++)
		if (strcmp(function, once[i]) == 0)
			return true;
	return false;
}

void reader_frame(struct stack_reader *r, const char *function, const char *file,
		  int line, int col)
{
	if (!r->f)
		return;
	int depth = r->depth++;
	if (function && is_once(function))
		r->f->traits |= TRAIT_IN_ONCE;
	if (function && depth == 0 && strcmp(r->role, "lock") == 0 && strstr(function, "trylock"))
		r->f->traits |= TRAIT_TRYLOCK_EDGE;
	char *name = file ? user_code_name(r->user, file) : NULL;
	/* the first access's own frame lies in a library (strlen, memcpy, the
	 * C library's time zone code): the race, if any, is the library's */
	if (depth == 0 && !name && !r->stack_is_context && r->access_stacks == 1)
		r->f->traits |= TRAIT_IN_LIBRARY;
	if (r->stack_located || !name) {
		free(name);
		return;
	}
	r->stack_located = true;
	struct finding *dst = r->stack_is_context ? &r->context : r->f;
	add_place(dst, name, line, col, r->role[0] ? r->role : NULL);
	free(name);
}

char *next_line(char **cursor)
{
	char *s = *cursor;
	if (!s || !*s)
		return NULL;
	char *nl = strchr(s, '\n');
	if (nl) {
		*nl = '\0';
		*cursor = nl + 1;
	} else {
		*cursor = s + strlen(s);
	}
	return s;
}

static bool all_digits(const char *s, size_t n)
{
	return n > 0 && strspn(s, "0123456789") >= n;
}

bool split_location(const char *s, char *buf, size_t len, int *line, int *col)
{
	size_t n = strcspn(s, " )\n");
	if (n >= len)
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	*line = *col = 0;
	/* FILE:LINE or FILE:LINE:COL, read from the end: a path may hold colons */
	char *last = strrchr(buf, ':');
	if (!last || !all_digits(last + 1, strlen(last + 1)))
		return false;
	*last = '\0';
	char *prev = strrchr(buf, ':');
	if (prev && all_digits(prev + 1, strlen(prev + 1))) {
		*col = atoi(last + 1);
		*line = atoi(prev + 1);
		*prev = '\0';
	} else {
		*line = atoi(last + 1);
	}
	return *line > 0 && buf[0] != '\0';
}

char *source_line(const char *file, int line)
{
	FILE *f = fopen(file, "r");
	if (!f)
		return NULL;
	char *text = NULL;
	size_t cap = 0;
	ssize_t n = 0;
	for (int i = 1; i <= line && (n = getline(&text, &cap, f)) >= 0; i++)
		;
	(void)fclose(f);
	if (n < 0) {
		free(text);
		return NULL;
	}
	return text;
}

bool sanitizer_frame(struct stack_reader *r, const char *s, const char *header,
		     void (*start)(struct stack_reader *r, const char *header))
{
	while (*s == ' ')
		s++;
	if (*s != '#' || s[1] < '0' || s[1] > '9')
		return false;
	char *end;
	long idx = strtol(s + 1, &end, 10);
	if (idx == 0)
		start(r, header);
	const char *p = end;
	while (*p == ' ')
		p++;
	if (strncmp(p, "0x", 2) == 0) {
		p = strstr(p, " in ");
		if (!p)
			return true;
		p += 4;
	}
	char function[256];
	size_t n = strcspn(p, " ");
	(void)snprintf(function, sizeof function, "%.*s", (int)n, p);
	p += n;
	char file[1024];
	int line, col;
	if (*p == ' ' && split_location(p + 1, file, sizeof file, &line, &col))
		reader_frame(r, function, file, line, col);
	else
		reader_frame(r, function, NULL, 0, 0);
	return true;
}
