/* tool_knowledge.h: what each tool is known to get wrong, as data.
 *
 * Measured on this project's machine (TOOL-NOTES.md) and well known to the
 * tools' users: Helgrind and DRD do not model C11 atomics, nor the order
 * pthread_once creates; a lock-order edge taken by a trylock cannot block; a
 * lock cycle whose every edge is taken while one common lock is held cannot
 * deadlock. The verdict weighs each finding with these rows: a finding a row
 * explains is kept, as a note that says why, never dropped in silence. */
#ifndef DODONT_TOOL_KNOWLEDGE_H
#define DODONT_TOOL_KNOWLEDGE_H

#include "finding.h"
#include "user_code.h"

#include <stdbool.h>

/* What the user's sources use, as far as the tools' blind spots go. */
enum program_trait {
	USES_ATOMICS = 1u << 0,	/* <stdatomic.h>, _Atomic, __atomic_/__sync_ builtins */
	USES_ONCE = 1u << 1,	/* pthread_once, call_once */
	USES_CANCEL_CLEANUP = 1u << 2,	/* pthread_cancel and cleanup handlers */
	USES_SIGNAL_HANDLERS = 1u << 3,	/* sigaction() or signal() */
};

/* Reads the user's sources once for their traits. */
unsigned program_traits(const struct user_code *u);

struct blind_spot {
	unsigned tools;		/* the tools it applies to (bit per enum tool) */
	const char *kind;
	unsigned program_traits;	/* applies when the program has one of these */
	/* (a row with no trait and no trylock_line applies to every such finding) */
	unsigned finding_traits;	/* ... or the finding has one of these */
	unsigned needs_ran;	/* ... and these tools ran: the note says what they saw */
	bool trylock_line;	/* ... or a "lock" place's line calls a trylock */
	bool tool_bug;		/* the finding's own signature is the tool's known bug:
				 * wrong whatever the other tools saw, so dodont run
				 * does not hold it against a program either */
	const char *why;	/* said in the note */
};

/* The row that explains finding f, reported by `tools`, in a program with
 * `traits`, when the tools in `ran` ran; NULL when none does. A row explains
 * a finding only when every tool that reported it is one of the row's: a
 * report another tool confirms (TSan, which models atomics, pthread_once and
 * the C library; the native run, which is not slowed down) stands. */
const struct blind_spot *blind_spot_for(const struct finding *f, unsigned tools,
					unsigned traits, unsigned ran);

#endif
