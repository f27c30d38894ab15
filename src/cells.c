/* cells.c: what one cell of the entries x tools matrix says. */
#include "cells.h"

#include "util.h"

#include <stdlib.h>
#include <string.h>

void cell_of(const struct session *s, const struct twin *w, enum tool t,
	     struct cell *c)
{
	*c = (struct cell){ .state = CELL_NONE };
	size_t i = 0;
	while (i < s->njobs && !(s->jobs[i].twin == w && s->jobs[i].tool == t))
		i++;
	/* the jobs of one twin and tool are consecutive */
	for (; i < s->njobs && s->jobs[i].twin == w && s->jobs[i].tool == t; i++) {
		const struct job *j = &s->jobs[i];
		if (!c->witness || (c->witness->result.passed && !j->result.passed))
			c->witness = j;
		c->runs++;
		c->passed += j->result.passed;
	}
	if (!c->witness)
		return;
	if (c->witness->skip) {
		c->state = CELL_SKIP;
		c->skip = c->witness->skip;
		return;
	}
	if (c->passed != c->runs) {
		c->state = CELL_FAIL;
		return;
	}
	/* a pass with expectations for t means they were met */
	c->kinds = xcalloc(w->prog.nexpects, sizeof *c->kinds);
	for (size_t k = 0; k < w->prog.nexpects; k++) {
		const struct expectation *e = &w->prog.expects[k];
		bool seen = false;
		for (size_t m = 0; m < c->nkinds && !seen; m++)
			seen = strcmp(c->kinds[m], e->kind) == 0;
		if ((e->tools & (1u << t)) && !seen)
			c->kinds[c->nkinds++] = e->kind;
	}
	c->state = c->nkinds ? CELL_CAUGHT : CELL_CLEAN;
}

void cell_free(struct cell *c)
{
	free(c->kinds);
	c->kinds = NULL;
}

/* The 1-based place of s in list, added at the end when missing. */
static size_t place_of(char ***list, size_t *n, const char *s)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*list)[i], s) == 0)
			return i + 1;
	*list = xrealloc(*list, (*n + 1) * sizeof **list);
	(*list)[(*n)++] = xstrdup(s);
	return *n;
}

char *kind_code(const char *kind, enum tool t, struct legend *lg)
{
	const struct kind *k = t == TOOL_LINT ? NULL : kind_find(kind);
	if (!k)
		return xasprintf("L%zu", place_of(&lg->lint, &lg->nlint, kind));
	size_t i = 0;
	while (i < lg->nkinds && lg->kinds[i] != k)
		i++;
	if (i == lg->nkinds) {
		lg->kinds = xrealloc(lg->kinds, (lg->nkinds + 1) * sizeof *lg->kinds);
		lg->kinds[lg->nkinds++] = k;
	}
	return xstrdup(k->code);
}

char *cell_text(const struct cell *c, const struct twin *w, enum tool t,
		struct legend *lg)
{
	switch (c->state) {
	case CELL_NONE:
		return xstrdup("-");
	case CELL_FAIL:
		return xstrdup("FAIL");
	case CELL_CLEAN:
		return xstrdup("clean");
	case CELL_SKIP: {
		/* one note per twin and reason: it may cover several columns */
		char *note = xasprintf("%s %s: %s", w->prog.entry, w->label, c->skip);
		char *text = xasprintf("skip(%zu)", place_of(&lg->skips, &lg->nskips, note));
		free(note);
		return text;
	}
	case CELL_CAUGHT:
		break;
	}
	char *text = xstrdup("");
	for (size_t i = 0; i < c->nkinds; i++) {
		char *code = kind_code(c->kinds[i], t, lg);
		char *longer = xasprintf("%s%s%s", text, i ? "+" : "", code);
		free(code);
		free(text);
		text = longer;
	}
	return text;
}

void legend_free(struct legend *lg)
{
	for (size_t i = 0; i < lg->nlint; i++)
		free(lg->lint[i]);
	for (size_t i = 0; i < lg->nskips; i++)
		free(lg->skips[i]);
	free(lg->kinds);
	free(lg->lint);
	free(lg->skips);
	*lg = (struct legend){ 0 };
}
