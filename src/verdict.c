/* verdict.c: one finding per bug, weighed (see verdict.h). */
#include "verdict.h"

#include "gate_locks.h"
#include "kinds.h"
#include "tool_knowledge.h"
#include "util.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define BIT(t) (1u << (t))

/* Two findings are one bug when they are of one kind and share a place (a
 * race TSan names at its two accesses and Helgrind in the other order), or
 * when neither has a place. */
static bool same_bug(const struct finding *a, const struct finding *b)
{
	if (strcmp(a->kind, b->kind) != 0)
		return false;
	if (!a->nlocs || !b->nlocs)
		return !a->nlocs && !b->nlocs;
	for (size_t i = 0; i < a->nlocs; i++)
		for (size_t j = 0; j < b->nlocs; j++)
			if (a->locs[i].line == b->locs[j].line &&
			    strcmp(a->locs[i].file, b->locs[j].file) == 0)
				return true;
	return false;
}

static void merge_into(struct verdict_item *it, const struct finding *f, enum tool t,
		       const char *log)
{
	struct finding *m = &it->finding;
	for (size_t i = 0; i < f->nlocs; i++) {
		bool known = false;	/* one place per line, whatever the column */
		for (size_t k = 0; k < m->nlocs && !known; k++)
			known = m->locs[k].line == f->locs[i].line &&
				strcmp(m->locs[k].file, f->locs[i].file) == 0;
		if (!known && finding_add_place(m, f->locs[i].file, f->locs[i].line,
						f->locs[i].col, f->locs[i].role) != 0)
			fatal("out of memory");
	}
	m->traits |= f->traits;
	if (f->severity > m->severity)
		m->severity = f->severity;
	it->tools |= BIT(t);
	bool known = false;
	for (size_t i = 0; i < it->logs.n && !known; i++)
		known = strcmp(it->logs.v[i], log) == 0;
	if (!known && log)
		strv_push(&it->logs, log);
}

static void collect(struct verdict *v, const struct finding *f, enum tool t, const char *log)
{
	for (size_t i = 0; i < v->len; i++)
		if (same_bug(&v->items[i].finding, f)) {
			merge_into(&v->items[i], f, t, log);
			return;
		}
	v->items = xrealloc(v->items, (v->len + 1) * sizeof *v->items);
	struct verdict_item *it = &v->items[v->len++];
	*it = (struct verdict_item){ .finding = { .kind = xstrdup(f->kind),
						  .message = xstrdup(f->message),
						  .severity = f->severity } };
	merge_into(it, f, t, log);
}

/* What a role's access is called on the other side: "written", "read". */
static const char *done(const char *role)
{
	if (!role)
		return "accessed";
	if (strstr(role, "write"))
		return strstr(role, "atomic") ? "written atomically" : "written";
	if (strstr(role, "read"))
		return strstr(role, "atomic") ? "read atomically" : "read";
	if (strcmp(role, "lock") == 0 || strcmp(role, "held") == 0)
		return "locked";
	return role;
}

/* A place as the message names it: the file's base name when it is the
 * file of the finding's own line. */
static const char *short_file(const struct finding *f, const struct location *l)
{
	return strcmp(l->file, f->locs[0].file) == 0 ? base_name(l->file) : l->file;
}

/* dodont's words for the finding: its kind, what happens at its first
 * place, and where the other side is. */
static char *compose(const struct finding *f)
{
	const struct kind *k = kind_find(f->kind);
	char *s = NULL;
	const struct location *here = f->nlocs ? &f->locs[0] : NULL;
	if (strcmp(f->kind, "data-race") == 0) {
		xappendf(&s, "data race");
		if (here && here->role)
			xappendf(&s, ": %s here", here->role);
		for (size_t i = 1; i < f->nlocs && i < 4; i++)
			xappendf(&s, "; %s at %s:%d by another thread", done(f->locs[i].role),
				short_file(f, &f->locs[i]), f->locs[i].line);
		if (f->nlocs == 1 && (f->traits & TRAIT_OTHER_SIDE))
			xappendf(&s, ", by two threads at once");
	} else if (strcmp(f->kind, "lock-order") == 0) {
		xappendf(&s, "lock order inversion (potential deadlock): a lock is taken here "
			"while another is held");
		for (size_t i = 1; i < f->nlocs && i < 4; i++)
			if (f->locs[i].line != here->line || strcmp(f->locs[i].file, here->file))
				xappendf(&s, "; also %s at %s:%d", done(f->locs[i].role),
					short_file(f, &f->locs[i]), f->locs[i].line);
	} else if (strcmp(f->kind, "hang") == 0 && (f->traits & TRAIT_STILL_BUSY)) {
		xappendf(&s, "hang: still running, and using CPU, when its time ran out (an endless "
			"loop, a livelock, or a program that needs a longer --timeout)");
		if (here)
			xappendf(&s, ": a thread is here");
		for (size_t i = 1; i < f->nlocs && i < 4; i++)
			xappendf(&s, "; another at %s:%d", short_file(f, &f->locs[i]),
				f->locs[i].line);
	} else if (strcmp(f->kind, "hang") == 0 && here) {
		xappendf(&s, "hang: a thread is blocked here");
		for (size_t i = 1; i < f->nlocs && i < 4; i++)
			xappendf(&s, "; another at %s:%d", short_file(f, &f->locs[i]),
				f->locs[i].line);
	} else if (k && strcmp(f->kind, "self-check") != 0 && strcmp(f->kind, "crash") != 0 &&
		   strcmp(f->kind, "tool-error") != 0) {
		xappendf(&s, "%s", k->what);
		for (size_t i = 1; i < f->nlocs && i < 3; i++)
			xappendf(&s, "; see also %s:%d", short_file(f, &f->locs[i]),
				f->locs[i].line);
	} else {
		xappendf(&s, "%s", f->message);
	}
	return s;
}

