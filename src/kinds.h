/* kinds.h: the one vocabulary of report kinds, shared by every tool.
 *
 * A student learns the concept, not one tool's phrasing: TSan's "data race",
 * Helgrind's "Possible data race" and DRD's "Conflicting load" are all a
 * data-race. The table says what each kind is, how much it weighs in
 * `dodont verify` and why, and whether a program's header may expect it.
 * README.md's table of kinds is this table (a unit test compares them). */
#ifndef DODONT_KINDS_H
#define DODONT_KINDS_H

#include "finding.h"
#include "tools.h"

#include <stdbool.h>
#include <stddef.h>

/* Who reports a kind. A kind seen in a tool's run is not always that
 * tool's report: when a broken twin's own invariant check fails under the
 * TSan build, the kind is self-check, and what caught the bug is the
 * program, not TSan; a hang under the TSan build is dodont's watchdog at
 * work. list, the matrix, the HTML report and the exercise checker say
 * which. */
enum kind_source {
	SOURCE_DETECTOR,	/* the tool itself reported it (TSan, Valgrind...) */
	SOURCE_OWN_CHECK,	/* the program's own check failed (self-check) */
	SOURCE_DODONT,		/* dodont's watchdog, caps or faults, or its census */
	SOURCE_LINT,		/* a static analyzer's rule */
};

struct kind {
	const char *name;
	enum severity severity;	/* in verify, when a tool reports it */
	bool expectable;	/* a header may name it in `expect:` */
	const char *what;	/* one line: what was seen */
	const char *why;	/* why this severity */
	const char *code;	/* at most 10 characters, for the matrix */
	enum kind_source source;
	const char *words;	/* what it means, for a student */
};

/* The whole table; *n receives its length. */
const struct kind *kinds(size_t *n);
/* The kind named, or NULL (a lint rule id, or an unknown word). */
const struct kind *kind_find(const char *name);
/* Who reported kind in tool t's run: lint ids are SOURCE_LINT. */
enum kind_source kind_source_of(const char *kind, enum tool t);
/* "found by the column's tool itself", ...: one phrase per source. */
const char *kind_source_words(enum kind_source source);

#endif
