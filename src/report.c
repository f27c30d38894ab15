/* report.c: what a session found, as TAP, a matrix, JSON and JUnit XML. */
#include "report.h"

#include "matrix.h"
#include "util.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* The jobs of one twin and tool are consecutive: [first, first + n). */
struct group {
	const struct job *first;
	size_t n, passed;
};

static size_t next_group(const struct session *s, size_t i, struct group *g)
{
	const struct job *j = &s->jobs[i];
	*g = (struct group){ j, 0, 0 };
	for (; i < s->njobs && s->jobs[i].twin == j->twin && s->jobs[i].tool == j->tool; i++) {
		g->n++;
		g->passed += s->jobs[i].result.passed;
	}
	return i;
}

/* The first failing run explains a failed group; else the first run. */
static const struct job *witness(const struct group *g)
{
	for (size_t i = 0; i < g->n; i++)
		if (!g->first[i].result.passed)
			return &g->first[i];
	return g->first;
}

size_t report_tap(FILE *out, const struct session *s)
{
	size_t points = 0, passed = 0, failed = 0, skipped = 0;
	struct group g;
	for (size_t i = 0; i < s->njobs; i = next_group(s, i, &g))
		points++;
	fprintf(out, "TAP version 13\n1..%zu\n", points);
	size_t k = 0;
	for (size_t i = 0; i < s->njobs;) {
		i = next_group(s, i, &g);
		const struct job *j = witness(&g);
		const char *tool = tool_info(j->tool)->name;
		k++;
		if (j->skip) {
			fprintf(out, "ok %zu - %s %s %s # SKIP %s\n", k, j->twin->prog.entry,
				j->twin->label, tool, j->skip);
			skipped++;
			continue;
		}
		bool ok = g.passed == g.n;
		fprintf(out, "%s %zu - %s %s %s: %s", ok ? "ok" : "not ok", k,
			j->twin->prog.entry, j->twin->label, tool, j->result.why);
		if (g.n > 1)
			fprintf(out, " (%zu/%zu runs passed)", g.passed, g.n);
		if (j->result.note)
			fprintf(out, " [%s]", j->result.note);
		fputc('\n', out);
		if (!ok)
			fprintf(out, "  ---\n  log: %s\n  ...\n", j->result.log_path);
		ok ? passed++ : failed++;
	}
	fprintf(out, "%zu passed, %zu failed", passed, failed);
	if (skipped)
		fprintf(out, ", %zu skipped", skipped);
	fputc('\n', out);
	return failed;
}

/* The matrix and its legend live in matrix.c, beside the HTML report's. */
void report_matrix(FILE *out, const struct session *s)
{
	matrix_print(out, s);
}

static json_t *finding_json(const struct finding *f)
{
	json_t *locs = json_array();
	for (size_t i = 0; i < f->nlocs; i++) {
		json_t *loc = json_pack("{s:s, s:i}", "file", f->locs[i].file,
					"line", f->locs[i].line);
		if (f->locs[i].role)
			json_object_set_new(loc, "role", json_string(f->locs[i].role));
		json_array_append_new(locs, loc);
	}
	return json_pack("{s:s, s:s, s:o}", "kind", f->kind, "message", f->message,
			 "locations", locs);
}

static const char *const severity_names[] = { "error", "warning", "note" };

/* verify's findings: one per bug, with every tool and raw log. */
static json_t *verdict_json(const struct verdict *v)
{
	json_t *items = json_array();
	for (size_t i = 0; i < v->len; i++) {
		const struct verdict_item *it = &v->items[i];
		json_t *tools = json_array(), *logs = json_array();
		for (int t = 0; t < TOOL_COUNT; t++)
			if (it->tools & (1u << t))
				json_array_append_new(tools, json_string(tool_info(t)->name));
		for (size_t k = 0; k < it->logs.n; k++)
			json_array_append_new(logs, json_string(it->logs.v[k]));
		json_t *f = finding_json(&it->finding);
		json_object_set_new(f, "message", json_string(it->message));
		json_object_set_new(f, "severity",
				    json_string(severity_names[it->finding.severity]));
		json_object_set_new(f, "tools", tools);
		json_object_set_new(f, "logs", logs);
		if (it->because)
			json_object_set_new(f, "because", json_string(it->because));
		json_array_append_new(items, f);
	}
	return json_pack("{s:o, s:I, s:I, s:I, s:i}", "findings", items,
			 "errors", (json_int_t)v->errors, "warnings", (json_int_t)v->warnings,
			 "notes", (json_int_t)v->notes, "suppressed", v->suppressed);
}

