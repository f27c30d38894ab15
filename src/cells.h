/* cells.h: what one cell of the entries x tools matrix says.
 *
 * A cell is one twin under one tool, its repetitions folded: not run, a
 * declared skip, a failure, clean, or caught with the kinds its header
 * expected there. Its text is a short code; a legend collects what each code
 * used means, so that the text matrix and the HTML report never cut a name. */
#ifndef DODONT_CELLS_H
#define DODONT_CELLS_H

#include "kinds.h"
#include "session.h"

enum cell_state { CELL_NONE, CELL_SKIP, CELL_FAIL, CELL_CLEAN, CELL_CAUGHT };

struct cell {
	enum cell_state state;
	const char *skip;		/* CELL_SKIP: the header's reason */
	const struct job *witness;	/* the first failing run, else the first */
	size_t runs, passed;
	const char **kinds;		/* CELL_CAUGHT: each expected kind once */
	size_t nkinds;
};

/* The codes and skip reasons a matrix used, in order of first use. */
struct legend {
	const struct kind **kinds;
	size_t nkinds;
	char **lint;		/* rule ids: code "L<n>" is lint[n - 1] */
	size_t nlint;
	char **skips;		/* "ENTRY TWIN: REASON": "skip(<n>)" */
	size_t nskips;
};

void cell_of(const struct session *s, const struct twin *w, enum tool t,
	     struct cell *c);
void cell_free(struct cell *c);
/* "race", "own-check+hang", "skip(2)", "clean", "FAIL", "-": the cell's
 * text, newly allocated; every code it uses is added to lg. */
char *cell_text(const struct cell *c, const struct twin *w, enum tool t,
		struct legend *lg);
/* The code of one kind in tool t's column ("race", "own-check", "L3"). */
char *kind_code(const char *kind, enum tool t, struct legend *lg);
void legend_free(struct legend *lg);

#endif
