/* exercise.c: `dodont exercise NAME [DIR]`, a hint-free copy of a broken twin. */
#include "exercise.h"

#include "catalog.h"
#include "source_code.h"
#include "util.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

char *exercise_twin_path(const char *root, const char *dir, const char *entry)
{
	for (const char *c = entry; *c; c++)
		if (*c == '/' || *c == '.')
			fatal("'%s' is not an entry name: see dodont list", entry);
	char *path = xasprintf("%s/%s/%s.c", root, dir, entry);
	if (!*entry || access(path, R_OK) != 0)
		fatal("no entry '%s' (%s/%s.c is missing): see dodont list", entry, dir, entry);
	return path;
}

/* Writes text to path, which must not exist yet. */
static void write_new(const char *path, const char *text)
{
	size_t len = strlen(text);
	FILE *out = fopen(path, "wx");
	int err = errno;
	bool written = out && fwrite(text, 1, len, out) == len;
	if (out && fclose(out) != 0)
		written = false;
	if (written)
		return;
	char eb[128];
	if (!out && err == EEXIST)
		fatal("%s already exists: dodont exercise never overwrites a file "
		      "(remove it, or give another folder)", path);
	fatal("cannot write %s: %s", path, errstr(out ? errno : err, eb, sizeof eb));
}

/* The header a student reads: a neutral title, the task, and the original's
 * usage line (how to run it gives nothing away). */
static char *exercise_header(const char *entry, const char *header)
{
	char *usage = NULL;
	for (const char *l = header; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		const char *t = l + strspn(l, " \t*");
		if (!usage && strncasecmp(t, "usage:", 6) == 0)
			usage = xasprintf(" *\n * %.*s\n", (int)strcspn(t, "\n"), t);
	}
	char *text = xasprintf(
		"/*\n"
		" * %s: an exercise\n"
		" *\n"
		" * This program has a concurrency bug. Make it correct, and keep it\n"
		" * concurrent: a fix that takes its threads away does not count.\n"
		" *   dodont exercise --check %s.c\n"
		" * says what is still wrong, and when it is fixed.\n"
		"%s"
		" */\n",
		entry, entry, usage ? usage : "");
	free(usage);
	return text;
}

static void copy_support(const char *from_dir, const char *name, const char *dir,
			 int depth);

/* code with each `#include "X"` made `#include "base of X"`, and X copied
 * beside the exercise: it builds where it lands. */
static char *localise_includes(const char *code, const char *from_dir, const char *dir,
			       int depth)
{
	char *out = xstrdup("");
	for (const char *l = code; *l;) {
		size_t len = strcspn(l, "\n");
		char *line = xasprintf("%.*s", (int)len, l);
		char *q = NULL;
		const char *t = line + strspn(line, " \t");
		if (*t == '#') {
			t += 1 + strspn(t + 1, " \t");
			if (strncmp(t, "include", 7) == 0 && (q = strchr(t, '"')) && strchr(q + 1, '"'))
				*strchr(q + 1, '"') = '\0';
			else
				q = NULL;
		}
		char *piece = line;
		if (q) {
			copy_support(from_dir, q + 1, dir, depth + 1);
			piece = xasprintf("#include \"%s\"", base_name(q + 1));
			free(line);
		}
		char *longer = xasprintf("%s%s%s", out, piece, l[len] ? "\n" : "");
		free(piece);
		free(out);
		out = longer;
		l += len + (l[len] != '\0');
	}
	return out;
}

/* Copies from_dir/name to dir/<base of name>, its own includes made local;
 * an identical copy already there is fine (two exercises share a folder). */
static void copy_support(const char *from_dir, const char *name, const char *dir,
			 int depth)
{
	if (depth > 8)
		fatal("%s/%s: includes nest too deep", from_dir, name);
	char eb[128];
	char *src = xasprintf("%s/%s", from_dir, name);
	char *text = read_file(src, NULL);
	if (!text)
		fatal("cannot read %s: %s", src, errstr(errno, eb, sizeof eb));
	char *src_dir = xstrdup(src);
	*strrchr(src_dir, '/') = '\0';
	char *local = localise_includes(text, src_dir, dir, depth);
	char *dest = xasprintf("%s/%s", dir, base_name(name));
	char *there = read_file(dest, NULL);
	if (there && strcmp(there, local) != 0)
		fatal("%s already exists and differs from %s: remove it, or give "
		      "another folder", dest, name);
	if (!there)
		write_new(dest, local);
	free(there);
	free(dest);
	free(local);
	free(src_dir);
	free(text);
	free(src);
}

int exercise_write(const char *entry, const char *dir)
{
	struct paths p;
	paths_init(&p);
	char *twin = exercise_twin_path(p.root, "antipatterns", entry);
	char *text = read_file(twin, NULL);
	if (!text)
		fatal("cannot read %s", twin);
	if (make_dirs(dir) != 0) {
		char eb[128];
		fatal("cannot create %s: %s", dir, errstr(errno, eb, sizeof eb));
	}
	char *dest = xasprintf("%s/%s.c", dir, entry);
	if (access(dest, F_OK) == 0)	/* before any support header is copied */
		write_new(dest, "");
	struct source_parts parts;
	source_split(text, &parts);
	char *header = xasprintf("%.*s", (int)(parts.code_start - parts.header_start),
				 text + parts.header_start);
	char *code = strip_comments(text + parts.code_start);
	char *twin_dir = xasprintf("%s/antipatterns", p.root);
	char *local = localise_includes(code, twin_dir, dir, 0);
	char *head = exercise_header(entry, header);
	char *copy = xasprintf("%.*s%s%s%s", (int)parts.preamble_end, text,
			       parts.preamble_end ? "\n" : "", head, local);
	write_new(dest, copy);
	printf("%s: fix it, then run: dodont exercise --check %s\n", dest, dest);
	free(copy);
	free(head);
	free(local);
	free(twin_dir);
	free(code);
	free(header);
	free(dest);
	free(text);
	free(twin);
	paths_free(&p);
	return EXIT_CLEAN;
}
