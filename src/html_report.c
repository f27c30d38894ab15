/* html_report.c: the static report a teacher projects. */
#include "html_report.h"

#include "cells.h"
#include "html_entry.h"
#include "html_text.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The CSS class of a caught cell: who found what it shows. */
static const char *caught_class(const struct cell *c, enum tool t)
{
	const char *best = "lint";
	for (size_t i = 0; i < c->nkinds; i++) {
		const char *k = source_class(c->kinds[i], t);
		if (strcmp(k, "det") == 0)
			return k;
		if (strcmp(best, "own") != 0 && strcmp(k, "lint") != 0)
			best = k;
	}
	return best;
}

static void matrix_cell(FILE *out, const struct session *s, const struct twin *w,
			enum tool t, struct legend *lg)
{
	static const char *const classes[] = {
		[CELL_NONE] = "none", [CELL_SKIP] = "skip", [CELL_FAIL] = "fail",
		[CELL_CLEAN] = "clean", [CELL_CAUGHT] = "",
	};
	struct cell c;
	cell_of(s, w, t, &c);
	char *text = cell_text(&c, w, t, lg);
	fprintf(out, "<td class=\"%s\" title=\"",
		c.state == CELL_CAUGHT ? caught_class(&c, t) : classes[c.state]);
	if (c.state == CELL_SKIP)
		html_escape(out, c.skip);
	else if (c.state == CELL_FAIL)
		html_escape(out, c.witness->result.why);
	for (size_t i = 0; i < c.nkinds; i++) {
		fputs(i ? ", " : "", out);
		html_escape(out, c.kinds[i]);
	}
	fputs("\">", out);
	html_escape(out, text);
	fputs("</td>", out);
	free(text);
	cell_free(&c);
}

static void matrix(FILE *out, const struct session *s, struct legend *lg)
{
	fputs("<table class=\"matrix\"><thead><tr><th>entry</th><th>twin</th>", out);
	for (int t = 0; t < TOOL_COUNT; t++)
		fprintf(out, "<th>%s</th>", tool_info(t)->name);
	fputs("</tr></thead><tbody>\n", out);
	for (size_t i = 0; i < s->ntwins; i++) {
		const struct twin *w = &s->twins[i];
		fputs("<tr><th><a href=\"#e-", out);
		html_escape(out, w->prog.entry);
		fputs("\">", out);
		html_escape(out, w->prog.entry);
		fputs("</a></th><td>", out);
		html_escape(out, w->label);
		fputs("</td>", out);
		for (int t = 0; t < TOOL_COUNT; t++)
			matrix_cell(out, s, w, t, lg);
		fputs("</tr>\n", out);
	}
	fputs("</tbody></table>\n", out);
}

static void legend(FILE *out, const struct legend *lg)
{
	fputs("<dl class=\"legend\">\n", out);
	for (size_t i = 0; i < lg->nkinds; i++) {
		const struct kind *k = lg->kinds[i];
		fprintf(out, "<dt class=\"%s\">", source_class(k->name, TOOL_TSAN));
		html_escape(out, k->code);
		fputs("</dt><dd><b>", out);
		html_escape(out, k->name);
		fputs("</b>: ", out);
		html_escape(out, k->words);
		fputs(" <i>(", out);
		html_escape(out, kind_source_words(k->source));
		fputs(")</i></dd>\n", out);
	}
	for (size_t i = 0; i < lg->nlint; i++) {
		fprintf(out, "<dt class=\"lint\">L%zu</dt><dd>lint rule <b>", i + 1);
		html_escape(out, lg->lint[i]);
		fputs("</b></dd>\n", out);
	}
	fputs("<dt class=\"clean\">clean</dt><dd>nothing reported</dd>"
	      "<dt class=\"fail\">FAIL</dt><dd>the run did not meet the program's header</dd>"
	      "<dt class=\"none\">-</dt><dd>not run</dd></dl>\n", out);
	if (lg->nskips)
		fputs("<p>Skips, declared in the program's header (the tool is not judged "
		      "there):</p>\n<ol class=\"skips\">\n", out);
	for (size_t i = 0; i < lg->nskips; i++) {
		fputs("<li>", out);
		html_escape(out, lg->skips[i]);
		fputs("</li>\n", out);
	}
	if (lg->nskips)
		fputs("</ol>\n", out);
}

/* Copies the stylesheet from checks/html/: the page links it by name. */
static int copy_asset(const struct session *s, const char *dir, const char *name)
{
	char *from = xasprintf("%s/checks/html/%s", s->paths.root, name);
	char *to = xasprintf("%s/%s", dir, name);
	size_t len;
	char *text = read_file(from, &len);
	FILE *out = text ? fopen(to, "w") : NULL;
	int rc = out && fwrite(text, 1, len, out) == len ? 0 : -1;
	int err = errno;
	if (out && fclose(out) != 0 && rc == 0)
		rc = -1, err = errno;
	free(text);
	free(from);
	free(to);
	errno = err;
	return rc;
}

static void summary(FILE *out, const struct session *s)
{
	size_t passed = 0, failed = 0, skipped = 0;
	for (size_t i = 0; i < s->njobs; i++) {
		const struct job *j = &s->jobs[i];
		j->skip ? skipped++ : j->result.passed ? passed++ : failed++;
	}
	fprintf(out, "<p class=\"summary\">%zu runs passed, %zu failed, %zu skipped. "
		"Each broken twin is run under every tool; its correct twin must stay "
		"clean. A cell names what caught the broken twin in that tool's run, "
		"and who found it: the tool itself, the program's own check, or "
		"dodont's watchdog.</p>\n", passed, failed, skipped);
}

/* Consecutive twins of one entry (correct, then broken) make one section. */
static void entries(FILE *out, const struct session *s)
{
	int next_id = 1;
	for (size_t i = 0; i < s->ntwins;) {
		const struct twin *group[2] = { &s->twins[i], NULL };
		size_t n = 1;
		if (i + 1 < s->ntwins && strcmp(s->twins[i].label, "correct") == 0 &&
		    strcmp(s->twins[i + 1].prog.entry, s->twins[i].prog.entry) == 0)
			group[n++] = &s->twins[i + 1];
		html_entry(out, s, group, n, &next_id);
		i += n;
	}
}

int html_report(const char *dir, const struct session *s)
{
	if (make_dirs(dir) != 0 || copy_asset(s, dir, "report.css") != 0)
		return -1;
	char *path = xasprintf("%s/index.html", dir);
	FILE *out = fopen(path, "w");
	free(path);
	if (!out)
		return -1;
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	      "<title>Concurrency do's and don'ts: what each tool found</title>\n"
	      "<link rel=\"icon\" href=\"data:,\">\n"
	      "<link rel=\"stylesheet\" href=\"report.css\"></head>\n<body>\n"
	      "<h1>Concurrency do's and don'ts: what each tool found</h1>\n", out);
	summary(out, s);
	struct legend lg = { 0 };
	matrix(out, s, &lg);
	legend(out, &lg);
	legend_free(&lg);
	entries(out, s);
	fputs("</body></html>\n", out);
	return fclose(out) == 0 ? 0 : -1;
}
