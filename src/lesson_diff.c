/* lesson_diff.c: `dodont diff NAME`, the lesson as a code-only diff. */
#include "lesson_diff.h"

#include "catalog.h"
#include "exercise.h"
#include "source_code.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { CONTEXT = 3 };

#define RED "\033[31m"
#define GREEN "\033[32m"
#define CYAN "\033[36m"
#define BOLD "\033[1m"
#define RESET "\033[0m"

void twin_code_lines(const char *path, struct text_lines *l)
{
	char *text = read_file(path, NULL);
	if (!text) {
		char eb[128];
		fatal("cannot read %s: %s", path, errstr(errno, eb, sizeof eb));
	}
	struct source_parts parts;
	source_split(text, &parts);
	text_lines_split(&text[parts.code_start], parts.code_line, l);
	free(text);
}

/* "-12,7" in a hunk header: the first line and the count on one side. */
static void hunk_range(FILE *out, char sign, int first, size_t before, size_t len)
{
	/* an empty range names the line before it, as diff -u does */
	fprintf(out, "%c%zu,%zu", sign, (size_t)first + before - (len == 0), len);
}

static void print_hunk(FILE *out, const struct text_lines *a, const struct text_lines *b,
		       const struct diff_step *steps, size_t start, size_t end, bool colour)
{
	size_t a_before = 0, b_before = 0, a_len = 0, b_len = 0;
	for (size_t k = 0; k < end; k++) {
		size_t *na = k < start ? &a_before : &a_len;
		size_t *nb = k < start ? &b_before : &b_len;
		*na += steps[k].op != DIFF_ADD;
		*nb += steps[k].op != DIFF_DEL;
	}
	fputs(colour ? CYAN "@@ " : "@@ ", out);
	hunk_range(out, '-', a->first, a_before, a_len);
	fputc(' ', out);
	hunk_range(out, '+', b->first, b_before, b_len);
	fputs(colour ? " @@" RESET "\n" : " @@\n", out);
	for (size_t k = start; k < end; k++) {
		const struct diff_step *s = &steps[k];
		if (s->op == DIFF_SAME)
			fprintf(out, " %s\n", a->v[s->a]);
		else if (s->op == DIFF_DEL)
			fprintf(out, colour ? RED "-%s" RESET "\n" : "-%s\n", a->v[s->a]);
		else
			fprintf(out, colour ? GREEN "+%s" RESET "\n" : "+%s\n", b->v[s->b]);
	}
}

void unified_diff(FILE *out, const struct text_lines *a, const struct text_lines *b,
		  const char *a_name, const char *b_name, bool colour)
{
	struct diff_step *steps;
	size_t n = line_diff(a, b, &steps);
	fprintf(out, colour ? BOLD "--- %s\n+++ %s" RESET "\n" : "--- %s\n+++ %s\n",
		a_name, b_name);
	for (size_t k = 0; k < n;) {
		while (k < n && steps[k].op == DIFF_SAME)
			k++;
		if (k == n)
			break;
		size_t start = k > CONTEXT ? k - CONTEXT : 0, end = k;
		/* a change closer than twice the context joins this hunk */
		for (;;) {
			while (end < n && steps[end].op != DIFF_SAME)
				end++;
			size_t run = end;
			while (run < n && steps[run].op == DIFF_SAME)
				run++;
			if (run == n || run - end > 2 * CONTEXT) {
				end = end + CONTEXT < run ? end + CONTEXT : run;
				break;
			}
			end = run;
		}
		print_hunk(out, a, b, steps, start, end, colour);
		k = end;
	}
	free(steps);
}

int lesson_diff(const char *entry)
{
	struct paths p;
	paths_init(&p);
	char *correct = exercise_twin_path(p.root, "patterns", entry);
	char *broken = exercise_twin_path(p.root, "antipatterns", entry);
	struct text_lines a, b;
	twin_code_lines(correct, &a);
	twin_code_lines(broken, &b);
	const char *no_colour = getenv("NO_COLOR");	// NOLINT(concurrency-mt-unsafe): no thread runs yet
	bool colour = isatty(STDOUT_FILENO) && !(no_colour && *no_colour);
	char *a_name = xasprintf("patterns/%s.c", entry);
	char *b_name = xasprintf("antipatterns/%s.c", entry);
	unified_diff(stdout, &a, &b, a_name, b_name, colour);
	free(a_name);
	free(b_name);
	text_lines_free(&a);
	text_lines_free(&b);
	free(correct);
	free(broken);
	paths_free(&p);
	return EXIT_CLEAN;
}