/* The detectors able to see a kind, for saying where they disagree. */
static unsigned able_to_see(const char *kind)
{
	if (strcmp(kind, "data-race") == 0)
		return BIT(TOOL_TSAN) | BIT(TOOL_HELGRIND) | BIT(TOOL_DRD);
	if (strcmp(kind, "lock-order") == 0)
		return BIT(TOOL_TSAN) | BIT(TOOL_HELGRIND);
	return 0;
}

static void tool_list(char **s, unsigned tools)
{
	bool first = true;
	for (int t = 0; t < TOOL_COUNT; t++)
		if (tools & BIT(t)) {
			xappendf(s, "%s%s", first ? "" : ", ", tool_info(t)->name);
			first = false;
		}
}

/* The tools that ran on w and read cleanly (did not die in their own runtime). */
static unsigned tools_that_ran(const struct session *s, const struct twin *w)
{
	unsigned ran = 0, died = 0;
	for (size_t i = 0; i < s->njobs; i++) {
		const struct job *j = &s->jobs[i];
		if (j->twin != w || j->skip)
			continue;
		ran |= BIT(j->tool);
		for (size_t k = 0; k < j->result.findings.len; k++)
			if (j->result.findings.items[k].traits & TRAIT_RUNTIME_CRASH)
				died |= BIT(j->tool);
	}
	return ran & ~died;
}

/* Whether the program ran to its end natively: then a crash seen only
 * under a tool is the tool's own runtime dying, not the program. */
static bool runs_natively(const struct session *s, const struct twin *w)
{
	bool ran = false;
	for (size_t i = 0; i < s->njobs; i++) {
		const struct job *j = &s->jobs[i];
		if (j->twin != w || j->skip || j->tool != TOOL_WATCHDOG)
			continue;
		for (size_t k = 0; k < j->result.findings.len; k++)
			if (strcmp(j->result.findings.items[k].kind, "crash") == 0)
				return false;
		ran = true;
	}
	return ran;
}

static void weigh(struct verdict_item *it, unsigned ran, unsigned traits, bool native_ok,
		  const struct finding_list *cycles)
{
	struct finding *f = &it->finding;
	if (strcmp(f->kind, "lock-order") == 0 && gate_locks_cover(cycles, f))
		f->traits |= TRAIT_GATED;
	const struct kind *k = kind_find(f->kind);
	if (k && k->severity > f->severity)
		f->severity = k->severity;
	const struct blind_spot *b = blind_spot_for(f, it->tools, traits, ran);
	if (b) {
		f->severity = SEVERITY_NOTE;
		it->because = xstrdup(b->why);
	} else if ((strcmp(f->kind, "crash") == 0 || (f->traits & TRAIT_RUNTIME_CRASH)) &&
		   native_ok && !(it->tools & BIT(TOOL_WATCHDOG))) {
		f->severity = SEVERITY_NOTE;
		free(f->kind);
		f->kind = xstrdup("tool-error");
		free(f->message);
		f->message = xstrdup("the tool died while running the program, which runs to "
				     "its end natively: this says nothing about the program");
	}
	unsigned missed = able_to_see(f->kind) & ran & ~it->tools;
	if (f->severity == SEVERITY_ERROR && missed) {
		char *s = NULL;
		tool_list(&s, missed);
		it->because = xasprintf("not seen by %s", s);
		free(s);
	}
	it->message = compose(f);
}

/* A tool the program's header says not to judge: a note, never silence. */
static void skipped(struct verdict *v, const struct job *j)
{
	v->items = xrealloc(v->items, (v->len + 1) * sizeof *v->items);
	struct verdict_item *it = &v->items[v->len++];
	*it = (struct verdict_item){
		.finding = { .kind = xstrdup("skip"), .message = xstrdup(j->skip),
			     .severity = SEVERITY_NOTE },
		.tools = BIT(j->tool),
		.message = xasprintf("%s not judged: %s", tool_info(j->tool)->name, j->skip) };
	if (finding_add_loc(&it->finding, j->twin->prog.path, 0, 0) != 0)
		fatal("out of memory");
}

