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

#include <stdbool.h>
#include <stddef.h>

struct kind {
	const char *name;
	enum severity severity;	/* in verify, when a tool reports it */
	bool expectable;	/* a header may name it in `expect:` */
	const char *what;	/* one line: what was seen */
	const char *why;	/* why this severity */
};

/* The whole table; *n receives its length. */
const struct kind *kinds(size_t *n);
/* The kind named, or NULL. */
const struct kind *kind_find(const char *name);

#endif
