/* toollog_program.c: what the program and the watchdog add to a log: the
 * program's own self-check lines, gdb's backtraces of a hung program, and
 * how many reports the user's suppressions silenced. */
#include "toollog_stack.h"

#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void toollog_selfcheck(const char *log, const struct user_code *u, struct finding_list *out)
{
	char *text = xstrdup(log), *cur = text, *s;
	while ((s = next_line(&cur))) {
		char *mark = strstr(s, ": self-check: ");
		if (!mark)
			continue;
		*mark = '\0';
		char *colon = strrchr(s, ':');
		if (!colon)
			continue;
		*colon = '\0';
		int line = atoi(colon + 1);
		char *name = line > 0 ? user_code_name(u, s) : NULL;
		if (!name)
			continue;
		struct finding *f = finding_add(out, "self-check", mark + strlen(": self-check: "));
		if (!f || finding_add_loc(f, name, line, 0) != 0)
			fatal("out of memory");
		free(name);
	}
	free(text);
}

void toollog_gdb(const char *bt, const struct user_code *u, struct finding *f)
{
	char *text = xstrdup(bt), *cur = text, *s;
	bool thread_located = true;
	while ((s = next_line(&cur))) {
		if (strncmp(s, "Thread ", 7) == 0) {
			thread_located = false;
			continue;
		}
		if (s[0] != '#' || thread_located)
			continue;
		char *at = strstr(s, " at ");
		char file[1024];
		int line, col;
		while (at && strstr(at + 4, " at "))
			at = strstr(at + 4, " at ");	/* the last " at " */
		if (!at || !split_location(at + 4, file, sizeof file, &line, &col))
			continue;
		char *name = user_code_name(u, file);
		if (!name)
			continue;
		thread_located = true;
		if (finding_add_place(f, name, line, 0, "blocked") != 0)
			fatal("out of memory");
		free(name);
	}
	free(text);
}

int toollog_suppressed(const char *log, const char *suppressions_file)
{
	int n = 0;
	const char *s = strstr(log, "ThreadSanitizer: Matched ");
	if (s)
		n += atoi(s + strlen("ThreadSanitizer: Matched "));
	/* Valgrind -v: "--PID-- used_suppression:   2000 NAME FILE:LINE", one
	 * line per suppression that matched (2000 times: one report silenced) */
	for (s = log; suppressions_file && (s = strstr(s, "used_suppression:")); s++) {
		const char *eol = s + strcspn(s, "\n");
		const char *file = strstr(s, suppressions_file);
		if (file && file < eol)
			n++;
	}
	return n;
}