void verdict_make(const struct session *s, const struct twin *w, struct verdict *v)
{
	*v = (struct verdict){ 0 };
	for (size_t i = 0; i < s->njobs; i++) {
		const struct job *j = &s->jobs[i];
		if (j->twin == w && j->skip && j->rep == 1)
			skipped(v, j);
		if (j->twin != w || j->skip)
			continue;
		v->suppressed = j->result.suppressed > INT_MAX - v->suppressed
					? INT_MAX : v->suppressed + j->result.suppressed;
		for (size_t k = 0; k < j->result.findings.len; k++)
			collect(v, &j->result.findings.items[k], j->tool, j->result.log_path);
	}
	struct finding_list cycles = { 0 };	/* borrowed: not freed item by item */
	for (size_t i = 0; i < s->njobs; i++) {
		const struct job *j = &s->jobs[i];
		for (size_t k = 0; j->twin == w && !j->skip && k < j->result.facts.len; k++) {
			cycles.items = xrealloc(cycles.items, (cycles.len + 1) * sizeof *cycles.items);
			cycles.items[cycles.len++] = j->result.facts.items[k];
		}
	}
	unsigned traits = program_traits(&w->user);
	unsigned ran = tools_that_ran(s, w);
	bool native_ok = runs_natively(s, w);
	for (size_t i = 0; i < v->len; i++) {
		if (!v->items[i].message)
			weigh(&v->items[i], ran, traits, native_ok, &cycles);
		switch (v->items[i].finding.severity) {
		case SEVERITY_ERROR: v->errors++; break;
		case SEVERITY_WARNING: v->warnings++; break;
		default: v->notes++; break;
		}
	}
	free(cycles.items);
}

void verdict_free(struct verdict *v)
{
	for (size_t i = 0; i < v->len; i++) {
		struct verdict_item *it = &v->items[i];
		struct finding_list one = { .items = &it->finding, .len = 1, .cap = 1 };
		finding_list_pop(&one);
		free(it->message);
		free(it->because);
		strv_free(&it->logs);
	}
	free(v->items);
	*v = (struct verdict){ 0 };
}

static const char *severity_word(enum severity s)
{
	return s == SEVERITY_ERROR ? "error" : s == SEVERITY_WARNING ? "warning" : "note";
}

static int by_place(const void *a, const void *b)
{
	const struct verdict_item *x = *(const struct verdict_item *const *)a;
	const struct verdict_item *y = *(const struct verdict_item *const *)b;
	if (x->finding.severity != y->finding.severity)
		return (int)x->finding.severity - (int)y->finding.severity;
	const struct location *lx = x->finding.nlocs ? &x->finding.locs[0] : NULL;
	const struct location *ly = y->finding.nlocs ? &y->finding.locs[0] : NULL;
	if (!lx || !ly)
		return !lx - !ly;
	int c = strcmp(lx->file, ly->file);
	return c ? c : lx->line - ly->line;
}

void verdict_print(FILE *out, const struct verdict *v)
{
	const struct verdict_item **order = xcalloc(v->len, sizeof *order);
	for (size_t i = 0; i < v->len; i++)
		order[i] = &v->items[i];
	qsort(order, v->len, sizeof *order, by_place);
	for (size_t i = 0; i < v->len; i++) {
		const struct verdict_item *it = order[i];
		const struct finding *f = &it->finding;
		char *tools = NULL;
		tool_list(&tools, it->tools);
		if (f->nlocs && f->locs[0].line)
			fprintf(out, "%s:%d: ", f->locs[0].file, f->locs[0].line);
		else if (f->nlocs)
			fprintf(out, "%s: ", f->locs[0].file);
		fprintf(out, "%s: %s (%s", severity_word(f->severity), it->message, tools);
		if (it->because)
			fprintf(out, "; %s", it->because);
		/* a note is about a tool, not the program: its raw log says more */
		if (f->severity == SEVERITY_NOTE && it->logs.n && strcmp(f->kind, "skip") != 0)
			fprintf(out, "; log: %s", it->logs.v[0]);
		fprintf(out, ") [%s]\n", f->kind);
		free(tools);
	}
	free(order);
	fprintf(out, "%zu error%s, %zu warning%s", v->errors, v->errors == 1 ? "" : "s",
		v->warnings, v->warnings == 1 ? "" : "s");
	if (v->notes)
		fprintf(out, ", %zu note%s", v->notes, v->notes == 1 ? "" : "s");
	if (v->suppressed)
		fprintf(out, " (%d suppressed)", v->suppressed);
	fputc('\n', out);
}
