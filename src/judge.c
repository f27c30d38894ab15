/* judge.c: a run's findings against the program's header (see judge.h). */
#include "judge.h"

#include "tool_knowledge.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Tags mark lines of the program's own file (its first source). */
static bool at_line(const struct program *p, const struct finding *f, int line)
{
	for (size_t i = 0; i < f->nlocs; i++)
		if (f->locs[i].line == line && strcmp(f->locs[i].file, p->path) == 0)
			return true;
	return false;
}

static bool accounts_for(const struct program *p, const struct expectation *e,
			 const struct finding *f)
{
	if (strcmp(e->kind, f->kind) != 0)
		return false;
	if (e->ntags == 0)
		return true;
	for (size_t i = 0; i < e->ntags; i++)
		if (at_line(p, f, e->lines[i]))
			return true;
	return false;
}

/* A broken twin's own exit under a detector is not the detector's finding:
 * only what the tool itself reports is judged there. */
static bool tolerated(const struct program *p, enum tool t, const struct finding *f)
{
	/* about a library's own state (a glibc lock held long at exit), with no
	 * place in the program: nothing the program can fix */
	if ((f->traits & TRAIT_IN_LIBRARY) && f->nlocs == 0)
		return true;
	/* a tool's known bug, told by the report's own signature */
	const struct blind_spot *b = blind_spot_for(f, 1u << t, 0, ~0u);	/* the signature alone */
	if (b && b->tool_bug)
		return true;
	bool detector = tool_info(t)->detector;
	return program_expects_findings(p) && detector &&
	       (strcmp(f->kind, "self-check") == 0 || strcmp(f->kind, "crash") == 0);
}

/* Between two reasons a run failed. */
static const char *sep(const char *so_far)
{
	return so_far ? "; " : "";
}

void judge(const struct program *p, enum tool t, struct run_result *r)
{
	const struct finding_list *l = &r->findings;
	char *fail = NULL;
	for (size_t i = 0; i < p->nexpects; i++) {
		const struct expectation *e = &p->expects[i];
		if (!(e->tools & (1u << t)))
			continue;
		if (e->ntags == 0) {
			bool seen = false;
			for (size_t k = 0; k < l->len; k++)
				seen |= strcmp(l->items[k].kind, e->kind) == 0;
			if (!seen)
				xappendf(&fail, "%sexpected %s, not reported", sep(fail), e->kind);
			continue;
		}
		for (size_t j = 0; j < e->ntags; j++) {
			bool seen = false;
			for (size_t k = 0; k < l->len; k++)
				seen |= strcmp(l->items[k].kind, e->kind) == 0 &&
					at_line(p, &l->items[k], e->lines[j]);
			if (!seen)
				xappendf(&fail, "%sexpected %s at @%s (line %d), not reported there",
					 sep(fail), e->kind, e->tags[j], e->lines[j]);
		}
	}
	for (size_t k = 0; k < l->len; k++) {
		const struct finding *f = &l->items[k];
		bool ok = tolerated(p, t, f);
		for (size_t i = 0; i < p->nexpects && !ok; i++)
			ok = (p->expects[i].tools & (1u << t)) && accounts_for(p, &p->expects[i], f);
		if (ok)
			continue;
		int line = f->nlocs ? f->locs[0].line : 0;
		if (line)
			xappendf(&fail, "%sunexpected %s at line %d: %s", sep(fail), f->kind, line,
				 f->message);
		else
			xappendf(&fail, "%sunexpected %s: %s", sep(fail), f->kind, f->message);
	}
	r->passed = fail == NULL;
	free(r->why);
	r->why = fail ? fail : findings_summary(l);
}

char *findings_summary(const struct finding_list *l)
{
	if (l->len == 0)
		return xstrdup("clean");
	char *s = NULL;
	for (size_t i = 0; i < l->len; i++) {
		const struct finding *f = &l->items[i];
		/* one entry per kind and first line: Valgrind repeats itself */
		bool dup = false;
		for (size_t j = 0; j < i && !dup; j++)
			dup = strcmp(l->items[j].kind, f->kind) == 0 &&
			      (l->items[j].nlocs ? l->items[j].locs[0].line : 0) ==
				      (f->nlocs ? f->locs[0].line : 0);
		if (dup)
			continue;
		char *piece = f->nlocs ? xasprintf("%s at line %d", f->kind, f->locs[0].line)
				       : xstrdup(f->kind);
		char *joined = xasprintf("%s%s%s", s ? s : "", s ? ", " : "", piece);
		free(piece);
		free(s);
		s = joined;
	}
	return s;
}
