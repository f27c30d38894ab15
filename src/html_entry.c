/* html_entry.c: one entry of the HTML report. */
#include "html_entry.h"

#include "catchers.h"
#include "html_text.h"
#include "lesson_diff.h"
#include "log_excerpt.h"
#include "race_lanes.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* What the tools said about one line of one twin: one kind, every tool. */
struct item {
	const char *kind;
	bool lint;
	int line;	/* 0: the report names no line of this twin */
	unsigned tools;
	const struct job *job[TOOL_COUNT];	/* the first report of each tool */
	const struct finding *found[TOOL_COUNT];
	int id;
};

struct view {
	const struct twin *w;
	struct text_lines code;
	struct item *items;
	size_t nitems;
};

const char *source_class(const char *kind, enum tool t)
{
	static const char *const classes[] = {
		[SOURCE_DETECTOR] = "det", [SOURCE_OWN_CHECK] = "own",
		[SOURCE_DODONT] = "dodont", [SOURCE_LINT] = "lint",
	};
	return classes[kind_source_of(kind, t)];
}

static int line_in(const struct finding *f, const char *path)
{
	for (size_t i = 0; i < f->nlocs; i++)
		if (strcmp(base_name(f->locs[i].file), base_name(path)) == 0)
			return f->locs[i].line;
	return 0;
}

static void collect(const struct session *s, struct view *v, int *next_id)
{
	for (size_t i = 0; i < s->njobs; i++) {
		const struct job *j = &s->jobs[i];
		if (j->twin != v->w || j->skip)
			continue;
		for (size_t k = 0; k < j->result.findings.len; k++) {
			const struct finding *f = &j->result.findings.items[k];
			int line = line_in(f, v->w->prog.path);
			bool lint = j->tool == TOOL_LINT;
			size_t m = 0;
			while (m < v->nitems && !(strcmp(v->items[m].kind, f->kind) == 0 &&
						  v->items[m].line == line && v->items[m].lint == lint))
				m++;
			if (m == v->nitems) {
				v->items = xrealloc(v->items, (m + 1) * sizeof *v->items);
				v->items[v->nitems++] = (struct item){ f->kind, lint, line, 0, { 0 },
								      { 0 }, (*next_id)++ };
			}
			struct item *it = &v->items[m];
			if (!(it->tools & (1u << j->tool))) {
				it->tools |= 1u << j->tool;
				it->job[j->tool] = j;
				it->found[j->tool] = f;
			}
		}
	}
}

/* The @tags and the reports at one line, after its code. */
static void marks(FILE *out, const struct view *v, int line)
{
	for (size_t i = 0; i < v->w->prog.ntags; i++)
		if (v->w->prog.tags[i].line == line) {
			fputs(" <span class=\"tag\">@", out);
			html_escape(out, v->w->prog.tags[i].name);
			fputs("</span>", out);
		}
	for (size_t i = 0; i < v->nitems; i++) {
		const struct item *it = &v->items[i];
		if (it->line != line)
			continue;
		char *tools = tools_list(it->tools);
		fprintf(out, " <a class=\"badge %s\" href=\"#f-%d\">",
			source_class(it->kind, it->lint ? TOOL_LINT : TOOL_TSAN), it->id);
		html_escape(out, it->kind);
		fputs(" · ", out);
		html_escape(out, tools);
		fputs("</a>", out);
		free(tools);
	}
}

/* One side of a row: line number and code, or an empty cell. */
static void side(FILE *out, const struct view *v, long k, const char *change)
{
	if (k < 0) {
		fputs("<td class=\"ln\"></td><td class=\"src gap\"></td>", out);
		return;
	}
	int line = v->code.first + (int)k;
	fprintf(out, "<td class=\"ln\">%d</td><td class=\"src %s\">", line, change);
	html_escape(out, v->code.v[k]);
	marks(out, v, line);
	fputs("</td>", out);
}

/* The pair side by side: kept lines across, a change's removed and added
 * lines paired row by row. */
static void side_by_side(FILE *out, const struct view *a, const struct view *b)
{
	struct diff_step *steps;
	size_t n = line_diff(&a->code, &b->code, &steps);
	for (size_t k = 0; k < n;) {
		if (steps[k].op == DIFF_SAME) {
			fputs("<tr>", out);
			side(out, a, steps[k].a, "same");
			side(out, b, steps[k].b, "same");
			fputs("</tr>\n", out);
			k++;
			continue;
		}
		size_t end = k, dels = 0, adds = 0;
		for (; end < n && steps[end].op != DIFF_SAME; end++)
			steps[end].op == DIFF_DEL ? dels++ : adds++;
		for (size_t r = 0; r < dels || r < adds; r++) {
			fputs("<tr>", out);
			side(out, a, r < dels ? steps[k + r].a : -1, "del");
			side(out, b, r < adds ? steps[k + dels + r].b : -1, "add");
			fputs("</tr>\n", out);
		}
		k = end;
	}
	free(steps);
}

static void code_table(FILE *out, const struct view *v, size_t n)
{
	fputs("<table class=\"code\"><colgroup>", out);
	for (size_t i = 0; i < n; i++)
		fputs("<col class=\"ln\"><col>", out);
	fputs("</colgroup><thead><tr>", out);
	for (size_t i = 0; i < n; i++) {
		fputs("<th colspan=\"2\">", out);
		html_escape(out, v[i].w->label);
		fputs(": ", out);
		html_escape(out, v[i].w->prog.title);
		fputs("</th>", out);
	}
	fputs("</tr></thead><tbody>\n", out);
	if (n == 2) {
		side_by_side(out, &v[0], &v[1]);
	} else {
		for (size_t k = 0; k < v[0].code.n; k++) {
			fputs("<tr>", out);
			side(out, &v[0], (long)k, "same");
			fputs("</tr>\n", out);
		}
	}
	fputs("</tbody></table>\n", out);
}

