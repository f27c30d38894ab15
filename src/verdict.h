/* verdict.h: what `verify` says of a program: one finding per bug.
 *
 * Every run of every tool on the program is read together: the same kind at
 * the same place, reported by several tools (or several runs), is one
 * finding that names every tool that saw it. Each is weighed: its kind's
 * severity (kinds.h), lowered to a note where a row of tool_knowledge.h
 * explains it, and where the detectors that can see such a bug disagree,
 * the finding says which did not see it. */
#ifndef DODONT_VERDICT_H
#define DODONT_VERDICT_H

#include "session.h"

#include <stdbool.h>
#include <stdio.h>

struct verdict_item {
	struct finding finding;	/* merged: every place, the weakest severity */
	unsigned tools;		/* bit per tool that reported it */
	char *message;		/* dodont's words, with the other side */
	char *because;		/* why it was weighed down, or where tools disagree */
	struct strv logs;	/* the raw logs that hold it */
};

struct verdict {
	struct verdict_item *items;
	size_t len;
	size_t errors, warnings, notes;
	int suppressed;		/* reports the user's suppressions silenced */
};

/* Weighs every run of twin w in session s. */
void verdict_make(const struct session *s, const struct twin *w, struct verdict *v);
void verdict_free(struct verdict *v);
/* Prints each item as FILE:LINE: SEVERITY: MESSAGE (TOOLS) [KIND], then the
 * counts: "2 errors, 5 warnings, 1 note". */
void verdict_print(FILE *out, const struct verdict *v);

#endif
