/* finding.h: one report of one tool, in the project's shared vocabulary.
 *
 * Every tool driver (sanitizer and Valgrind parsers, the watchdog, the lint
 * analyzers) turns its raw output into a list of findings. A finding names a
 * kind (data-race, lock-order, ... or a lint rule id) and every FILE:LINE of
 * the program under test that the report points at. */
#ifndef DODONT_FINDING_H
#define DODONT_FINDING_H

#include <stddef.h>

struct location {
	char *file;		/* the name the user gave, or as the tool printed it */
	int line;
	int col;		/* 0 when the tool gave none */
	char *role;		/* what happens here ("read", "write", "lock", ...) or NULL */
};

/* What a parser learnt about a report beyond its kind and places, for the
 * verdict to weigh it with what each tool is known to get wrong. */
enum finding_trait {
	TRAIT_OTHER_SIDE = 1u << 0,	/* locs past the first are another thread's */
	TRAIT_TRYLOCK_EDGE = 1u << 1,	/* a lock-order edge taken by a trylock */
	TRAIT_IN_ONCE = 1u << 2,	/* an access inside pthread_once/call_once */
	TRAIT_RUNTIME_CRASH = 1u << 3,	/* the tool's own runtime died */
	TRAIT_GATED = 1u << 4,		/* a lock cycle under one common lock */
	TRAIT_IN_LIBRARY = 1u << 5,	/* the reported access is in a library, not the user's code */
	TRAIT_DESTROY_AFTER_UNLOCK = 1u << 6,	/* Helgrind's destroy wrapper vs glibc's unlock */
	TRAIT_STILL_BUSY = 1u << 7,	/* out of time while still using CPU */
};

/* How much a finding weighs (the README's table says which kind is which):
 * an error was observed, or a static rule is precise enough to be sure;
 * a warning is advice or a heuristic; a note says a tool could not run or
 * could not be read. Only errors fail a command, unless --strict. */
enum severity { SEVERITY_ERROR, SEVERITY_WARNING, SEVERITY_NOTE };

struct finding {
	enum severity severity;	/* SEVERITY_ERROR unless set */
	char *kind;		/* vocabulary kind or lint rule id */
	char *message;		/* one line, the tool's own words */
	struct location *locs;	/* program locations the report names */
	size_t nlocs;
	unsigned traits;	/* enum finding_trait bits */
};

struct finding_list {
	struct finding *items;
	size_t len, cap;
};

/* Appends a finding; kind and message are copied. Returns it, or NULL when out
 * of memory. */
struct finding *finding_add(struct finding_list *list, const char *kind,
			    const char *message);
/* Appends a location to a finding (copied); ignores exact duplicates.
 * Returns 0, or -1 when out of memory. */
int finding_add_loc(struct finding *f, const char *file, int line, int col);
/* The same, saying what happens there (copied; NULL for nothing). */
int finding_add_place(struct finding *f, const char *file, int line, int col,
		      const char *role);
/* Removes and frees the last finding. */
void finding_list_pop(struct finding_list *list);
void finding_list_free(struct finding_list *list);

#endif
