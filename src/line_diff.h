/* line_diff.h: which lines two texts share, and which changed.
 *
 * A longest-common-subsequence diff over whole lines: small twins (a few
 * hundred lines) make the quadratic table cheap, and the result is the
 * shortest edit, as `diff` prints it. */
#ifndef DODONT_LINE_DIFF_H
#define DODONT_LINE_DIFF_H

#include <stddef.h>

/* A text cut into lines; line k (0-based) is line first + k of its file. */
struct text_lines {
	char **v;
	size_t n;
	int first;
};

enum diff_op { DIFF_SAME, DIFF_DEL, DIFF_ADD };

/* One step of the edit: a line of a kept (SAME), of a only (DEL), or of b
 * only (ADD); the index of the other side is -1. */
struct diff_step {
	enum diff_op op;
	long a, b;
};

/* Cuts text (copied) into lines; the first is file line `first`. */
void text_lines_split(const char *text, int first, struct text_lines *l);
void text_lines_free(struct text_lines *l);
/* The steps from a to b, deletions before additions in each change.
 * Returns how many; *steps is newly allocated. */
size_t line_diff(const struct text_lines *a, const struct text_lines *b,
		 struct diff_step **steps);

#endif
