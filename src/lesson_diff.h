/* lesson_diff.h: `dodont diff NAME`, the lesson as a code-only diff.
 *
 * `diff -u patterns/NAME.c antipatterns/NAME.c` with each file's leading
 * comment (the header, where the expectations live) left out: what remains
 * is the change that breaks the program. */
#ifndef DODONT_LESSON_DIFF_H
#define DODONT_LESSON_DIFF_H

#include "line_diff.h"

#include <stdbool.h>
#include <stdio.h>

/* The code of one twin, as lines numbered as in its file. Exits 2 when the
 * file cannot be read. */
void twin_code_lines(const char *path, struct text_lines *l);
/* Prints the unified diff (3 lines of context) of a and b, named a_name and
 * b_name; colour: red removals, green additions. */
void unified_diff(FILE *out, const struct text_lines *a, const struct text_lines *b,
		  const char *a_name, const char *b_name, bool colour);
/* The command: exit status 0 (2 for an unknown entry). */
int lesson_diff(const char *entry);

#endif
