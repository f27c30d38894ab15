/* catchers.h: what catches a broken twin, grouped by who reports it.
 *
 * A twin's expect: lines name tools and kinds; a self-check expected under
 * tsan is caught by the program's own check, in the TSan build, not by TSan.
 * `dodont list`, the HTML report and `dodont exercise --check` read the
 * expectations through this grouping. */
#ifndef DODONT_CATCHERS_H
#define DODONT_CATCHERS_H

#include "program.h"
#include "kinds.h"

#include <stdbool.h>
#include <stdio.h>

struct catcher {
	const char *kind;	/* points into the program's expectations */
	enum kind_source source;
	unsigned tools;		/* every tool whose run must report it */
};

/* One catcher per distinct kind (tools merged), in header order. Returns
 * how many; out must hold p->nexpects. */
size_t catchers_of(const struct program *p, struct catcher *out);
/* The tools of every expect: line. */
unsigned catchers_tools(const struct program *p);
/* True when a detector itself reports something the header expects. */
bool caught_by_detector(const struct program *p);
/* The lines `dodont list` prints under an entry: "detectors: ...", and when
 * they apply "its own check: ...", "dodont: ...", "lint: ...", each line
 * starting with indent. */
void catchers_print(FILE *out, const struct program *p, const char *indent);
/* "tsan helgrind drd": the tools in mask, newly allocated. */
char *tools_list(unsigned mask);

#endif
