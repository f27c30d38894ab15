/* matrix.h: the entries x tools matrix as text, with its legend. */
#ifndef DODONT_MATRIX_H
#define DODONT_MATRIX_H

#include "session.h"

#include <stdio.h>

/* Twins down, tools across; each column as wide as its longest cell (never
 * cut), then a legend of every code and skip used. */
void matrix_print(FILE *out, const struct session *s);

#endif
