/* report_merge.c: the --json results of several shards as one session, so
 * that TAP, JUnit and JSON are written once for the whole catalogue. */
#include "report_merge.h"

#include "util.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *text(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? v : "";
}

static struct twin *twin_for(struct session *s, const char *entry, const char *file,
			     const char *label)
{
	for (size_t i = 0; i < s->ntwins; i++)
		if (strcmp(s->twins[i].prog.path, file) == 0 &&
		    strcmp(s->twins[i].label, label) == 0)
			return &s->twins[i];
	s->twins = xrealloc(s->twins, (s->ntwins + 1) * sizeof *s->twins);
	struct twin *w = &s->twins[s->ntwins++];
	strv_push(&s->owned, label);
	*w = (struct twin){ .label = s->owned.v[s->owned.n - 1] };
	w->prog = (struct program){ .path = xstrdup(file), .entry = xstrdup(entry),
				    .title = xstrdup(entry) };
	return w;
}

static void findings_of(json_t *run, struct finding_list *out)
{
	size_t i, k;
	json_t *f, *loc;
	json_array_foreach(json_object_get(run, "findings"), i, f) {
		struct finding *mine = finding_add(out, text(f, "kind"), text(f, "message"));
		if (!mine)
			fatal("out of memory");
		json_array_foreach(json_object_get(f, "locations"), k, loc) {
			const char *role = json_string_value(json_object_get(loc, "role"));
			if (finding_add_place(mine, text(loc, "file"),
					      (int)json_integer_value(json_object_get(loc, "line")),
					      0, role) != 0)
				fatal("out of memory");
		}
	}
}

/* One run of the file: its twin (by file and label), then the job. Twin
 * pointers move as twins are added: jobs keep twin indices until the end. */
static int add_run(struct session *s, json_t *run, size_t *twin_of, char *err, size_t errlen)
{
	int tool = tool_by_name(text(run, "tool"));
	const char *verdict = text(run, "verdict");
	if (tool < 0 || !*text(run, "file") || !*verdict) {
		(void)snprintf(err, errlen, "a run without a known tool, file or verdict");
		return -1;
	}
	struct twin *w = twin_for(s, text(run, "entry"), text(run, "file"), text(run, "twin"));
	s->jobs = xrealloc(s->jobs, (s->njobs + 1) * sizeof *s->jobs);
	struct job *j = &s->jobs[s->njobs];
	*j = (struct job){ .session = s, .tool = tool,
			   .rep = (int)json_integer_value(json_object_get(run, "run")) };
	twin_of[s->njobs++] = (size_t)(w - s->twins);
	if (strcmp(verdict, "skip") == 0) {
		strv_push(&s->owned, text(run, "why"));
		j->skip = s->owned.v[s->owned.n - 1];
		return 0;
	}
	j->result.passed = strcmp(verdict, "pass") == 0;
	j->result.why = xstrdup(text(run, "why"));
	j->result.seconds = json_real_value(json_object_get(run, "seconds"));
	if (json_object_get(run, "log"))
		j->result.log_path = xstrdup(text(run, "log"));
	if (json_object_get(run, "note"))
		j->result.note = xstrdup(text(run, "note"));
	findings_of(run, &j->result.findings);
	return 0;
}

/* Twins by entry, then the correct twin before the broken; runs by twin,
 * tool and repetition: the order one unsharded run reports in. */
static int label_rank(const char *label)
{
	return strcmp(label, "correct") == 0 ? 0 : strcmp(label, "broken") == 0 ? 1 : 2;
}

static int by_twin(const struct twin *a, const struct twin *b)
{
	int c = strcmp(a->prog.entry, b->prog.entry);
	if (c)
		return c;
	c = label_rank(a->label) - label_rank(b->label);
	return c ? c : strcmp(a->prog.path, b->prog.path);
}

static int twins_in_order(const void *x, const void *y)
{
	return by_twin(x, y);
}

static int by_place(const void *x, const void *y)
{
	const struct job *a = x, *b = y;
	int c = by_twin(a->twin, b->twin);
	if (c)
		return c;
	if (a->tool != b->tool)
		return (int)a->tool - (int)b->tool;
	return a->rep - b->rep;
}

int report_merge_load(const char *const *paths, size_t n, struct session *s, char *err,
		      size_t errlen)
{
	size_t cap = 0, *twin_of = NULL;
	for (size_t f = 0; f < n; f++) {
		json_error_t jerr;
		json_t *doc = json_load_file(paths[f], 0, &jerr);
		json_t *runs = json_object_get(doc, "runs");
		if (!json_is_array(runs)) {
			(void)snprintf(err, errlen, "%s: not a dodont --json report (%s)", paths[f],
				       doc ? "no runs" : jerr.text);
			json_decref(doc);
			free(twin_of);
			return -1;
		}
		size_t i;
		json_t *run;
		json_array_foreach(runs, i, run) {
			if (s->njobs == cap) {
				cap = cap ? 2 * cap : 256;
				twin_of = xrealloc(twin_of, cap * sizeof *twin_of);
			}
			if (add_run(s, run, twin_of, err, errlen) != 0) {
				char why[256];
				(void)snprintf(why, sizeof why, "%s", err);
				(void)snprintf(err, errlen, "%s: %s", paths[f], why);
				json_decref(doc);
				free(twin_of);
				return -1;
			}
		}
		json_decref(doc);
	}
	/* twins in their order, then each job pointed at its twin's new place */
	struct twin *sorted = xcalloc(s->ntwins, sizeof *sorted);
	memcpy(sorted, s->twins, s->ntwins * sizeof *sorted);
	qsort(sorted, s->ntwins, sizeof *sorted, twins_in_order);
	for (size_t i = 0; i < s->njobs; i++)
		for (size_t k = 0; k < s->ntwins; k++)
			if (sorted[k].prog.path == s->twins[twin_of[i]].prog.path &&
			    sorted[k].label == s->twins[twin_of[i]].label)
				s->jobs[i].twin = &sorted[k];
	free(s->twins);
	s->twins = sorted;
	free(twin_of);
	qsort(s->jobs, s->njobs, sizeof *s->jobs, by_place);
	return 0;
}
