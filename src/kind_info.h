/* kind_info.h: who reports each kind, its short code and its plain words.
 *
 * A kind seen in a tool's run is not always that tool's report. TSan reports
 * a data race; but when a broken twin's own invariant check fails under the
 * TSan build, the kind is self-check, and what caught the bug is the program,
 * not TSan. A hang under the TSan build is dodont's watchdog at work. The
 * list, the matrix, the HTML report and the exercise checker all say which. */
#ifndef DODONT_KIND_INFO_H
#define DODONT_KIND_INFO_H

#include "tools.h"

enum kind_source {
	SOURCE_DETECTOR,	/* the tool itself reported it (TSan, Valgrind...) */
	SOURCE_OWN_CHECK,	/* the program's own check failed (self-check) */
	SOURCE_DODONT,		/* dodont's watchdog, caps, faults or process census */
	SOURCE_LINT,		/* a static analyzer's rule */
};

struct kind_info {
	const char *kind;	/* the vocabulary kind, as in an expect: line */
	const char *code;	/* at most 10 characters, for the matrix */
	enum kind_source source;
	const char *words;	/* what it means, for a student */
};

/* The run-time kind's row, or NULL (a lint rule id, or an unknown word). */
const struct kind_info *kind_info_of(const char *kind);
/* Who reported kind in tool t's run: lint ids are SOURCE_LINT. */
enum kind_source kind_source_of(const char *kind, enum tool t);
/* "found by the column's detector", ...: one phrase per source. */
const char *kind_source_words(enum kind_source source);

#endif
