/* lint_nolint.c: reviewed findings silenced in the source, the way
 * clang-tidy reads its comments:
 *   code;  // NOLINT(dodont-RULE)          silences RULE on this line
 *   // NOLINTNEXTLINE(dodont-RULE)         silences RULE on the next line
 * The parenthesised list holds comma-separated names with `*` wildcards
 * (dodont-*, dodont-unchecked-*); a bare NOLINT or NOLINTNEXTLINE silences
 * every rule. dodont reads the comments itself, from the files as they are
 * on disk: clang-tidy applies only its own check names, and Coccinelle and
 * cppcheck none. */
#include "lint_int.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One source file's lines, read once. */
struct nolint_file {
	char *path;
	char **lines;	/* lines[0] is line 1; NULL when unreadable */
	size_t n;
};

static void read_lines(struct nolint_file *f)
{
	FILE *fp = fopen(f->path, "r");
	if (!fp)
		return;
	char *line = NULL;
	size_t cap = 0;
	while (getline(&line, &cap, fp) >= 0) {
		f->lines = xrealloc(f->lines, (f->n + 1) * sizeof *f->lines);
		f->lines[f->n++] = xstrdup(line);
	}
	free(line);
	(void)fclose(fp);	/* read-only: a short read only silences less */
}

static const struct nolint_file *file_of(struct lint_nolint *nl, const char *path)
{
	for (size_t i = 0; i < nl->n; i++)
		if (strcmp(nl->files[i].path, path) == 0)
			return &nl->files[i];
	nl->files = xrealloc(nl->files, (nl->n + 1) * sizeof *nl->files);
	struct nolint_file *f = &nl->files[nl->n++];
	*f = (struct nolint_file){ .path = xstrdup(path) };
	read_lines(f);
	return f;
}

void lint_nolint_free(struct lint_nolint *nl)
{
	for (size_t i = 0; i < nl->n; i++) {
		for (size_t k = 0; k < nl->files[i].n; k++)
			free(nl->files[i].lines[k]);
		free(nl->files[i].lines);
		free(nl->files[i].path);
	}
	free(nl->files);
	*nl = (struct lint_nolint){ 0 };
}

int lint_nolint_list_matches(const char *after, const char *rule)
{
	if (*after != '(')
		return 1;	/* bare: every rule */
	const char *end = strchr(after, ')');
	if (!end)
		return 0;	/* clang-tidy ignores an unclosed list */
	char *name = xasprintf("dodont-%s", rule);
	int hit = 0;
	for (const char *p = after + 1; p < end && !hit;) {
		while (p < end && (isspace((unsigned char)*p) || *p == ','))
			p++;
		const char *q = p;
		while (q < end && *q != ',')
			q++;
		size_t len = (size_t)(q - p);
		while (len && isspace((unsigned char)p[len - 1]))
			len--;
		char *glob = xasprintf("%.*s", (int)len, p);
		hit = len && fnmatch(glob, name, 0) == 0;
		free(glob);
		p = q;
	}
	free(name);
	return hit;
}

/* Does `line` hold the marker (NOLINT or NOLINTNEXTLINE) for rule? */
static int marked(const char *line, const char *marker, const char *rule)
{
	size_t len = strlen(marker);
	for (const char *p = strstr(line, marker); p; p = strstr(p + 1, marker)) {
		const char *after = p + len;
		/* NOLINT is also the start of NOLINTNEXTLINE, NOLINTBEGIN... */
		if (isalnum((unsigned char)*after) || *after == '_')
			continue;
		if (lint_nolint_list_matches(after, rule))
			return 1;
	}
	return 0;
}

int lint_nolint_silenced(struct lint_nolint *nl, const char *path, int line, const char *rule)
{
	const struct nolint_file *f = file_of(nl, path);
	if (line < 1 || (size_t)line > f->n)
		return 0;
	if (marked(f->lines[line - 1], "NOLINT", rule))
		return 1;
	return line > 1 && marked(f->lines[line - 2], "NOLINTNEXTLINE", rule);
}