int report_json(const char *path, const struct session *s, const struct verdict *v)
{
	json_t *runs = json_array();
	for (size_t i = 0; i < s->njobs; i++) {
		const struct job *j = &s->jobs[i];
		json_t *findings = json_array();
		for (size_t k = 0; k < j->result.findings.len; k++)
			json_array_append_new(findings, finding_json(&j->result.findings.items[k]));
		json_t *run = json_pack("{s:s, s:s, s:s, s:s, s:i, s:s, s:f, s:o}",
					"entry", j->twin->prog.entry, "file", j->twin->prog.path,
					"twin", j->twin->label, "tool", tool_info(j->tool)->name,
					"run", j->rep,
					"verdict", j->skip ? "skip" : j->result.passed ? "pass" : "fail",
					"seconds", j->result.seconds, "findings", findings);
		if (!run)
			fatal("cannot build the JSON report");
		json_object_set_new(run, "why", json_string(j->skip ? j->skip : j->result.why));
		if (j->result.log_path)
			json_object_set_new(run, "log", json_string(j->result.log_path));
		if (j->result.note)
			json_object_set_new(run, "note", json_string(j->result.note));
		if (j->result.ended > 0) {
			json_object_set_new(run, "started", json_real(j->result.started));
			json_object_set_new(run, "ended", json_real(j->result.ended));
		}
		json_array_append_new(runs, run);
	}
	json_t *doc = json_pack("{s:s, s:o}", "dodont", "1", "runs", runs);
	if (v)
		json_object_set_new(doc, "verdict", verdict_json(v));
	int rc = json_dump_file(doc, path, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(doc);
	return rc;
}

static void xml_text(FILE *out, const char *s)
{
	for (; s && *s; s++)
		switch (*s) {
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '&': fputs("&amp;", out); break;
		case '"': fputs("&quot;", out); break;
		default: fputc(*s, out);
		}
}

/* JUnit XML has no Debian library for C; it is four elements, escaped. */
int report_junit(const char *path, const struct session *s)
{
	FILE *out = fopen(path, "w");
	if (!out)
		return -1;
	size_t tests = 0, failures = 0, skipped = 0;
	struct group g;
	for (size_t i = 0; i < s->njobs;) {
		i = next_group(s, i, &g);
		tests++;
		skipped += g.first->skip != NULL;
		failures += !g.first->skip && g.passed != g.n;
	}
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<testsuite name=\"dodont\" tests=\"%zu\" failures=\"%zu\" skipped=\"%zu\">\n",
		tests, failures, skipped);
	for (size_t i = 0; i < s->njobs;) {
		i = next_group(s, i, &g);
		const struct job *j = witness(&g);
		fputs("  <testcase classname=\"", out);
		xml_text(out, j->twin->prog.entry);
		fprintf(out, ".%s\" name=\"%s\">", j->twin->label, tool_info(j->tool)->name);
		if (j->skip) {
			fputs("<skipped message=\"", out);
			xml_text(out, j->skip);
			fputs("\"/>", out);
		} else if (g.passed != g.n) {
			fputs("<failure message=\"", out);
			xml_text(out, j->result.why);
			fputs("\">", out);
			xml_text(out, j->result.log_path);
			fputs("</failure>", out);
		}
		fputs("</testcase>\n", out);
	}
	fputs("</testsuite>\n", out);
	return fclose(out) == 0 ? 0 : -1;
}
