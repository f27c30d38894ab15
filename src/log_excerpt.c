/* log_excerpt.c: the part of a tool's raw log about one finding, normalised. */
#include "log_excerpt.h"

#include "line_diff.h"
#include "util.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_LINES = 40 };

/* "pid=1234" -> "pid=PID": each prefix followed by a decimal number. */
static const struct { const char *prefix, *id; } ids[] = {
	{ "pid=", "PID" }, { "tid=", "TID" }, { "LWP ", "TID" },
	{ "process ", "PID" }, { "pid ", "PID" },
};

/* Writes the replacement for what starts at s, returning how many bytes of
 * s it stands for (0: s[0] is copied as it is). */
static size_t replace_at(FILE *out, const char *s, const char *root, size_t root_len)
{
	size_t n;
	if (root_len && strncmp(s, root, root_len) == 0 && s[root_len] == '/')
		return root_len + 1;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		for (n = 2; isxdigit((unsigned char)s[n]); n++)
			;
		if (n >= 6) {
			fputs("0x…", out);
			return n;
		}
	}
	if (s[0] == '=' && s[1] == '=' && isdigit((unsigned char)s[2])) {
		for (n = 2; isdigit((unsigned char)s[n]); n++)
			;
		if (s[n] == '=' && s[n + 1] == '=') {
			fputs("==PID==", out);
			return n + 2;
		}
	}
	if (strncmp(s, "BuildId: ", 9) == 0 && isxdigit((unsigned char)s[9])) {
		for (n = 9; isxdigit((unsigned char)s[n]); n++)
			;
		fputs("BuildId: …", out);
		return n;
	}
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		size_t p = strlen(ids[i].prefix);
		if (strncmp(s, ids[i].prefix, p) != 0 || !isdigit((unsigned char)s[p]))
			continue;
		for (n = p; isdigit((unsigned char)s[n]); n++)
			;
		fprintf(out, "%s%s", ids[i].prefix, ids[i].id);
		return n;
	}
	return 0;
}

char *log_normalise(const char *text, const char *root)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	if (!out)
		fatal("out of memory");
	size_t root_len = root ? strlen(root) : 0;
	for (const char *s = text; *s;) {
		size_t skip = replace_at(out, s, root, root_len);
		if (skip) {
			s += skip;
		} else {
			/* a word's middle is no place for a replacement ("rapid=3") */
			bool word = isalnum((unsigned char)*s) || *s == '_';
			fputc(*s++, out);
			while (word && (isalnum((unsigned char)*s) || *s == '_'))
				fputc(*s++, out);
		}
	}
	if (fclose(out) != 0)
		fatal("out of memory");
	return buf;
}

/* The line without Valgrind's "==1234== " prefix. */
static const char *unprefixed(const char *l)
{
	if (l[0] != '=' || l[1] != '=' || !isdigit((unsigned char)l[2]))
		return l;
	const char *s = l + 2;
	while (isdigit((unsigned char)*s))
		s++;
	if (s[0] != '=' || s[1] != '=')
		return l;
	return s[2] == ' ' ? s + 3 : s + 2;
}

static bool run_of(const char *l, char c, size_t at_least)
{
	size_t n = strspn(l, (char[]){ c, '\0' });
	return n >= at_least && l[n] == '\0';
}

enum split { BY_EQUALS, BY_DASHES, BY_BLANKS };

static bool separates(const char *line, enum split how)
{
	const char *l = unprefixed(line);
	if (strncmp(l, "Shadow bytes around", 19) == 0)	/* ASan's memory dump */
		return true;
	switch (how) {
	case BY_EQUALS:
		return run_of(l, '=', 10);
	case BY_DASHES:
		return strncmp(l, "----------", 10) == 0 || strncmp(l, "---Thread-Announcement", 22) == 0;
	case BY_BLANKS:
		return l[strspn(l, " \t")] == '\0';
	}
	return false;
}

/* True when line names file:line (not file:440 for line 44). */
static bool names(const char *l, const char *needle)
{
	for (const char *s = l; (s = strstr(s, needle)); s++)
		if (!isdigit((unsigned char)s[strlen(needle)]))
			return true;
	return false;
}

/* The first block that names needle (or holds message): its lines [*from, *to). */
static bool find_block(const struct text_lines *t, const char *needle, const char *message,
		       size_t *from, size_t *to)
{
	enum split how = BY_BLANKS;
	for (size_t i = 0; i < t->n; i++)
		if (run_of(t->v[i], '=', 10))
			how = BY_EQUALS;
	for (size_t i = 0; i < t->n && how == BY_BLANKS; i++)
		if (separates(t->v[i], BY_DASHES))
			how = BY_DASHES;
	for (int pass = 0; pass < 2; pass++) {
		const char *want = pass == 0 ? needle : message;
		if (!want || !*want)
			continue;
		for (size_t start = 0, i = 0; i <= t->n; i++) {
			if (i < t->n && !separates(t->v[i], how))
				continue;
			for (size_t k = start; k < i; k++)
				if (pass == 0 ? names(t->v[k], want) : strstr(t->v[k], want) != NULL) {
					*from = start;
					*to = i;
					return true;
				}
			start = i + 1;
		}
	}
	return false;
}

/* The lines [from, to) without blank ends, at most MAX_LINES. */
static char *join(const struct text_lines *t, size_t from, size_t to)
{
	while (from < to && separates(t->v[from], BY_BLANKS))
		from++;
	while (to > from && separates(t->v[to - 1], BY_BLANKS))
		to--;
	char *s = xstrdup("");
	for (size_t i = from; i < to && i < from + MAX_LINES; i++) {
		char *longer = xasprintf("%s%s\n", s, t->v[i]);
		free(s);
		s = longer;
	}
	if (to > from + MAX_LINES) {
		char *longer = xasprintf("%s…\n", s);
		free(s);
		s = longer;
	}
	return s;
}

char *log_excerpt(const char *log_path, const char *file, int line,
		  const char *message, const char *root)
{
	char *log = log_path ? read_file(log_path, NULL) : NULL;
	if (!log)
		return NULL;
	char *bt_path = xasprintf("%s.bt", log_path);
	char *bt = read_file(bt_path, NULL);
	char *needle = line ? xasprintf("%s:%d", base_name(file), line) : NULL;
	/* the message's first words: a tool may wrap the rest */
	char *words = message ? xasprintf("%.30s", message) : NULL;
	char *found = NULL;
	for (int k = 0; k < 2 && !found; k++) {
		struct text_lines t;
		size_t from, to;
		text_lines_split(k == 0 ? log : bt ? bt : "", 1, &t);
		if (find_block(&t, needle, words, &from, &to))
			found = join(&t, from, to);
		text_lines_free(&t);
	}
	if (!found && log[0]) {	/* nothing names it: the end of the output */
		struct text_lines t;
		text_lines_split(log, 1, &t);
		found = join(&t, t.n > MAX_LINES ? t.n - MAX_LINES : 0, t.n);
		text_lines_free(&t);
	}
	char *normal = found ? log_normalise(found, root) : NULL;
	free(found);
	free(words);
	free(needle);
	free(bt);
	free(bt_path);
	free(log);
	return normal;
}