/* A race's two accesses, from the first tool's excerpt that names both. */
static void lanes(FILE *out, char *const *excerpts, const char *path)
{
	for (int t = 0; t < TOOL_COUNT; t++) {
		struct access earlier, later;
		if (excerpts[t] && race_accesses(excerpts[t], path, &earlier, &later) == 0) {
			race_lanes_svg(out, &earlier, &later);
			return;
		}
	}
}

static void finding(FILE *out, const struct session *s, const struct view *v,
		    const struct item *it)
{
	const struct kind *k = it->lint ? NULL : kind_find(it->kind);
	char *tools = tools_list(it->tools);
	fprintf(out, "<div class=\"finding %s\" id=\"f-%d\"><p>",
		source_class(it->kind, it->lint ? TOOL_LINT : TOOL_TSAN), it->id);
	if (it->line)
		fprintf(out, "<b>line %d</b> ", it->line);
	fputs("<span class=\"kind\">", out);
	html_escape(out, it->kind);
	fputs("</span> ", out);
	fputs(k && k->source != SOURCE_DETECTOR ? "in the runs of " : "seen by ", out);
	html_escape(out, tools);
	if (k) {
		fputs(": ", out);
		html_escape(out, k->words);
	}
	fputs("</p>\n", out);
	char *excerpts[TOOL_COUNT] = { 0 };
	for (int t = 0; t < TOOL_COUNT; t++) {
		const struct finding *f = it->found[t];
		if (!f)
			continue;
		char *message = log_normalise(f->message, s->paths.root);
		excerpts[t] = log_excerpt(it->job[t]->result.log_path, v->w->prog.path,
					  it->line, f->message, s->paths.root);
		if (!excerpts[t])	/* no log of its own: the report is the message */
			excerpts[t] = xasprintf("%s:%d: %s [%s]\n", v->w->prog.path,
						it->line, message, f->kind);
		fprintf(out, "<details><summary>%s: ", tool_info(t)->name);
		html_escape(out, message);
		fputs("</summary><pre>", out);
		html_escape(out, excerpts[t]);
		fputs("</pre></details>\n", out);
		free(message);
	}
	if (strcmp(it->kind, "data-race") == 0)
		lanes(out, excerpts, v->w->prog.path);
	for (int t = 0; t < TOOL_COUNT; t++)
		free(excerpts[t]);
	fputs("</div>\n", out);
	free(tools);
}

/* The findings of one twin, or the tools that found nothing there. */
static void findings(FILE *out, const struct session *s, const struct view *v)
{
	unsigned ran = 0;
	for (size_t i = 0; i < s->njobs; i++)
		if (s->jobs[i].twin == v->w && !s->jobs[i].skip)
			ran |= 1u << s->jobs[i].tool;
	char *tools = tools_list(ran);
	fputs("<h3>", out);
	html_escape(out, v->w->label);
	fputs(" twin: ", out);
	if (v->nitems)
		fputs("what the tools reported", out);
	else if (ran)
		fprintf(out, "nothing reported by %s", tools);
	else
		fputs("no tool ran", out);
	fputs("</h3>\n", out);
	free(tools);
	for (size_t i = 0; i < v->nitems; i++)
		finding(out, s, v, &v->items[i]);
}

/* The broken twin's expectations, by who reports them. */
static void catchers(FILE *out, const struct program *p)
{
	if (!p->nexpects)
		return;
	struct catcher *c = xcalloc(p->nexpects, sizeof *c);
	size_t n = catchers_of(p, c);
	fputs("<ul class=\"catchers\">", out);
	for (size_t i = 0; i < n; i++) {
		char *tools = tools_list(c[i].tools);
		static const char *const who[] = {
			[SOURCE_DETECTOR] = "a detector reports",
			[SOURCE_OWN_CHECK] = "the program's own check fails, in the runs of",
			[SOURCE_DODONT] = "dodont's watchdog, caps or faults find",
			[SOURCE_LINT] = "a lint rule finds",
		};
		fprintf(out, "<li class=\"%s\">", source_class(c[i].kind,
			c[i].source == SOURCE_LINT ? TOOL_LINT : TOOL_TSAN));
		html_escape(out, who[c[i].source]);
		fputs(": <b>", out);
		html_escape(out, c[i].kind);
		fputs("</b> (", out);
		html_escape(out, tools);
		fputs(")</li>", out);
		free(tools);
	}
	fputs("</ul>\n", out);
	free(c);
}

void html_entry(FILE *out, const struct session *s, const struct twin *const *twins,
		size_t n, int *next_id)
{
	struct view v[2] = { 0 };
	const struct program *entry = &twins[n - 1]->prog;
	fputs("<section class=\"entry\" id=\"e-", out);
	html_escape(out, entry->entry);
	fputs("\"><h2>", out);
	html_escape(out, entry->entry);
	fputs("</h2>\n<p class=\"rule\">", out);
	html_escape(out, entry->rule ? entry->rule : entry->title);
	fputs("</p>\n", out);
	catchers(out, entry);
	for (size_t i = 0; i < n && i < 2; i++) {
		v[i].w = twins[i];
		twin_code_lines(twins[i]->prog.path, &v[i].code);
		collect(s, &v[i], next_id);
	}
	code_table(out, v, n < 2 ? n : 2);
	for (size_t i = 0; i < n && i < 2; i++) {
		findings(out, s, &v[i]);
		text_lines_free(&v[i].code);
		free(v[i].items);
	}
	fputs("</section>\n", out);
}
